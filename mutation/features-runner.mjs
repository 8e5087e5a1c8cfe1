// A Stryker test runner whose tests are the conformance scenarios that judge one program of the
// reference (MUTATION_PROGRAM): each run is one harness run against the reference profile, in the
// sandbox, with the active mutant in __STRYKER_ACTIVE_MUTANT__ (every program the harness starts
// inherits it: the harness removes only the production variables).
//
// Coverage per scenario ("perTest"): the dry run loads mutation/coverage-hook.mjs into every Node
// process, which records the mutants the process reached under its scenario's process tag;
// results.json maps each tag to its scenario. A mutant is then judged only by the scenarios that
// run its code (no scenario: "no coverage", untested), and a survivor costs those scenarios, not
// the whole role. A scenario fails the mutant at its first failure (--fail-fast).
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';
import { DryRunStatus, MutantRunStatus, TestStatus } from '@stryker-mutator/api/test-runner';
import { LikelyKillers } from './likely-killers.mjs';
import { programNamed } from './programs.mjs';

const COVERAGE_HOOK = join(dirname(fileURLToPath(import.meta.url)), 'coverage-hook.mjs');
/** After a timeout: how long the harness has to clean up after its SIGTERM before a SIGKILL. */
const CLEANUP_MS = 15_000;
/**
 * Stryker's own timer, on the same timeout, kills this worker's whole process tree with SIGKILL:
 * the harness is stopped before it, so that it removes what its run started (temp dirs, processes).
 */
const AHEAD_OF_STRYKER_MS = CLEANUP_MS + 5_000;
/** How many likely killers a mutant meets first (two rounds of the harness's two workers). */
const FIRST_ROUND = 4;
/** Workers per harness run; the wide rounds (many scenarios, mostly waiting) may use more. */
const BASE_PARALLEL = Number(process.env.MUTATION_PARALLEL ?? 2);
const WIDE_PARALLEL = Math.max(BASE_PARALLEL, Number(process.env.MUTATION_WIDE_PARALLEL ?? BASE_PARALLEL));

class FeaturesRunner {
  constructor() {
    this.program = programNamed(process.env.MUTATION_PROGRAM);
    // (one per worker: with MUTATION_CONCURRENCY above 1, workers share the sandbox)
    this.reportDir = join('reports', `mutation-run-${process.pid}`);
    const root = process.env.MUTATION_PROJECT_ROOT;
    this.killers = LikelyKillers.fromIncremental(root && join(root, 'mutation', 'incremental', `${process.env.MUTATION_PROGRAM}.json`));
  }

  capabilities() {
    // Every harness run starts every program afresh.
    return { reloadEnvironment: true };
  }

  async init() {
    // The sandbox's own harness (built by mutation/build-sandbox.mjs) knows each scenario's line.
    const { loadScenarios } = await import(pathToFileURL(join(process.cwd(), 'dist', 'harness', 'features.js')).href);
    this.scenarios = new Map(loadScenarios().map((s) => [s.key, s]));
  }

  async dryRun({ coverageAnalysis, timeout }) {
    // (inside the sandbox: an interrupted run leaves nothing outside it)
    const coverageDir = coverageAnalysis === 'off' ? undefined : resolve(this.reportDir, 'coverage');
    if (coverageDir) {
      rmSync(coverageDir, { recursive: true, force: true });
      mkdirSync(coverageDir, { recursive: true });
    }
    try {
      const env = coverageDir
        ? { MUTATION_COVERAGE_DIR: coverageDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(COVERAGE_HOOK).href}`.trim() }
        : {};
      const run = await this.harness(['--tags', this.program.tags], env, timeout);
      if (run.timedOut) return { status: DryRunStatus.Timeout, reason: 'the dry run did not finish' };
      if (!run.results) return { status: DryRunStatus.Error, errorMessage: `the harness wrote no results (exit ${run.exit}): ${run.logTail}` };
      const tests = run.results.map(testResult);
      if (!coverageDir) return { status: DryRunStatus.Complete, tests };
      return { status: DryRunStatus.Complete, tests, mutantCoverage: { static: {}, perTest: coverageByScenario(coverageDir, run.results) } };
    } finally {
      if (coverageDir) rmSync(coverageDir, { recursive: true, force: true });
    }
  }

  async mutantRun({ activeMutant, testFilter, timeout }) {
    const deadline = Date.now() + timeout;
    const file = relative(process.cwd(), activeMutant.fileName);
    const line = activeMutant.location.start.line;
    const env = { __STRYKER_ACTIVE_MUTANT__: activeMutant.id };
    // First the scenarios that killed this file's other mutants; the others only if it survives
    // them, and more at a time (they mostly wait): a failure there is confirmed alone, and when it
    // passes alone (it failed only under load) the round is judged again at the usual pace.
    const first = testFilter ? this.killers.pick(file, line, testFilter, FIRST_ROUND) : [];
    const rounds = first.length && first.length < testFilter.length
      ? [{ keys: first, parallel: BASE_PARALLEL }, { keys: this.killers.rank(testFilter.filter((k) => !first.includes(k))), parallel: WIDE_PARALLEL }]
      : [{ keys: testFilter, parallel: testFilter ? WIDE_PARALLEL : BASE_PARALLEL }];
    let judged = 0;
    for (const round of rounds) {
      let verdict = await this.judge(round.keys, round.parallel, env, deadline);
      if (verdict.failed?.length && round.parallel > BASE_PARALLEL) {
        const alone = await this.judge(verdict.failed.map((r) => r.key), 1, env, deadline);
        if (alone.status || !alone.failed.length) verdict = alone.status ? alone : await this.judge(round.keys, BASE_PARALLEL, env, deadline);
      }
      if (verdict.status === MutantRunStatus.Timeout) return { status: verdict.status, reason: `no verdict within ${timeout} ms` };
      if (verdict.status) return verdict;
      judged += verdict.count;
      if (!verdict.failed.length) continue;
      this.killers.record(file, line, verdict.failed.map((r) => r.key));
      return {
        status: MutantRunStatus.Killed,
        killedBy: verdict.failed.map((r) => r.key),
        failureMessage: `${verdict.failed[0].key}: ${verdict.failed[0].message.split('\n')[0]}`,
        nrOfTests: judged,
      };
    }
    return { status: MutantRunStatus.Survived, nrOfTests: judged };
  }

  /**
   * One harness run of `keys` (all the role's scenarios when undefined), stopping at the first
   * failure: {failed, count}, or {status} when it gave no verdict.
   */
  async judge(keys, parallel, env, deadline) {
    const selection = keys ? this.paths(keys) : ['--tags', this.program.tags];
    const run = await this.harness(['--fail-fast', ...selection], env, deadline - Date.now(), parallel);
    if (run.timedOut) return { status: MutantRunStatus.Timeout };
    if (!run.results) return { status: MutantRunStatus.Error, errorMessage: `the harness wrote no results (exit ${run.exit}): ${run.logTail}` };
    const failed = run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'unexpected-pass');
    if (failed.length === 0 && run.exit !== 0) return { status: MutantRunStatus.Error, errorMessage: `the harness failed (exit ${run.exit}) with no failed scenario: ${run.logTail}` };
    return { failed, count: run.results.length };
  }

  /** `uri:line:line...` per feature file, for the scenarios of `keys`. */
  paths(keys) {
    const byFile = new Map();
    for (const key of keys) {
      const s = this.scenarios.get(key);
      if (!s) throw new Error(`no scenario "${key}" in the sandbox's features`);
      byFile.set(s.uri, [...(byFile.get(s.uri) ?? []), s.line]);
    }
    return [...byFile].map(([uri, lines]) => `${uri}:${lines.join(':')}`);
  }

  /** One harness run; its output goes to a file (a whole run's is more than a pipe should hold). */
  harness(selection, env, timeout, parallel = BASE_PARALLEL) {
    mkdirSync(this.reportDir, { recursive: true });
    rmSync(join(this.reportDir, 'results.json'), { force: true });
    const logFile = join(this.reportDir, 'harness.log');
    const log = openSync(logFile, 'w');
    const args = [
      'harness/bin/podutils-conformance', 'run',
      '--profile', 'reference',
      '--parallel', String(parallel),
      '--time-scale', process.env.MUTATION_TIME_SCALE ?? '1',
      '--report-dir', this.reportDir,
      ...selection,
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', log, log], env: { ...process.env, ...env } });
    closeSync(log);
    return new Promise((resolve) => {
      let timedOut = false;
      let kill;
      // The harness's own interrupt handling removes what the run started; SIGKILL only if it hangs.
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        kill = setTimeout(() => child.kill('SIGKILL'), CLEANUP_MS);
      }, Math.max(timeout / 2, timeout - AHEAD_OF_STRYKER_MS));
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        clearTimeout(kill);
        let results;
        try {
          results = JSON.parse(readFileSync(join(this.reportDir, 'results.json'), 'utf8')).results;
        } catch {
          results = undefined;
        }
        const logTail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
        resolve({ timedOut, exit: code ?? signal, results, logTail });
      });
    });
  }
}

function testResult(r) {
  const base = { id: r.key, name: r.key, timeSpentMs: Math.round(r.seconds * 1000), fileName: `features/${r.feature}` };
  if (r.outcome === 'passed' || r.outcome === 'expected-failure') return { ...base, status: TestStatus.Success };
  if (r.outcome === 'not-applicable') return { ...base, status: TestStatus.Skipped };
  return { ...base, status: TestStatus.Failed, failureMessage: r.message };
}

/** The mutants each scenario's processes reached, from the coverage hook's files. */
function coverageByScenario(dir, results) {
  const scenarioOf = new Map(results.filter((r) => r.processTag).map((r) => [r.processTag, r.key]));
  const perTest = Object.fromEntries(results.map((r) => [r.key, {}]));
  for (const name of readdirSync(dir)) {
    const { tag, mutants } = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    // (a pod's containers carry "<scenario's tag>/<container>")
    const key = scenarioOf.get(tag.split('/')[0]);
    if (!key) continue;
    for (const id of mutants) perTest[key][id] = (perTest[key][id] ?? 0) + 1;
  }
  return perTest;
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'podutils-features', FeaturesRunner)];
