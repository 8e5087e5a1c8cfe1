// The drill's HTML report in a real browser (headless Chromium from Debian, driven through the
// DevTools protocol on a pipe, through the docs' client harness/docs/browser.ts): a report from a real drill loads without a console error or
// exception, shows the timeline picture with a row per process and a section per finding, and
// its links to the features lead to files that exist. A control page proves errors are caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from '../paths.js';
import { Browser, findChromium } from '../docs/browser.js';
import { computeFindings } from './findings.js';
import { htmlReport } from './html.js';
import { parseDrillArgs } from './options.js';
import { DrillResources, runDrill } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'drill-browser-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('the HTML report of a real drill renders in Chromium without errors, with its timeline, findings and links', async () => {
  // .ci/run installs it; a machine without it cannot check the page, which is a failure, not a pass.
  const chromium = findChromium();
  assert.ok(chromium, 'chromium is not installed (apt-get install chromium)');
  const options = parseDrillArgs([join('examples', 'drill', 'foreground-sleep', 'foreground-sleep-commands.sh'), '--grace', '1s', '--termination-grace', '3s', '--delete-after', '500ms', '--out', dir], ROOT)!;
  const result = await runDrill(options, new DrillResources());
  const findings = computeFindings(result);
  assert.ok(findings.length > 0, 'the foreground sleep drill found nothing');
  const page = join(dir, 'report.html');
  writeFileSync(page, htmlReport(result, findings, dir));
  const control = join(dir, 'control.html');
  writeFileSync(control, '<!doctype html><title>control</title><script>console.error("control error")</script>');

  const browser = Browser.launch(chromium);
  try {
    // The control first: a page that logs an error must be caught, or the check below proves nothing.
    const controlPage = await browser.newPage();
    await controlPage.goto(pathToFileURL(control).href);
    assert.ok(controlPage.errors.some((e) => e.includes('control error')), 'a console error went unnoticed');

    const report = await browser.newPage();
    await report.goto(pathToFileURL(page).href);
    assert.deepEqual(report.errors, [], 'the report logged errors');
    const facts = await report.evaluate<{ svgs: number; role: string | null; width: number; findings: number; declared: string | null; links: string[]; title: string }>(`(() => {
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
    const shot = await report.screenshot();
    assert.ok(shot.subarray(1, 4).toString() === 'PNG', 'no screenshot');
  } finally {
    await browser.close();
  }
});
