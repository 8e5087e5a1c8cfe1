// matrix: runs the suite for each profile (or reuses the results of earlier runs) and writes
// the conformance matrix as Markdown and HTML.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INTERRUPTED, runChild } from './child-run.js';
import { loadProfile } from '../profiles/profile.js';
import { loadScenarios } from '../features.js';
import { matrixHtml, matrixMarkdown, type Column } from '../reports/matrix.js';
import { readColumn } from './results-files.js';
import { UsageError } from '../errors.js';

export interface MatrixOptions {
  profiles: string[];
  /** Read reports/<profile>/results.json of earlier runs instead of running. */
  reuse: boolean;
  outDir: string;
  /** Also write the Markdown here (the committed docs/ copy). */
  markdownCopy?: string;
  /** Options passed on to each run (--tags, --parallel, --time-scale). */
  runArgs: string[];
}

export async function runMatrix(options: MatrixOptions): Promise<number> {
  const outDir = resolve(options.outDir);
  const columns: Column[] = [];
  let allGreen = true;
  for (const nameOrFile of options.profiles) {
    const profile = loadProfile(nameOrFile);
    const reportDir = join(outDir, profile.name);
    let column = options.reuse ? readColumn(reportDir) : null;
    if (!column) {
      if (options.reuse) process.stderr.write(`matrix: no earlier results in ${reportDir}, running ${profile.name}\n`);
      mkdirSync(reportDir, { recursive: true });
      const status = await runChild(['--profile', nameOrFile, '--report-dir', reportDir, ...options.runArgs], 'inherit');
      if (status === 2) throw new UsageError(`matrix: the run of profile ${profile.name} refused its input (see above)`);
      if (status === INTERRUPTED) return INTERRUPTED;
      if (status !== 0) allGreen = false;
      column = readColumn(reportDir);
      if (!column) throw new Error(`matrix: the run of profile ${profile.name} left no results in ${reportDir}`);
    } else if (column.results.some((r) => r.outcome === 'failed' || r.outcome === 'unexpected-pass')) {
      allGreen = false;
    }
    columns.push(column);
  }
  const scenarios = loadScenarios();
  const generated = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const markdown = matrixMarkdown(scenarios, columns, generated);
  writeFileSync(join(outDir, 'matrix.md'), markdown);
  writeFileSync(join(outDir, 'matrix.html'), matrixHtml(scenarios, columns, generated));
  if (options.markdownCopy) writeFileSync(resolve(options.markdownCopy), markdown);
  process.stdout.write(`matrix: ${join(outDir, 'matrix.html')} and matrix.md${options.markdownCopy ? `, copied to ${options.markdownCopy}` : ''}\n`);
  return allGreen ? 0 : 1;
}
