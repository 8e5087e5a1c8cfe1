// One drill: the step runs for real in the pod the features use (a ci-operator step pod or a
// Prow job pod, real PID namespaces where the machine allows), strace watching its container
// from before its first instruction; the pod is deleted (or entrypoint's timeout fires) as the
// options say; then what happened is collected into a DrillResult, and everything is removed.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { createPod } from '../pod/create.js';
import { podSpec, podVolume, SIDECAR_CONTAINER, TEST_CONTAINER, type PodPlan } from '../pod/kinds.js';
import type { Deletion, Pod } from '../pod/pod.js';
import { namespaceLauncher } from '../pod/runtimes/launcher.js';
import type { PodRuntime } from '../pod/runtimes/runtime.js';
import { readyWhileWaiting } from '../process/readiness.js';
import { loadProfile, type Profile } from '../profiles/profile.js';
import { Scenario } from '../scenario.js';
import { LocalStore } from '../stores/local.js';
import { Timing } from '../timing.js';
import { settlesWithin, sleepUntil, withTimeout } from '../wait.js';
import type { DrillOptions } from './options.js';
import { attributeKills, observedProcesses } from './processes.js';
import type { DrillResult } from './result.js';
import { requireStrace, Tracer } from './tracer.js';

const BUILD_LOG_LINES = 12;

/** What a drill holds while it runs, released however it ends (Ctrl-C included). */
export class DrillResources {
  scenario: Scenario | null = null;
  tracer: Tracer | null = null;

  /** Idempotent: Ctrl-C may come while the drill is releasing them itself. */
  async release(): Promise<void> {
    const scenario = this.scenario;
    this.scenario = null;
    this.tracer?.stop();
    await scenario?.cleanup();
  }
}

/** Checks the profile and the machine before anything starts (UsageError: exit 2). */
export function drillProfile(options: DrillOptions): Profile {
  const profile = loadProfile(options.profile);
  const roles = options.kind === 'step' ? (['entrypoint-wrapper', 'entrypoint', 'sidecar'] as const) : (['entrypoint', 'sidecar'] as const);
  const missing = roles.find((r) => !profile.roles[r]);
  if (missing) throw new UsageError(`profile ${profile.name} has no ${missing}: a ${options.kind} pod needs it`);
  if (!profile.capabilities.includes('local-output')) throw new UsageError(`profile ${profile.name} lacks local-output: the drill's sidecar uploads to a local directory`);
  requireStrace();
  return profile;
}

async function podRuntime(): Promise<PodRuntime> {
  try {
    return { kind: 'namespaces', launcher: await namespaceLauncher() };
  } catch (error) {
    const why = (error as Error).message;
    process.stderr.write(`podutils-conformance drill: no real PID namespaces (${why}): containers are process groups\n`);
    return { kind: 'process-group', why };
  }
}

/** Runs the drill; whatever happens, the pod, strace and the drill's files are gone when it settles. */
export async function runDrill(options: DrillOptions, resources: DrillResources): Promise<DrillResult> {
  try {
    return await drill(options, resources);
  } finally {
    await resources.release();
  }
}

async function drill(options: DrillOptions, resources: DrillResources): Promise<DrillResult> {
  const profile = drillProfile(options);
  const began = process.hrtime.bigint();
  const runtime = await podRuntime();
  const timing = new Timing(options.timeScale);
  const scenario = await Scenario.create({ profile, timing, runTag: `pc-drill-${randomBytes(3).toString('hex')}-` });
  resources.scenario = scenario;
  const notes: string[] = [];
  const store = new LocalStore(scenario.path('store'));
  const held = runtime.kind === 'namespaces';
  const plan: PodPlan = {
    kind: options.kind === 'step' ? 'ci-operator-step' : 'prow-job',
    test: options.step.test,
    timeoutMs: options.timeoutMs,
    gracePeriodMs: options.gracePeriodMs,
    terminationGraceMs: options.terminationGraceMs,
    destination: store.destination(),
    job: { type: 'periodic', job: options.step.name, buildId: '1' },
    // Held until strace is attached, so that it sees the container's program from its start.
    holdTest: held,
  };
  const spec = podSpec(scenario, plan);
  const test = spec.containers.find((c) => c.name === TEST_CONTAINER)!;
  test.env = { ...options.env, ...test.env };
  if (options.sharedDir) cpSync(options.sharedDir, scenario.path('shared'), { recursive: true });
  const pod = createPod({ scenario, ownServers: [] }, spec, runtime);
  await pod.start();
  const container = pod.container(TEST_CONTAINER);
  const tracer = await Tracer.attach(container.pid, scenario.path('trace.fifo'), timing.deadlineMs());
  resources.tracer = tracer;
  if (!held) notes.push(`strace attached after the container started (${runtime.kind === 'process-group' ? runtime.why : ''}): its first moments may be missing`);
  // The trace's clock is real time; the pod's is monotonic: one reading of both links them.
  const clock = { epochMs: performance.timeOrigin + performance.now(), hr: process.hrtime.bigint() };
  const epochOf = (hr: bigint) => clock.epochMs + Number(hr - clock.hr) / 1e6;
  const hrOf = (epochMs: number) => clock.hr + BigInt(Math.round((epochMs - clock.epochMs) * 1e6));

  const isStep = (argv: string[]) => argv[0] === options.step.test[0] && (options.step.test.length < 2 || argv[1] === options.step.test[1]);
  const stepStarted = new Promise<number>((resolve) => tracer.onRecord((r) => r.type === 'exec' && isStep(r.argv) && resolve(r.atMs)));
  if (held) pod.release(TEST_CONTAINER);
  const stepStartEpoch = await withTimeout(Promise.race([stepStarted, container.exited.then(() => null)]), timing.deadlineMs(), 'the step did not start').catch((error: Error) => {
    notes.push(error.message);
    return null;
  });
  if (stepStartEpoch === null) notes.push('the step never started: see the build log');

  let deletion: Deletion | null = null;
  if (options.deleteAfterMs !== null && stepStartEpoch !== null) {
    await Promise.race([sleepUntil(hrOf(stepStartEpoch), options.deleteAfterMs), pod.gone]);
    if (!pod.isGone) deletion = await deletePod(pod, scenario, timing);
    else notes.push(`the pod ended by itself before its deletion (${options.deleteAfterMs} ms after the step started)`);
  } else {
    const bound = options.timeoutMs + options.gracePeriodMs + timing.deadlineMs();
    if (!(await settlesWithin(pod.gone, bound))) {
      notes.push(`the pod was still running ${bound} ms after its start: the drill deleted it`);
      deletion = await deletePod(pod, scenario, timing);
    }
  }
  await pod.gone;
  const goneEpoch = epochOf(process.hrtime.bigint());
  await tracer.finish(timing.deadlineMs());

  const rootRecord = tracer.records.find((r) => r.pid === container.pid);
  const originEpochMs = rootRecord?.atMs ?? epochOf(container.launchedAt);
  const profileEntrypoint = scenario.command('entrypoint').at(-1)!;
  const processes = observedProcesses(tracer.records, {
    root: { pid: container.pid, role: options.kind === 'step' ? 'entrypoint-wrapper' : 'entrypoint' },
    isEntrypoint: (argv) => argv.includes(profileEntrypoint),
    isStep,
    originEpochMs,
  });
  const ms = (hr: bigint) => epochOf(hr) - originEpochMs;
  const killedAtMs = deletion?.killedAt ? ms(deletion.killedAt) : null;
  attributeKills(processes, killedAtMs);

  const volume = podVolume(scenario);
  const sidecarExit = pod.container(SIDECAR_CONTAINER).exit;
  const uploads = files(store.dir).map((f) => ({ name: f.name, atMs: f.mtimeMs - originEpochMs }));
  const uploaded = new Set(uploads.map((u) => u.name));
  const step = processes.find((p) => p.role === 'step');
  const result: DrillResult = {
    step: { name: options.step.name, source: options.step.source, kind: options.kind, script: options.step.script },
    config: {
      profile: profile.name,
      runtime: runtime.kind,
      timeoutMs: options.timeoutMs,
      gracePeriodMs: options.gracePeriodMs,
      terminationGraceMs: options.terminationGraceMs,
      deleteAfterMs: options.deleteAfterMs,
    },
    originEpochMs,
    processes,
    deletion: deletion && { atMs: ms(deletion.at), killedAtMs, killed: deletion.killed },
    sidecar: { endMs: sidecarExit ? ms(sidecarExit.at) : null, code: sidecarExit?.code ?? null, signal: sidecarExit?.signal ?? null },
    marker: existsSync(volume.markerFile) ? { atMs: statSync(volume.markerFile).mtimeMs - originEpochMs, code: readFileSync(volume.markerFile, 'utf8').trim() } : null,
    finished: finished(store.dir, originEpochMs),
    uploads,
    artifacts: files(volume.artifactDir).map((f) => ({ name: f.name, atMs: f.mtimeMs - originEpochMs, uploaded: uploaded.has(`artifacts/${f.name}`) })),
    buildLogTail: existsSync(volume.processLog) ? readFileSync(volume.processLog, 'utf8').trimEnd().split('\n').slice(-BUILD_LOG_LINES) : [],
    durations: { drillMs: 0, stepMs: step?.end ? step.end.atMs - step.startMs : null, podMs: goneEpoch - originEpochMs },
    notes,
  };
  await resources.release();
  // (the release included: the drill is over only once everything of it is gone)
  result.durations.drillMs = Number(process.hrtime.bigint() - began) / 1e6;
  return result;
}

/** Deletes the pod as an abort does, once the sidecar is up (its start-up is not the drill's subject). */
async function deletePod(pod: Pod, scenario: Scenario, timing: Timing): Promise<Deletion> {
  const sidecar = pod.container(SIDECAR_CONTAINER);
  if (!sidecar.exit) await readyWhileWaiting(sidecar, podVolume(scenario).dir, { startupMs: timing.startupMs, deadlineMs: timing.deadlineMs() });
  return pod.delete();
}

function files(dir: string): { name: string; mtimeMs: number }[] {
  if (!existsSync(dir)) return [];
  const out: { name: string; mtimeMs: number }[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push({ name: relative(dir, path).split(sep).join('/'), mtimeMs: statSync(path).mtimeMs });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.mtimeMs - b.mtimeMs);
}

function finished(storeDir: string, originEpochMs: number): DrillResult['finished'] {
  const file = join(storeDir, 'finished.json');
  if (!existsSync(file)) return null;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { result?: string; passed?: boolean };
    return { atMs: statSync(file).mtimeMs - originEpochMs, result: json.result ?? '?', passed: json.passed ?? null };
  } catch {
    return { atMs: statSync(file).mtimeMs - originEpochMs, result: 'unreadable', passed: null };
  }
}
