// The site checked the way a reader meets it, in a real (headless) Chromium: every page loads
// without a console error, every scenario that ran shows its timeline with what its run
// measured (the marks and signals of results.json, as drawn), two scenarios show what the
// protocol says they must (the timeout's SIGINT about 1 s after the test's start; a step pod's
// deletion with the kubelet's SIGTERMs and the termination grace mark), the pages reflow at 200%
// zoom, and the keyboard reaches the content. Screenshots of those two timelines for the README.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Column } from '../reports/matrix.js';
import type { Timing } from '../timing.js';
import { Browser, type BrowserPage } from './browser.js';
import { anchor } from './site.js';

export const TIMEOUT_SCENARIO = 'entrypoint/timeout.feature: A test still running at the timeout gets SIGINT and may exit within the grace period';
export const DELETION_SCENARIO = 'pod/step-pod-deletion.feature: A step that traps the interrupt gets its artifacts uploaded and the job reported aborted (a local directory)';

export interface CheckOptions {
  chromium: string;
  timing: Timing;
  /** Where the screenshots go (none: not taken). */
  screenshotsDir?: string;
}

export interface SiteCheck {
  problems: string[];
  pages: number;
  timelines: number;
  screenshots: string[];
}

/** What a drawn timeline shows, read back from the page. */
interface DrawnTimeline {
  scenario: string;
  profile: string;
  title: string;
  label: string;
  caption: string;
  marks: { kind: string; atMs: number }[];
  signals: { signal: string; from: string | null; lane: string; atMs: number }[];
  events: { kind: string; lane: string; atMs: number }[];
}

const READ_TIMELINES = `[...document.querySelectorAll('figure.timeline')].map((f) => {
  const svg = f.querySelector('svg');
  const at = (e) => Number(e.getAttribute('data-at-ms'));
  return {
    scenario: f.closest('article[id]')?.id ?? '',
    profile: f.getAttribute('data-profile'),
    title: svg?.querySelector(':scope > title')?.textContent ?? '',
    label: (svg?.getAttribute('role') === 'img' ? svg.getAttribute('aria-label') : '') ?? '',
    caption: f.querySelector('figcaption')?.textContent ?? '',
    marks: [...f.querySelectorAll('g.mark')].map((g) => ({ kind: g.getAttribute('data-kind'), atMs: at(g) })),
    signals: [...f.querySelectorAll('g.event-signal')].map((g) => ({ signal: g.getAttribute('data-signal'), from: g.getAttribute('data-from'), lane: g.getAttribute('data-lane'), atMs: at(g) })),
    events: [...f.querySelectorAll('g.event')].map((g) => ({ kind: g.getAttribute('data-kind'), lane: g.getAttribute('data-lane'), atMs: at(g) })),
  };
})`;

export async function checkSite(siteDir: string, columns: Column[], options: CheckOptions): Promise<SiteCheck> {
  const dir = resolve(siteDir);
  const pages = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
  const problems: string[] = [];
  const drawn = new Map<string, DrawnTimeline>();
  const screenshots: string[] = [];
  const browser = Browser.launch(options.chromium);
  try {
    const page = await browser.newPage();
    for (const file of pages) {
      await page.viewport(1280, 900);
      const before = page.errors.length;
      await page.goto(pathToFileURL(join(dir, file)).href);
      for (const e of page.errors.slice(before)) problems.push(`${file}: ${e}`);
      for (const t of await page.evaluate<DrawnTimeline[]>(READ_TIMELINES)) drawn.set(`${t.scenario} ${t.profile}`, t);
      const unlabelled = await page.evaluate<number>(`[...document.querySelectorAll('svg')].filter((s) => s.getAttribute('role') !== 'img' || !s.querySelector(':scope > title')?.textContent.trim()).length`);
      if (unlabelled) problems.push(`${file}: ${unlabelled} pictures without role="img" and a title`);
      await page.viewport(1280, 900, 2);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      if (overflow > 1) problems.push(`${file}: at 200% zoom the page is ${overflow} px wider than the window (it does not reflow)`);
    }
    await checkKeyboard(page, dir, problems);
    const fromResults = checkAgainstResults(columns, drawn, problems);
    checkProtocol(columns, drawn, options.timing, problems);
    if (options.screenshotsDir) {
      mkdirSync(options.screenshotsDir, { recursive: true });
      await page.viewport(900, 900);
      for (const [key, name, pageFile] of [[TIMEOUT_SCENARIO, 'timeout.png', 'entrypoint.html'], [DELETION_SCENARIO, 'step-pod-deletion.png', 'pods.html']] as const) {
        const profile = columns.find((c) => c.results.some((r) => r.key === key && r.timeline))?.profile;
        if (!profile) continue;
        await page.goto(pathToFileURL(join(dir, pageFile)).href);
        const path = join(options.screenshotsDir, name);
        writeFileSync(path, await page.screenshot(`#${anchor(key)} figure.timeline[data-profile="${profile}"]`));
        screenshots.push(path);
      }
    }
    return { problems, pages: pages.length, timelines: fromResults, screenshots };
  } finally {
    await browser.close();
  }
}

/** Tab first reaches the skip link; following it puts the focus in the content, where Tab goes on to visible, focus-marked links. */
async function checkKeyboard(page: BrowserPage, dir: string, problems: string[]): Promise<void> {
  await page.viewport(1280, 900);
  await page.goto(pathToFileURL(join(dir, 'index.html')).href);
  await page.press('Tab');
  const first = await page.evaluate<string>('document.activeElement?.className ?? ""');
  if (first !== 'skip') problems.push(`index.html: the first Tab reaches "${first}", not the skip link`);
  await page.press('Enter');
  const inMain = await page.evaluate<string>('document.activeElement?.id ?? ""');
  if (inMain !== 'main') problems.push(`index.html: following the skip link leaves the focus on "${inMain}", not the content`);
  for (let i = 0; i < 4; i++) {
    await page.press('Tab');
    const focused = await page.evaluate<{ tag: string; inMain: boolean; outline: string; visible: boolean }>(
      `(() => { const e = document.activeElement; const r = e.getBoundingClientRect(); return { tag: e.tagName, inMain: !!e.closest('main'), outline: getComputedStyle(e).outlineStyle, visible: r.width > 0 && r.height > 0 }; })()`,
    );
    if (!focused.inMain || focused.tag !== 'A' || focused.outline === 'none' || !focused.visible) {
      problems.push(`index.html: Tab ${i + 1} after the skip link focuses ${focused.tag} (in the content: ${focused.inMain}, outline: ${focused.outline}, visible: ${focused.visible})`);
      break;
    }
  }
}

/** Every scenario that ran has its picture, showing the marks and signals its run recorded. */
function checkAgainstResults(columns: Column[], drawn: Map<string, DrawnTimeline>, problems: string[]): number {
  let count = 0;
  for (const c of columns) {
    for (const r of c.results) {
      if (r.outcome === 'not-applicable') continue;
      if (!r.timeline) {
        problems.push(`${c.profile}: ${r.key}: no timeline in results.json`);
        continue;
      }
      if (r.timeline.lanes.length === 0) continue;
      const shown = drawn.get(`${anchor(r.key)} ${c.profile}`);
      if (!shown) {
        problems.push(`${c.profile}: ${r.key}: no timeline on its page`);
        continue;
      }
      count++;
      if (!shown.title.trim() || shown.label !== r.timeline.summary || !shown.caption.includes(r.timeline.summary)) problems.push(`${c.profile}: ${r.key}: the picture's text is not its summary`);
      const marks = (list: { kind: string; atMs: number }[]): string => list.map((m) => `${m.kind}@${Math.round(m.atMs)}`).sort().join(' ');
      if (marks(shown.marks) !== marks(r.timeline.marks)) problems.push(`${c.profile}: ${r.key}: marks drawn [${marks(shown.marks)}], recorded [${marks(r.timeline.marks)}]`);
      const signals = (list: { signal: string; from?: string | null; lane: string; atMs: number }[]): string =>
        list.map((s) => `${s.from ?? '?'}>${s.lane}:${s.signal}@${Math.round(s.atMs)}`).sort().join(' ');
      const recorded = r.timeline.events.filter((e) => e.kind === 'signal');
      if (signals(shown.signals) !== signals(recorded)) problems.push(`${c.profile}: ${r.key}: signals drawn [${signals(shown.signals)}], recorded [${signals(recorded)}]`);
    }
  }
  return count;
}

/** The two scenarios the README pictures, held to what the protocol says. */
function checkProtocol(columns: Column[], drawn: Map<string, DrawnTimeline>, timing: Timing, problems: string[]): void {
  for (const key of [TIMEOUT_SCENARIO, DELETION_SCENARIO]) {
    const found = columns.filter((c) => c.results.some((r) => r.key === key && r.timeline));
    if (found.length === 0) problems.push(`${key}: not among the results, so its timeline cannot be checked`);
    for (const c of found) {
      const t = drawn.get(`${anchor(key)} ${c.profile}`);
      if (!t) continue; // reported above
      const fail = (what: string): void => {
        problems.push(`${c.profile}: ${key}: ${what}`);
      };
      if (key === TIMEOUT_SCENARIO) {
        const testLane = t.signals.find((s) => s.signal === 'SIGINT')?.lane;
        const sigint = t.signals.find((s) => s.signal === 'SIGINT');
        const testStart = t.events.find((e) => e.kind === 'start' && e.lane === testLane);
        const mark = t.marks.find((m) => m.kind === 'timeout');
        if (!sigint || !testStart || !mark) {
          fail(`the picture lacks ${[!sigint && 'the SIGINT', !testStart && "the test's start", !mark && 'the timeout mark'].filter(Boolean).join(', ')}`);
          continue;
        }
        const check = timing.checkAbout('SIGINT after the test started', sigint.atMs - testStart.atMs, 1000);
        if (!check.ok) fail(check.message);
        const atMark = timing.checkAbout('SIGINT from the timeout mark', sigint.atMs - mark.atMs, 0);
        if (!atMark.ok) fail(atMark.message);
      } else {
        const deletion = t.events.find((e) => e.kind === 'delete');
        const grace = t.marks.find((m) => m.kind === 'termination-grace');
        const terms = t.signals.filter((s) => s.signal === 'SIGTERM' && s.from === deletion?.lane);
        if (!deletion || !grace) {
          fail(`the picture lacks ${[!deletion && 'the deletion', !grace && 'the termination grace mark'].filter(Boolean).join(', ')}`);
          continue;
        }
        const lanes = new Set(terms.map((s) => s.lane));
        if (lanes.size < 2) fail(`the kubelet's SIGTERM reaches ${lanes.size} containers in the picture, not both`);
        for (const s of terms) {
          const check = timing.checkAtMost(`SIGTERM to ${s.lane} after the deletion`, Math.abs(s.atMs - deletion.atMs), 0);
          if (!check.ok) fail(check.message);
        }
        if (!t.events.some((e) => e.kind === 'marker')) fail('the picture lacks the marker');
        if (!t.events.some((e) => e.kind === 'upload')) fail('the picture shows no upload');
      }
    }
  }
}
