// Benchmark rows for entrypoint and entrypoint-wrapper: start-up, signal forwarding latency,
// timeout and kill accuracy, log throughput (1 GiB through entrypoint, beside `tee` of the same
// bytes as the limit) and peak RSS. Each run is a real process tree with the probe as the test.
import { mkdtempSync, rmSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ProbeListener } from '../probe/listener.js';
import { defaultBehaviour, type Behaviour } from '../probe/behaviour.js';
import { probeCommand } from '../probe/command.js';
import { encodeEntrypointOptions } from '../options/entrypoint.js';
import { startProgram } from '../process/program.js';
import { killGroup } from '../process/tree.js';
import { measure, type Measured } from './measure.js';
import { elapsedMs } from '../timing.js';
import type { Profile } from '../profiles/profile.js';
import type { Row } from './sidecar-upload.js';
import { onInterrupt } from '../process/interrupt.js';

/** A measured figure in seconds (what the report's rows hold), with no RSS. */
function figure(seconds: number): Measured {
  return { seconds, peakRssMiB: 0, exitCode: 0, signal: null };
}

interface Trial {
  dir: string;
  probes: ProbeListener;
  behaviour: Behaviour;
}

async function trial(root: string): Promise<Trial> {
  const dir = mkdtempSync(join(root, 't-'));
  mkdirSync(join(dir, 'logs'));
  const probes = await ProbeListener.listen(join(dir, 'probe.sock'));
  return { dir, probes, behaviour: defaultBehaviour(probes.path, 'pc-bench') };
}

function entrypointEnv(t: Trial, timeoutMs: number, graceMs: number): Record<string, string> {
  return {
    ENTRYPOINT_OPTIONS: encodeEntrypointOptions({
      args: probeCommand(t.behaviour),
      timeoutMs, gracePeriodMs: graceMs,
      processLog: join(t.dir, 'logs', 'process-log.txt'), markerFile: join(t.dir, 'logs', 'marker-file.txt'),
    }),
  };
}

/** One run of entrypoint (optionally under entrypoint-wrapper) around the probe. */
async function runOnce(profile: Profile, root: string, kind: 'forward' | 'forward-wrapped' | 'timeout'): Promise<number> {
  const t = await trial(root);
  const timeoutMs = kind === 'timeout' ? 1000 : 60_000;
  t.behaviour.runMs = null;
  t.behaviour.reactions = { SIGINT: { kind: 'ignore' }, SIGTERM: { kind: 'ignore' } };
  const env = entrypointEnv(t, timeoutMs, 1000);
  const wrapped = kind === 'forward-wrapped';
  const command = wrapped ? [...profile.roles['entrypoint-wrapper']!.command, '--dry-run', ...profile.roles.entrypoint!.command] : profile.roles.entrypoint!.command;
  if (wrapped) {
    mkdirSync(join(t.dir, 'shared'));
    Object.assign(env, { SHARED_DIR: join(t.dir, 'shared'), NAMESPACE: 'bench', JOB_NAME_SAFE: 'bench', HOME: t.dir, TMPDIR: t.dir });
  }
  const program = startProgram('bench', { command, cwd: t.dir, env, stdoutFile: join(t.dir, 'out'), stderrFile: join(t.dir, 'err') });
  try {
    const probe = await t.probes.waitFor('ready', () => t.probes.byRole('test'), 30_000);
    if (kind === 'timeout') {
      const sigint = await t.probes.waitFor('SIGINT', () => probe.signals.find((s) => s.signal === 'SIGINT'), 30_000);
      const gone = await t.probes.waitFor('death', () => probe.goneAt, 30_000);
      // returns "kill after SIGINT" in ms; the timeout accuracy is recorded through `timeouts`
      timeouts.push(elapsedMs(probe.startedAt, sigint.at) - timeoutMs);
      return elapsedMs(sigint.at, gone) - 1000;
    }
    const sentAt = process.hrtime.bigint();
    process.kill(program.pid, 'SIGTERM');
    const sigint = await t.probes.waitFor('SIGINT', () => probe.signals.find((s) => s.signal === 'SIGINT'), 30_000);
    return elapsedMs(sentAt, sigint.at);
  } finally {
    killGroup(program.pgid);
    await program.exited;
    await t.probes.close();
    rmSync(t.dir, { recursive: true, force: true });
  }
}

const timeouts: number[] = [];

const wallClockNs = (): bigint => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

/** From the exec of `command(stamp)` to it writing the wall clock (in ns) into `stamp`. */
async function startup(command: (stamp: string) => string[], env: (stamp: string) => Record<string, string>, root: string): Promise<number> {
  const dir = mkdtempSync(join(root, 's-'));
  const stamp = join(dir, 'stamp');
  execFileSync('sync');
  const launched = wallClockNs();
  await measure(command(stamp), env(stamp), dir, false);
  const started = BigInt(readFileSync(stamp, 'utf8').trim());
  rmSync(dir, { recursive: true, force: true });
  return Number(started - launched) / 1e6;
}

/** Entrypoint's start-up: the test stamps the wall clock with `date`. */
function entrypointStartup(profile: Profile, root: string): Promise<number> {
  return startup(() => profile.roles.entrypoint!.command, (stamp) => ({
    ENTRYPOINT_OPTIONS: encodeEntrypointOptions({ args: ['/bin/sh', '-c', `date +%s%N > ${stamp}`], processLog: `${stamp}.log`, markerFile: `${stamp}.marker` }),
  }), root);
}

/** Node's own boot, the floor under any Node program's start-up: exec to the first line of JavaScript. */
function nodeBoot(root: string, env: Record<string, string>): Promise<number> {
  const script = (stamp: string): string =>
    `require('fs').writeFileSync(${JSON.stringify(stamp)}, String(BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6))))`;
  return startup((stamp) => [process.execPath, '-e', script(stamp)], () => env, root);
}

async function throughput(command: string[], root: string, bytes: number, isLimit: boolean): Promise<Measured> {
  const dir = mkdtempSync(join(root, 'x-'));
  const log = join(dir, 'process-log.txt');
  const produce = `head -c ${bytes} /dev/zero`;
  let result: Measured;
  if (isLimit) {
    result = await measure(['/bin/sh', '-c', `${produce} | tee ${log} > /dev/null`], {}, dir);
  } else {
    writeFileSync(join(dir, 'marker'), '');
    result = await measure(command, { ENTRYPOINT_OPTIONS: encodeEntrypointOptions({ args: ['/bin/sh', '-c', produce], processLog: log, markerFile: join(dir, 'marker') }) }, dir);
  }
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const STARTUP = 'entrypoint: start-up (exec to the test running)';

/**
 * `nodeEnv`: variables the bench took out of the programs' environment because they slow Node's
 * boot (NODE_EXTRA_CA_CERTS: Node 20 reads the whole bundle at start); their cost gets a row.
 */
export async function benchEntrypoint(profiles: Profile[], repeats: number, logBytes: number, log: (line: string) => void, nodeEnv: Record<string, string> = {}): Promise<Row[]> {
  const root = mkdtempSync(join(tmpdir(), 'podutils-bench-ep-'));
  const forgetRoot = onInterrupt(() => rmSync(root, { recursive: true, force: true }));
  const rows: Row[] = [];
  try {
    for (const profile of profiles) {
      if (!profile.roles.entrypoint) continue;
      const series = async (label: string, fn: () => Promise<number>): Promise<void> => {
        const runs: Measured[] = [];
        for (let i = 0; i < repeats; i++) runs.push(figure((await fn()) / 1000));
        rows.push({ measure: label, implementation: profile.name, runs, bytes: 0 });
        log(`bench: ${label}, ${profile.name}: ${runs.map((r) => (r.seconds * 1000).toFixed(1)).join(', ')} ms`);
      };
      await series(STARTUP, () => entrypointStartup(profile, root));
      await series('entrypoint: SIGTERM to the test seeing SIGINT', () => runOnce(profile, root, 'forward'));
      timeouts.length = 0;
      await series('entrypoint: kill accuracy (death - SIGINT - grace)', () => runOnce(profile, root, 'timeout'));
      rows.push({ measure: 'entrypoint: timeout accuracy (SIGINT - test start - timeout, ±10 ms)', implementation: profile.name, runs: timeouts.map((ms) => figure(ms / 1000)), bytes: 0 });
      if (profile.roles['entrypoint-wrapper']) {
        await series('entrypoint-wrapper: SIGTERM through wrapper and entrypoint to the test seeing SIGINT', () => runOnce(profile, root, 'forward-wrapped'));
      }
      const runs: Measured[] = [];
      for (let i = 0; i < repeats; i++) runs.push(await throughput(profile.roles.entrypoint.command, root, logBytes, false));
      rows.push({ measure: `entrypoint: ${logBytes / 2 ** 20} MiB of output to stdout (/dev/null) and the process log`, implementation: profile.name, runs, bytes: logBytes });
    }
    const boots: [string, Record<string, string>][] = [['limit: node boot (exec to the first line of JavaScript)', {}]];
    for (const [name, value] of Object.entries(nodeEnv)) boots.push([`limit: node boot with ${name} (set where the bench ran)`, { [name]: value }]);
    for (const [implementation, env] of boots) {
      const runs: Measured[] = [];
      for (let i = 0; i < Math.max(repeats, 5); i++) runs.push(figure((await nodeBoot(root, env)) / 1000));
      rows.push({ measure: STARTUP, implementation, runs, bytes: 0 });
    }
    const limit: Measured[] = [];
    for (let i = 0; i < repeats; i++) limit.push(await throughput([], root, logBytes, true));
    rows.push({ measure: `entrypoint: ${logBytes / 2 ** 20} MiB of output to stdout (/dev/null) and the process log`, implementation: 'limit: tee', runs: limit, bytes: logBytes });
  } finally {
    rmSync(root, { recursive: true, force: true });
    forgetRoot();
  }
  return rows;
}
