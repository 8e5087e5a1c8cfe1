// docs: the living documentation site (reports/docs/ by default) from the features, the clause
// list and the results.json of the report dirs given (by default those under reports/).
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { loadClauses } from '../features.js';
import { FEATURES_DIR } from '../paths.js';
import type { Column } from '../reports/matrix.js';
import { readFeatures } from '../docs/read-features.js';
import { buildSite } from '../docs/site.js';
import { STYLE } from '../docs/style.js';
import { defaultReportDirs, readColumn } from './results-files.js';
import { findChromium } from '../docs/browser.js';
import { checkSite } from '../docs/check-site.js';
import { Timing } from '../timing.js';

export interface DocsOutcome {
  pages: number;
  bytes: number;
  ms: number;
}

export interface DocsOptions {
  reportDirs: string[];
  outDir: string;
  /** Open the site in headless Chromium and check it (see docs/check-site.ts). */
  check: boolean;
  screenshotsDir?: string;
  timeScale: number;
}

/** Writes the site; with `check`, checks it in a browser. Exit status 1 when the check finds problems. */
export async function runDocs(options: DocsOptions): Promise<number> {
  const { columns, ...written } = writeSite(options.reportDirs, options.outDir);
  process.stderr.write(`docs: ${written.pages} pages (${(written.bytes / 1024).toFixed(0)} KiB) from ${columns.length ? columns.map((c) => c.profile).join(', ') : 'no results'} in ${written.ms.toFixed(0)} ms: ${join(resolve(options.outDir), 'index.html')}\n`);
  if (!options.check) return 0;
  const chromium = findChromium();
  if (!chromium) throw new UsageError('docs --check needs Chromium: apt-get install chromium, or set CHROMIUM to its path');
  const started = process.hrtime.bigint();
  const result = await checkSite(options.outDir, columns, { chromium, timing: new Timing(options.timeScale), screenshotsDir: options.screenshotsDir });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  for (const p of result.problems) process.stderr.write(`docs check: ${p}\n`);
  process.stderr.write(`docs check: ${result.pages} pages, ${result.timelines} timelines compared with results.json, in ${(ms / 1000).toFixed(1)} s: ${result.problems.length === 0 ? 'no problems' : `${result.problems.length} problems`}${result.screenshots.length ? `; screenshots: ${result.screenshots.join(', ')}` : ''}\n`);
  return result.problems.length === 0 ? 0 : 1;
}

export function writeSite(reportDirs: string[], outDir: string): DocsOutcome & { columns: Column[] } {
  const started = process.hrtime.bigint();
  const columns: Column[] = [];
  for (const dir of reportDirs.length ? reportDirs : defaultReportDirs()) {
    if (reportDirs.length && !existsSync(join(resolve(dir), 'results.json'))) throw new UsageError(`--results ${dir}: no results.json there (run the suite with --report-dir ${dir} first)`);
    const column = readColumn(resolve(dir));
    if (!column) continue;
    // One column per implementation; report dirs of one profile (runs of parts of the suite) add
    // up, the first one given winning for a scenario found in several.
    const same = columns.find((c) => c.profile === column.profile);
    if (!same) columns.push(column);
    else same.results.push(...column.results.filter((r) => !same.results.some((s) => s.key === r.key)));
  }
  const pages = buildSite({ features: readFeatures(FEATURES_DIR), clauses: loadClauses(), columns, generatedAt: new Date() });
  const out = resolve(outDir);
  // A fresh site each time: no page of an earlier layout left behind.
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const page of [...pages, { file: 'style.css', html: STYLE }]) writeFileSync(join(out, page.file), page.html);
  const bytes = [...pages.map((p) => p.file), 'style.css'].reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
  return { pages: pages.length, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6, columns };
}
