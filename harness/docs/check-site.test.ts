// The site of a real run of the reference, checked in headless Chromium; then the same site
// broken (a console error, a timeline missing its timeout mark) must fail the check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../paths.js';
import { Timing } from '../timing.js';
import { readColumn } from '../commands/results-files.js';
import { writeSite } from '../commands/docs.js';
import { findChromium } from './browser.js';
import { checkSite } from './check-site.js';

const chromium = findChromium();
const TIME_SCALE = 3; // the machine runs other suites meanwhile

test('the generated site passes the browser check, and a broken one does not', { skip: chromium ? false : 'no Chromium (apt-get install chromium)', timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-docs-test-'));
  try {
    const reports = join(dir, 'reference');
    execFileSync(
      process.execPath,
      [join(ROOT, 'harness', 'bin', 'podutils-conformance'), 'run', '--profile', 'reference', '--parallel', '2', '--time-scale', String(TIME_SCALE), '--report-dir', reports,
        '--tags', '(@clause:EP-TIMEOUT-SIGINT or @clause:POD-FORWARD-CHAIN) and not @capability:s3', 'features/entrypoint/timeout.feature', 'features/pod/step-pod-deletion.feature'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const site = join(dir, 'site');
    const { columns } = writeSite([reports], site);
    assert.equal(columns.length, 1);
    const timing = new Timing(TIME_SCALE);
    const good = await checkSite(site, columns, { chromium: chromium!, timing, screenshotsDir: join(dir, 'shots') });
    assert.deepEqual(good.problems, []);
    assert.equal(good.timelines, readColumn(reports)!.results.filter((r) => r.outcome !== 'not-applicable').length);
    assert.equal(good.screenshots.length, 2);
    for (const s of good.screenshots) assert.ok(existsSync(s) && readFileSync(s).subarray(1, 4).toString() === 'PNG', `${s} is a PNG`);

    const broken = join(dir, 'broken');
    cpSync(site, broken, { recursive: true });
    const index = join(broken, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('</body>', '<script>console.error("a broken page")</script></body>'));
    const entrypoint = join(broken, 'entrypoint.html');
    writeFileSync(entrypoint, readFileSync(entrypoint, 'utf8').replace(/<g class="mark mark-timeout"[\s\S]*?<\/g>/g, ''));
    const bad = await checkSite(broken, columns, { chromium: chromium!, timing });
    assert.ok(bad.problems.some((p) => /^index\.html: console\.error: a broken page/.test(p)), bad.problems.join('\n'));
    assert.ok(bad.problems.some((p) => /A test still running at the timeout.*marks drawn \[grace-period@\d+\], recorded \[grace-period@\d+ timeout@\d+\]/.test(p)), bad.problems.join('\n'));
    assert.ok(bad.problems.some((p) => /A test still running at the timeout.*the picture lacks the timeout mark/.test(p)), bad.problems.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
