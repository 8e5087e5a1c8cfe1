#!/usr/bin/env node
// npm run drill:gallery: runs every example of examples/drill/gallery.json through the drill and
// writes its reports (report.txt, report.html, report.json) beside its step, then takes the
// README's screenshot of one report with headless Chromium.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const gallery = join(root, 'examples', 'drill');
const cli = join(root, 'harness', 'bin', 'podutils-conformance');
const { examples } = JSON.parse(readFileSync(join(gallery, 'gallery.json'), 'utf8'));
for (const example of examples) {
  process.stderr.write(`drill: ${example.name}\n`);
  // Paths relative to the project, so that the reports name the steps as a reader finds them.
  execFileSync(cli, ['drill', join('examples', 'drill', example.step), ...example.args, '--out', join('examples', 'drill', example.name)], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const shots = join(root, 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });
execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${join(shots, 'drill-foreground-sleep.png')}`, '--window-size=1000,1500', `file://${join(gallery, 'foreground-sleep', 'report.html')}`], { stdio: 'ignore' });
process.stderr.write(`screenshot: ${join('docs', 'screenshots', 'drill-foreground-sleep.png')}\n`);
