// trace: every clause, the scenarios verifying it, and their results per implementation (from the
// results.json of the report dirs given, by default those under reports/ and reports/matrix/).
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadClauses, loadScenarios } from '../features.js';
import { traceMarkdown } from '../reports/trace.js';
import type { Column } from '../reports/matrix.js';
import { defaultReportDirs, readColumn } from './results-files.js';

export function runTrace(reportDirs: string[], out: string): number {
  const columns: Column[] = [];
  for (const dir of reportDirs.length ? reportDirs : defaultReportDirs()) {
    const column = readColumn(resolve(dir));
    // One column per implementation: the first report dir found for a profile wins.
    if (column && !columns.some((c) => c.profile === column.profile)) columns.push(column);
  }
  const { text, uncovered } = traceMarkdown(loadClauses(), loadScenarios(), columns);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(resolve(out), text);
  process.stdout.write(text);
  process.stderr.write(`trace: written to ${out}; ${uncovered.length === 0 ? 'every clause is covered' : `uncovered clauses: ${uncovered.join(', ')}`}\n`);
  return uncovered.length === 0 ? 0 : 1;
}
