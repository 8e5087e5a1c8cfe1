// The drill's HTML report in a real browser (headless Chromium from Debian, driven through the
// DevTools protocol on a pipe): a report from a real drill loads without a console error or
// exception, shows the timeline picture with a row per process and a section per finding, and
// its links to the features lead to files that exist. A control page proves errors are caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from '../paths.js';
import { withTimeout } from '../wait.js';
import { computeFindings } from './findings.js';
import { htmlReport } from './html.js';
import { parseDrillArgs } from './options.js';
import { DrillResources, runDrill } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'drill-browser-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Chromium with the DevTools protocol on file descriptors 3 (commands) and 4 (answers and events). */
class Browser {
  private readonly process: ChildProcess;
  private next = 1;
  private readonly waiting = new Map<number, (message: Record<string, unknown>) => void>();
  readonly events: { method: string; params: Record<string, unknown> }[] = [];

  constructor() {
    this.process = spawn('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe', `--user-data-dir=${join(dir, 'profile')}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    let buffer = '';
    const answers = this.process.stdio[4] as NodeJS.ReadableStream;
    answers.setEncoding('utf8');
    answers.on('data', (chunk: string) => {
      const messages = (buffer + chunk).split('\0');
      buffer = messages.pop() ?? '';
      for (const text of messages) {
        const message = JSON.parse(text) as { id?: number; method?: string; params?: Record<string, unknown> };
        if (message.id !== undefined) this.waiting.get(message.id)?.(message);
        else if (message.method) this.events.push({ method: message.method, params: message.params ?? {} });
      }
    });
  }

  async send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.next++;
    const answer = new Promise<Record<string, unknown>>((resolve) => this.waiting.set(id, resolve));
    (this.process.stdio[3] as NodeJS.WritableStream).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    const message = await withTimeout(answer, 20_000, `chromium did not answer ${method}`);
    if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
    return message.result as Record<string, unknown>;
  }

  /** Opens `url` in a new page; resolves with the page's session once it has loaded. */
  async open(url: string): Promise<string> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    for (const domain of ['Runtime.enable', 'Log.enable', 'Page.enable']) await this.send(domain, {}, sessionId);
    const loaded = this.events.length;
    await this.send('Page.navigate', { url }, sessionId);
    await withTimeout(
      (async () => {
        while (!this.events.slice(loaded).some((e) => e.method === 'Page.loadEventFired')) await new Promise((r) => setTimeout(r, 20));
      })(),
      20_000,
      `${url} did not load`,
    );
    return sessionId;
  }

  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const { result } = (await this.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value: T } };
    return result.value;
  }

  /** Console errors, uncaught exceptions and the browser's own error log entries, so far. */
  errors(): string[] {
    return this.events.flatMap((e) => {
      if (e.method === 'Runtime.exceptionThrown') return [`exception: ${JSON.stringify(e.params.exceptionDetails)}`];
      if (e.method === 'Runtime.consoleAPICalled' && e.params.type === 'error') return [`console.error: ${JSON.stringify(e.params.args)}`];
      const entry = e.params.entry as { level?: string; text?: string } | undefined;
      if (e.method === 'Log.entryAdded' && entry?.level === 'error') return [`log: ${entry.text}`];
      return [];
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await this.send('Browser.close').catch(() => this.process.kill('SIGKILL'));
    await exited;
  }
}

test('the HTML report of a real drill renders in Chromium without errors, with its timeline, findings and links', async () => {
  // .ci/run installs it; a machine without it cannot check the page, which is a failure, not a pass.
  assert.ok(!spawnSync('chromium', ['--version']).error, 'chromium is not installed (apt-get install chromium)');
  const options = parseDrillArgs([join('examples', 'drill', 'foreground-sleep', 'foreground-sleep-commands.sh'), '--grace', '1s', '--termination-grace', '3s', '--delete-after', '500ms', '--out', dir], ROOT)!;
  const result = await runDrill(options, new DrillResources());
  const findings = computeFindings(result);
  assert.ok(findings.length > 0, 'the foreground sleep drill found nothing');
  const page = join(dir, 'report.html');
  writeFileSync(page, htmlReport(result, findings, dir));
  const control = join(dir, 'control.html');
  writeFileSync(control, '<!doctype html><title>control</title><script>console.error("control error")</script>');

  const browser = new Browser();
  try {
    // The control first: a page that logs an error must be caught, or the check below proves nothing.
    await browser.open(pathToFileURL(control).href);
    assert.ok(browser.errors().some((e) => e.includes('control error')), 'a console error went unnoticed');
    const seen = browser.errors().length;

    const session = await browser.open(pathToFileURL(page).href);
    assert.deepEqual(browser.errors().slice(seen), [], 'the report logged errors');
    const facts = await browser.evaluate<{ svgs: number; role: string | null; width: number; findings: number; declared: string | null; links: string[]; title: string }>(session, `(() => {
      const svg = document.querySelector('svg.timeline');
      return {
        svgs: document.querySelectorAll('svg.timeline').length,
        role: svg && svg.getAttribute('role'),
        width: svg ? svg.getBoundingClientRect().width : 0,
        findings: document.querySelectorAll('section.finding').length,
        declared: document.body.getAttribute('data-findings'),
        links: [...document.querySelectorAll('section.finding a')].map((a) => a.href),
        title: document.title,
      };
    })()`);
    assert.equal(facts.svgs, 1);
    assert.equal(facts.role, 'img');
    assert.ok(facts.width > 500, `the timeline is ${facts.width} px wide`);
    assert.equal(facts.findings, findings.length);
    assert.equal(facts.declared, String(findings.length));
    assert.equal(facts.title, 'Drill: foreground-sleep');
    // Each process is a row of the picture, labelled as the report names it.
    const svgText = readFileSync(page, 'utf8');
    for (const p of result.processes) assert.ok(svgText.includes(`>${p.label}<`), `no row for ${p.label}`);
    assert.ok(facts.links.length >= findings.length);
    for (const href of facts.links) assert.ok(existsSync(fileURLToPath(href)), `a finding links to ${href}, which does not exist`);
    const shot = (await browser.send('Page.captureScreenshot', { format: 'png' }, session)) as { data: string };
    assert.ok(Buffer.from(shot.data, 'base64').subarray(1, 4).toString() === 'PNG', 'no screenshot');
  } finally {
    await browser.close();
  }
});
