// Benchmark rows for the suite itself: a whole run against a profile, beside what its scenarios
// inherently wait (configured timeouts, grace periods, run times, recorded per scenario in
// results.json): their plain sum for the serial equivalent, and for the parallel run the best
// schedule of those waits over the workers (longest first), i.e. its critical path.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../paths.js';
import type { Outcome } from '../results.js';
import type { Measured } from './measure.js';
import type { Row } from './sidecar-upload.js';
import { onInterrupt } from '../process/interrupt.js';

interface SuiteResults {
  seconds: number;
  cpuSeconds?: number;
  results: { outcome: Outcome; seconds: number; inherentSeconds?: number }[];
}

const figure = (seconds: number): Measured => ({ seconds, peakRssMiB: 0, exitCode: 0, signal: null });

/** The makespan of `jobs` (seconds) on `workers`, longest first, each to the least loaded worker. */
export function longestFirstMakespan(jobs: number[], workers: number): number {
  const loads = new Array<number>(Math.max(1, workers)).fill(0);
  for (const job of [...jobs].sort((a, b) => b - a)) {
    const least = loads.indexOf(Math.min(...loads));
    loads[least] += job;
  }
  return Math.max(...loads);
}

function runSuite(profile: string, parallel: number, reportDir: string): Promise<number> {
  const cli = join(ROOT, 'harness', 'bin', 'podutils-conformance');
  const args = [cli, 'run', '--profile', profile, '--parallel', String(parallel), '--report-dir', reportDir];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    // Interrupted: the run stops its scenarios and sweeps their processes before the bench exits.
    const forget = onInterrupt(() => {
      child.kill('SIGTERM');
      return exited;
    }, 'before-sweep');
    child.once('error', reject);
    child.once('exit', () => {
      forget();
      resolve(Number(process.hrtime.bigint() - started) / 1e9);
    });
  });
}

export async function benchSuite(profile: string, parallel: number, log: (line: string) => void): Promise<Row[]> {
  const reportDir = mkdtempSync(join(tmpdir(), 'podutils-bench-suite-'));
  const forgetReportDir = onInterrupt(() => rmSync(reportDir, { recursive: true, force: true }));
  try {
    log(`bench: running the suite against ${profile} with --parallel ${parallel}...`);
    const wall = await runSuite(profile, parallel, reportDir);
    const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as SuiteResults;
    const ran = results.results.filter((r) => r.outcome !== 'not-applicable');
    const failed = ran.filter((r) => r.outcome === 'failed' || r.outcome === 'unexpected-pass').length;
    const inherent = ran.map((r) => r.inherentSeconds ?? 0);
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const what = `${ran.length} scenarios${failed ? `, ${failed} failed` : ''}`;
    log(`bench: suite, ${profile}: ${wall.toFixed(1)} s for ${what}`);
    return [
      { measure: `suite: serial equivalent (sum of scenario times, ${what})`, implementation: profile, runs: [figure(sum(ran.map((r) => r.seconds)))], bytes: 0 },
      { measure: `suite: serial equivalent (sum of scenario times, ${what})`, implementation: 'limit: sum of inherent waits', runs: [figure(sum(inherent))], bytes: 0 },
      { measure: `suite: whole run with --parallel ${parallel} (${what})`, implementation: profile, runs: [figure(wall)], bytes: 0 },
      { measure: `suite: whole run with --parallel ${parallel} (${what})`, implementation: `limit: inherent waits on ${parallel} workers, longest first`, runs: [figure(longestFirstMakespan(inherent, parallel))], bytes: 0 },
      // The harness's and the programs' processor time together, per scenario that ran.
      { measure: `suite: CPU time per scenario (${what})`, implementation: profile, runs: [figure((results.cpuSeconds ?? 0) / Math.max(1, ran.length))], bytes: 0 },
    ];
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
    forgetReportDir();
  }
}
