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

class FeaturesRunner {
  constructor() {
    this.program = programNamed(process.env.MUTATION_PROGRAM);
    this.reportDir = join('reports', 'mutation-run');
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
    const { fileName, location } = activeMutant;
    const file = relative(process.cwd(), fileName);
    const line = location.start.line;
    // First the scenarios that killed this file's other mutants; the others only if it survives them.
    const first = testFilter ? this.killers.pick(file, line, testFilter, FIRST_ROUND) : [];
    const rounds = first.length && first.length < testFilter.length
      ? [this.paths(first), this.paths(testFilter.filter((k) => !first.includes(k)))]
      : [testFilter ? this.paths(testFilter) : ['--tags', this.program.tags]];
    let judged = 0;
    for (const selection of rounds) {
      const run = await this.harness(['--fail-fast', ...selection], { __STRYKER_ACTIVE_MUTANT__: activeMutant.id }, deadline - Date.now());
      if (run.timedOut) return { status: MutantRunStatus.Timeout, reason: `no verdict within ${timeout} ms` };
      if (!run.results) return { status: MutantRunStatus.Error, errorMessage: `the harness wrote no results (exit ${run.exit}): ${run.logTail}` };
      judged += run.results.length;
      const failed = run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'unexpected-pass');
      if (failed.length === 0 && run.exit === 0) continue;
      if (failed.length === 0) return { status: MutantRunStatus.Error, errorMessage: `the harness failed (exit ${run.exit}) with no failed scenario: ${run.logTail}` };
      this.killers.record(file, line, failed.map((r) => r.key));
      return {
        status: MutantRunStatus.Killed,
        killedBy: failed.map((r) => r.key),
        failureMessage: `${failed[0].key}: ${failed[0].message.split('\n')[0]}`,
        nrOfTests: judged,
      };
    }
    return { status: MutantRunStatus.Survived, nrOfTests: judged };
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
  harness(selection, env, timeout) {
    mkdirSync(this.reportDir, { recursive: true });
    rmSync(join(this.reportDir, 'results.json'), { force: true });
    const logFile = join(this.reportDir, 'harness.log');
    const log = openSync(logFile, 'w');
    const args = [
      'harness/bin/podutils-conformance', 'run',
      '--profile', 'reference',
      '--parallel', process.env.MUTATION_PARALLEL ?? '2',
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
