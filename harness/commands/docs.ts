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

export interface DocsOutcome {
  pages: number;
  bytes: number;
  ms: number;
}

export function runDocs(reportDirs: string[], outDir: string): DocsOutcome {
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
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stderr.write(`docs: ${pages.length} pages (${(bytes / 1024).toFixed(0)} KiB) from ${columns.length ? columns.map((c) => c.profile).join(', ') : 'no results'} in ${ms.toFixed(0)} ms: ${join(out, 'index.html')}\n`);
  return { pages: pages.length, bytes, ms };
}
