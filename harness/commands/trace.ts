// trace: every clause, the scenarios verifying it, and their results per implementation (from the
// results.json of the report dirs given, by default those under reports/ and reports/matrix/).
import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadClauses, loadScenarios } from '../features.js';
import { traceMarkdown } from '../reports/trace.js';
import type { Column } from '../reports/matrix.js';
import { readColumn } from './results-files.js';

function defaultReportDirs(): string[] {
  const dirs: string[] = [];
  for (const base of ['reports/matrix', 'reports']) {
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) if (entry.isDirectory()) dirs.push(join(base, entry.name));
  }
  return dirs;
}

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
