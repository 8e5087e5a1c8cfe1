// matrix: runs the suite for each profile and pod runtime (or reuses the results of earlier runs)
// and writes the conformance matrix as Markdown and HTML. The real node (--pod-runtime kubelet)
// (and --pod-runtime cluster) runs the pod features only (no other feature makes a pod), into
// <out>/<profile>-kubelet, after
// the other runtimes: its columns sit beside the simulator's in the pod features' tables.
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
  /** Options passed on to each run (--tags, --parallel, --time-scale, --require-s3). */
  runArgs: string[];
  /** One set of columns per pod runtime, in this order (empty: the run's default runtime). */
  podRuntimes?: string[];
  /** The time scale of the real node's runs (default: that of runArgs). */
  nodeTimeScale?: string;
}

export const NODE_FEATURES = 'features/pod';

/** Where a column's run goes and what it is given, for one profile on one runtime. */
function columnRun(options: MatrixOptions, outDir: string, profile: string, runtime: string | undefined): { reportDir: string; args: string[] } {
  if (runtime === undefined) return { reportDir: join(outDir, profile), args: options.runArgs };
  if (!onNode(runtime)) return { reportDir: join(outDir, profile), args: [...options.runArgs, '--pod-runtime', runtime] };
  const timeScale = options.nodeTimeScale === undefined ? [] : ['--time-scale', options.nodeTimeScale];
  return { reportDir: join(outDir, `${profile}-${runtime}`), args: [...options.runArgs, ...timeScale, '--pod-runtime', runtime, NODE_FEATURES] };
}

function onNode(runtime: string | undefined): boolean {
  return runtime === 'kubelet' || runtime === 'cluster';
}

export async function runMatrix(options: MatrixOptions): Promise<number> {
  const outDir = resolve(options.outDir);
  const columns: Column[] = [];
  let allGreen = true;
  const runtimes = options.podRuntimes?.length ? options.podRuntimes : [undefined];
  if (runtimes.filter((r) => !onNode(r)).length > 1) throw new UsageError('matrix: --pod-runtime names the simulator once (namespaces, process-group or auto), and any of kubelet and cluster');
  for (const runtime of runtimes) {
    for (const nameOrFile of options.profiles) {
      const profile = loadProfile(nameOrFile);
      const { reportDir, args } = columnRun(options, outDir, profile.name, runtime);
      let column = options.reuse ? readColumn(reportDir) : null;
      if (!column) {
        if (options.reuse) process.stderr.write(`matrix: no earlier results in ${reportDir}, running ${profile.name}\n`);
        mkdirSync(reportDir, { recursive: true });
        // A later --time-scale wins: the node's runs may have a scale of their own.
        const status = await runChild(['--profile', nameOrFile, '--report-dir', reportDir, ...args], 'inherit');
        if (status === 2) throw new UsageError(`matrix: the run of profile ${profile.name}${runtime ? ` on ${runtime}` : ''} refused its input (see above)`);
        if (status === INTERRUPTED) return INTERRUPTED;
        if (status !== 0) allGreen = false;
        column = readColumn(reportDir);
        if (!column) throw new Error(`matrix: the run of profile ${profile.name} left no results in ${reportDir}`);
      } else if (column.results.some((r) => r.outcome === 'failed' || r.outcome === 'unexpected-pass')) {
        allGreen = false;
      }
      columns.push(column);
    }
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
