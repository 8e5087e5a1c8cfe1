// One run of the features against one profile: cucumber in-process, our results and reports,
// and the cleanup that guarantees no process or temp dir of the run survives it.
import { loadScenarios } from '../features.js';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import parseTagExpression from '@cucumber/tag-expressions';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';
import { loadProfile, type Profile } from '../profiles/profile.js';
import { ROOT, STEPS_GLOB } from '../paths.js';
import { ResultCollector, isGreen, type RunOutcome } from '../results.js';
import { junitXml } from '../reports/junit.js';
import { aMomentAgo, sweep, TAG_VARIABLE } from '../process/tree.js';
import { cpuSecondsWithChildren } from '../process/proc.js';
import { takeSlowBootVariables } from '../process/environment.js';
import { Timing } from '../timing.js';
import { ensureMinio } from '../stores/minio-build.js';
import { namespaceLauncher } from '../pod/runtimes/launcher.js';
import { RUNTIME_CHOICES, type PodRuntime, type RuntimeChoice } from '../pod/runtimes/runtime.js';
import { KubeletNode } from '../node/node.js';
import { prepareProbe } from '../probe/command.js';

export interface RunOptions {
  profile: string;
  tags?: string;
  parallel: number;
  timeScale: number;
  reportDir?: string;
  /** Feature paths (relative to the project) instead of all features. */
  paths?: string[];
  /** Fail (instead of reporting S3 scenarios not applicable) when no MinIO can be built. */
  requireS3?: boolean;
  /** How pod containers are made (default auto: real namespaces where the machine allows). */
  podRuntime?: RuntimeChoice;
  /** Skip the remaining scenarios after the first failure: one failure is all a mutation run needs. */
  failFast?: boolean;
}


/** Checks everything a user can get wrong before any process starts (exit status 2). */
export function prepare(options: RunOptions): { profile: Profile; reportDir: string } {
  const profile = loadProfile(options.profile);
  if (options.tags) {
    try {
      parseTagExpression(options.tags);
    } catch (error) {
      throw new UsageError(`bad tag expression "${options.tags}": ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (options.podRuntime !== undefined && !RUNTIME_CHOICES.includes(options.podRuntime)) {
    throw new UsageError(`--pod-runtime must be one of ${RUNTIME_CHOICES.join(', ')}, got "${options.podRuntime}"`);
  }
  if (!Number.isInteger(options.parallel) || options.parallel < 0) throw new UsageError(`--parallel must be a whole number, got ${options.parallel}`);
  try {
    new Timing(options.timeScale);
  } catch (error) {
    throw new UsageError(`--time-scale: ${(error as Error).message}`);
  }
  // cucumber stops at any failure, expected or not: the run's verdict would be wrong.
  if (options.failFast && profile.expectedFailures.length > 0) throw new UsageError(`--fail-fast cannot be used with profile ${profile.name}: it lists expected failures`);
  const reportDir = resolve(options.reportDir ?? join('reports', profile.name));
  return { profile, reportDir };
}

/** What must be undone however the run ends (normally, by an error, or by Ctrl-C). */
export class RunResources {
  readonly id = randomBytes(4).toString('hex');
  readonly runTag = `pc-${this.id}-`;
  readonly tmpRoot = mkdtempSync(join(tmpdir(), `podutils-conformance-${this.id}-`));
  /** Every process of the run starts after this. */
  readonly since = aMomentAgo();
  /** The real node, when the pods run on the kubelet. */
  node: KubeletNode | null = null;

  async release(): Promise<void> {
    // The node first: its kubelet and containerd stop the containers and undo what they did.
    await this.node?.stop();
    await sweep((tag) => tag.startsWith(this.runTag), { startedAfterNs: this.since });
    rmSync(this.tmpRoot, { recursive: true, force: true });
  }
}

export async function runSuite(options: RunOptions, resources: RunResources): Promise<RunOutcome> {
  const { profile, reportDir } = prepare(options);
  mkdirSync(reportDir, { recursive: true });
  // Parallel workers inherit the tag, so the final sweep also finds a worker that hung.
  process.env[TAG_VARIABLE] = `${resources.runTag}harness`;
  takeSlowBootVariables();
  const started = Date.now();
  const minio = !profile.capabilities.includes('s3')
    ? { unavailable: `profile ${profile.name} lacks the s3 capability` }
    : needsBucket(options)
      ? await minioFor(options)
      : { unavailable: 'no scenario of this run uses a bucket' };
  const podRuntime = await podRuntimeFor(options, resources);
  const probe = await prepareProbe();
  if (!probe.binary) process.stderr.write(`podutils-conformance: the test processes are the Node probe: ${probe.why}\n`);
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: options.paths ?? ['features/**/*.feature'],
        import: [STEPS_GLOB],
        // A bar with counts and the time left on a terminal; dots in a log.
        format: [process.stdout.isTTY ? 'progress-bar' : 'progress', `html:${join(reportDir, 'cucumber.html')}`, `message:${join(reportDir, 'messages.ndjson')}`],
        tags: options.tags ?? '',
        parallel: options.parallel,
        strict: true,
        failFast: Boolean(options.failFast),
        worldParameters: { profile: profile.file, timeScale: options.timeScale, tmpRoot: resources.tmpRoot, runTag: resources.runTag, minio, podRuntime },
      },
    },
    { cwd: ROOT },
  );
  const collector = new ResultCollector(profile.expectedFailures);
  await runCucumber(runConfiguration, { cwd: ROOT }, (envelope) => collector.onMessage(envelope));
  const results = collector.results();
  const knownScenarios = new Set(loadScenarios().map((s) => s.key));
  const outcome: RunOutcome = {
    profile,
    reportDir,
    results,
    // A run of a few features leaves most scenarios out: only a name no feature has is stale.
    stale: collector.staleExpectations().map((e) => e.scenario).filter((key) => !knownScenarios.has(key)),
    green: isGreen(results),
    seconds: (Date.now() - started) / 1000,
    cpuSeconds: cpuSecondsWithChildren(),
  };
  // (again: the folder may have been removed during a long run)
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, 'junit.xml'), junitXml(`podutils-conformance (${profile.name})`, results));
  // The runtime too: the matrix shows the node's results beside the simulator's.
  writeFileSync(join(reportDir, 'results.json'), JSON.stringify({ profile: profile.name, podRuntime: podRuntime.kind === 'kubelet' && podRuntime.node.kubeconfig ? 'cluster' : podRuntime.kind, seconds: outcome.seconds, cpuSeconds: outcome.cpuSeconds, results }, null, 2) + '\n');
  return outcome;
}

/**
 * The MinIO binary for the S3 scenarios, built on first use (once per machine). Without Go the
 * S3 scenarios are reported not applicable, with one line saying why, unless S3 is required.
 */
async function minioFor(options: RunOptions): Promise<{ binary: string } | { unavailable: string }> {
  try {
    return { binary: await ensureMinio() };
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    if (options.requireS3) throw new UsageError(`MinIO is required (--require-s3) but unavailable: ${reason}`);
    process.stderr.write(`podutils-conformance: S3 scenarios not applicable: ${reason}\n`);
    return { unavailable: reason };
  }
}

/**
 * The pod runtime: real PID namespaces unless the machine cannot make them (then the
 * process-group model, saying why once) or the user chose otherwise.
 */
async function podRuntimeFor(options: RunOptions, resources: RunResources): Promise<PodRuntime> {
  const choice = options.podRuntime ?? 'auto';
  if (choice === 'process-group') return { kind: 'process-group', why: '--pod-runtime process-group was chosen' };
  if (choice === 'kubelet' || choice === 'cluster') {
    try {
      resources.node = await KubeletNode.start({ runTag: resources.runTag, cluster: choice === 'cluster' });
    } catch (error) {
      throw new UsageError(`--pod-runtime ${choice}: ${(error as Error).message.split('\n')[0]}`);
    }
    process.stderr.write(`podutils-conformance: pods run on a real kubelet${choice === 'cluster' ? ', through its API server' : ''} (${resources.node.handle.figures.join('; ')})\n`);
    return { kind: 'kubelet', node: resources.node.handle };
  }
  try {
    return { kind: 'namespaces', launcher: await namespaceLauncher() };
  } catch (error) {
    const reason = (error as Error).message;
    if (choice === 'namespaces') throw new UsageError(`--pod-runtime namespaces: ${reason}`);
    process.stderr.write(`podutils-conformance: pod containers run as process groups (@pid-namespace scenarios not applicable): ${reason}\n`);
    return { kind: 'process-group', why: reason };
  }
}

/** Whether any scenario the run selects (by feature path and tag expression) uses a bucket. */
function needsBucket(options: RunOptions): boolean {
  const matches = options.tags ? parseTagExpression(options.tags) : null;
  // (a path may end in :LINE, selecting one scenario)
  const wanted = (options.paths ?? []).map((p) => resolve(ROOT, p.replace(/(:\d+)+$/, '')));
  return loadScenarios().some(
    (s) =>
      s.tags.includes('@capability:s3') &&
      (!matches || matches.evaluate(s.tags)) &&
      (wanted.length === 0 || wanted.some((w) => resolve(ROOT, s.uri).startsWith(w))),
  );
}
