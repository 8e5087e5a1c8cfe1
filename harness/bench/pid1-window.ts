// Benchmark rows for the test container's first process as PID 1 (entrypoint in a Prow job pod,
// entrypoint-wrapper above it in a step pod): how long after its exec a SIGTERM (the kubelet's,
// for a pod deleted at that moment) is not acted on. It runs as PID 1 of a PID
// namespace of its own (harness/pod/runtimes) around the probe; SIGTERM is sent d ms after the
// launcher reported the pid, for d = 0, 1, ... 10, 15, 20, ... until several delays in a row were acted on.
// Each trial ends one of three ways:
//   acted on  the test receives a signal (the handlers ran and passed it on)
//   lost      the test starts and receives nothing (the signal came before any handler: PID 1
//             drops it; Node's boot-time handler re-raises it, which PID 1 drops too)
//   fatal     the program dies without a marker (Go's runtime handler, before signal.Notify,
//             re-raises and then exits 2)
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProbeListener } from '../probe/listener.js';
import { defaultBehaviour } from '../probe/behaviour.js';
import { probeCommand } from '../probe/command.js';
import { encodeEntrypointOptions } from '../options/entrypoint.js';
import { startProgram } from '../process/program.js';
import { killGroup } from '../process/tree.js';
import { namespaceLauncher } from '../pod/runtimes/launcher.js';
import type { Profile } from '../profiles/profile.js';
import type { Measured } from './measure.js';
import type { Row } from './sidecar-upload.js';

export type Outcome = 'acted on' | 'lost' | 'fatal';

const STEP_MS = 5;
/** Delays in a row acted on before the sweep ends. */
const SETTLED = 6;
/** How long after the test's start a trial waits for a signal before calling it lost. */
const QUIET_MS = 400;

/** The first process of the test container: entrypoint (Prow job pod) or the wrapper above it (step pod). */
type First = 'entrypoint' | 'entrypoint-wrapper';

async function trial(profile: Profile, first: First, launcher: string, root: string, delayMs: number): Promise<Outcome> {
  const dir = mkdtempSync(join(root, 't-'));
  mkdirSync(join(dir, 'logs'));
  const probes = await ProbeListener.listen(join(dir, 'probe.sock'));
  const behaviour = { ...defaultBehaviour(probes.path, 'pc-bench-pid1'), runMs: null, reactions: { SIGINT: { kind: 'exit' as const, code: 0, afterMs: 0 } } };
  const marker = join(dir, 'logs', 'marker-file.txt');
  const env = {
    ENTRYPOINT_OPTIONS: encodeEntrypointOptions({
      args: probeCommand(behaviour),
      timeoutMs: 60_000, gracePeriodMs: 1000, processLog: join(dir, 'logs', 'process-log.txt'), markerFile: marker,
    }),
  };
  let command = profile.roles.entrypoint!.command;
  if (first === 'entrypoint-wrapper') {
    command = [...profile.roles['entrypoint-wrapper']!.command, '--dry-run', ...command];
    mkdirSync(join(dir, 'shared'));
    Object.assign(env, { SHARED_DIR: join(dir, 'shared'), NAMESPACE: 'bench', JOB_NAME_SAFE: 'bench', HOME: dir, TMPDIR: dir });
  }
  const program = startProgram(first, { command, cwd: dir, env, stdoutFile: join(dir, 'out'), stderrFile: join(dir, 'err'), launcher: [launcher] });
  try {
    await program.started;
    if (delayMs > 0) await sleep(delayMs);
    process.kill(program.pid, 'SIGTERM');
    const ended = program.exited.then(() => 'exited' as const);
    const ready = probes.waitFor('ready', () => probes.byRole('test'), 30_000).then(() => 'ready' as const);
    if ((await Promise.race([ended, ready])) === 'exited') return existsSync(marker) ? 'acted on' : 'fatal';
    const probe = probes.byRole('test')!;
    const signalled = probes.waitFor('SIGINT', () => probe.signals.length > 0, QUIET_MS).then(() => true, () => false);
    if (await signalled) return 'acted on';
    return program.exit && !existsSync(marker) ? 'fatal' : 'lost';
  } finally {
    killGroup(program.pgid);
    await program.exited;
    await probes.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One sweep: the outcome per delay, until SETTLED delays in a row were acted on. */
async function sweep(profile: Profile, first: First, launcher: string, root: string): Promise<[number, Outcome][]> {
  const outcomes: [number, Outcome][] = [];
  // 1 ms steps for the first 10 ms: Go's fatal window is a few milliseconds wide.
  for (let delay = 0, inRow = 0; inRow < SETTLED && delay <= 2000; delay += delay < 10 ? 1 : STEP_MS) {
    const outcome = await trial(profile, first, launcher, root, delay);
    outcomes.push([delay, outcome]);
    inRow = outcome === 'acted on' ? inRow + 1 : 0;
  }
  return outcomes;
}

const figure = (ms: number): Measured => ({ seconds: ms / 1000, peakRssMiB: 0, exitCode: 0, signal: null });

/** A row of the last delay not acted on, per sweep; the log says how many were lost or fatal. */
export async function benchPid1Window(profiles: Profile[], repeats: number, log: (line: string) => void): Promise<Row[]> {
  let launcher: string;
  try {
    launcher = await namespaceLauncher();
  } catch (error) {
    log(`bench: PID-1 window rows left out: ${(error as Error).message}`);
    return [];
  }
  const root = mkdtempSync(join(tmpdir(), 'podutils-bench-pid1-'));
  const rows: Row[] = [];
  try {
    for (const profile of profiles) {
      const firsts = (['entrypoint', 'entrypoint-wrapper'] as const).filter((role) => profile.roles[role] && profile.roles.entrypoint);
      for (const first of firsts) {
        const windows: Measured[] = [];
        const counts = { lost: 0, fatal: 0 };
        for (let i = 0; i < repeats; i++) {
          const outcomes = await sweep(profile, first, launcher, root);
          const missed = outcomes.filter(([, o]) => o !== 'acted on');
          for (const [, o] of missed) counts[o as 'lost' | 'fatal']++;
          windows.push(figure(missed.length ? missed[missed.length - 1][0] : 0));
          log(`bench: PID 1 window, ${first}, ${profile.name}: ${outcomes.map(([d, o]) => `${d}:${o === 'acted on' ? 'ok' : o}`).join(' ')}`);
        }
        const what = first === 'entrypoint' ? 'entrypoint as PID 1 (Prow job pod)' : 'entrypoint-wrapper as PID 1 (step pod)';
        rows.push({ measure: `${what}: last SIGTERM not acted on (ms after exec; 1 ms steps to 10 ms, then 5 ms)`, implementation: profile.name, runs: windows, bytes: 0 });
        log(`bench: PID 1 window, ${first}, ${profile.name}: of the early SIGTERMs ${counts.lost} were lost, ${counts.fatal} fatal (ended without a marker)`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
