// The scenario's timeline, gathered at its end from what the World measured: the programs it
// started and how they ended, what each probe reported (signals, exit, the moment it was gone),
// the signals the harness sent (as the caller, or as the kubelet deleting a pod), the marker,
// the store's own record of each upload, and the configured deadlines.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { buildTimeline, emptyRecording, type RecordedLane, type Recording } from '../../harness/timeline/record.js';
import type { Timeline } from '../../harness/timeline/model.js';
import type { ConformanceWorld } from '../world.js';

/** Most objects drawn per scenario; an artifact tree of hundreds would hide everything else. */
const MAX_UPLOADS = 10;
const MS = 1_000_000n;

export async function scenarioTimeline(world: ConformanceWorld): Promise<Timeline> {
  const recording = emptyRecording();
  const s = world.scenario;
  const pod = world.pod;
  const caller = pod ? 'kubelet' : 'harness';
  recording.lanes.push({ id: caller, label: pod ? 'kubelet' : 'harness (the caller)' });

  for (const program of s.programs) {
    const container = pod?.spec.containers.find((c) => c.name === program.name);
    const role = container ? (container.role ?? `${container.name} (${basename(container.command?.[0] ?? container.name)})`) : program.name.replace(/-\d+$/, '');
    recording.lanes.push({
      id: program.name,
      label: program.name === 'sandbox' ? 'pause (sandbox)' : role,
      pid: program.pid,
      startedAt: program.launchedAt,
      ...(program.exit ? { exit: { at: program.exit.at, code: program.exit.code, signal: program.exit.signal } } : {}),
    });
  }

  const probes = s.probes.probes;
  const laneOfPid = (pid: number): string | undefined =>
    s.programs.find((p) => p.pid === pid)?.name ?? (probes.findIndex((p) => p.pid === pid) >= 0 ? `probe-${probes.findIndex((p) => p.pid === pid)}` : undefined);
  probes.forEach((probe, i) => {
    const id = `probe-${i}`;
    // A probe in a container's PID namespace reports its parent's pid there: 1 is the container's first process.
    const parent = laneOfPid(probe.ppid) ?? (probe.ppid === 1 && pod?.has('test') ? 'test' : undefined);
    const lane: RecordedLane = {
      id,
      label: probe.role === 'grandchild' ? 'background process' : probe.role,
      pid: probe.pid,
      ...(parent ? { parent } : {}),
      startedAt: probe.startedAt,
    };
    // Its own last report, when it made one, is nearer its end than the socket's close (which
    // the harness hears only when its event loop comes round to it).
    if (probe.goneAt) lane.exit = { at: probe.exiting?.at ?? probe.goneAt, code: probe.exiting?.code ?? null };
    recording.lanes.push(lane);
    // Only its parent signals a probe in these scenarios (the harness signals the programs).
    for (const signal of probe.signals) recording.signals.push({ at: signal.at, signal: signal.signal, to: id, ...(parent ? { from: parent } : {}) });
  });

  for (const sent of world.sentSignals) recording.signals.push({ at: sent.at, signal: sent.signal, to: sent.to, from: caller });
  for (const sent of world.sidecarSignals) if (world.sidecar) recording.signals.push({ at: sent.at, signal: sent.signal, to: world.sidecar.name, from: caller });

  const deletion = pod?.deletion;
  if (pod && deletion) {
    recording.deletions.push({ at: deletion.at, by: caller });
    for (const program of s.programs) {
      if (program.name === 'sandbox' || (program.exit && program.exit.at <= deletion.at)) continue;
      recording.signals.push({ at: deletion.at, signal: 'SIGTERM', to: program.name, from: caller });
    }
    if (deletion.killedAt) for (const name of deletion.killed) recording.signals.push({ at: deletion.killedAt, signal: 'SIGKILL', to: name, from: caller });
    recording.deadlines.push({ kind: 'termination-grace', label: 'termination grace ends', at: deletion.at + BigInt(Math.round(pod.spec.terminationGraceMs)) * MS });
  }

  addMarker(world, recording);
  await addUploads(world, recording);
  addDeadlines(world, recording);
  return buildTimeline(recording);
}

function addMarker(world: ConformanceWorld, recording: Recording): void {
  const writer = world.pod ? 'test' : world.entrypoint ? world.entrypoint.name : 'harness';
  const file = world.entrypointOptions.markerFile ?? world.scenario.path('logs', 'marker-file.txt');
  const watched = world.markerWatcher?.seen;
  let at = watched?.firstSeenAt ?? world.markerWrittenAt ?? null;
  let code = watched?.reads.filter((r) => r.trim() !== '').at(-1)?.trim() ?? '';
  // (a folder in the marker's place is a scenario's way of making the write fail)
  if (existsSync(file) && statSync(file).isFile()) {
    code ||= readFileSync(file, 'utf8').trim();
    // Unwatched, the file's own modification time says when it was written (finer than a poll).
    at ??= onHrtimeAxis(statSync(file).mtimeMs);
  }
  at ??= world.uploadOrder?.markerSeenAt ?? null;
  if (at) recording.markers.push({ at, code: code || 'written', by: writer });
}

/** A wall-clock instant (ms since the epoch) on the hrtime axis, with the two clocks read together. */
function onHrtimeAxis(epochMs: number): bigint {
  const wallNs = BigInt(Math.round(Date.now() * 1e3)) * 1000n;
  return process.hrtime.bigint() - (wallNs - BigInt(Math.round(epochMs * 1e3)) * 1000n);
}

/** The objects in the store, at the time the store says each arrived (its clock is the wall clock). */
async function addUploads(world: ConformanceWorld, recording: Recording): Promise<void> {
  const store = world.store;
  if (!store || !world.sidecar) return;
  const arrivals = (await store.arrivals().catch(() => [])).sort((a, b) => a.atEpochMs - b.atEpochMs);
  for (const a of arrivals.slice(0, MAX_UPLOADS)) recording.uploads.push({ at: onHrtimeAxis(a.atEpochMs), name: shortKey(a.key), by: world.sidecar.name });
  if (arrivals.length > MAX_UPLOADS) {
    recording.notes.push({ at: onHrtimeAxis(arrivals.at(-1)!.atEpochMs), lane: world.sidecar.name, text: `${arrivals.length - MAX_UPLOADS} more objects` });
  }
}

/** A bucket key without the job's prefix (logs/<job>/<build>/). */
function shortKey(key: string): string {
  return key.replace(/^(pr-logs\/pull\/[^/]+\/[^/]+\/|logs\/)[^/]+\/[^/]+\//, '');
}

function addDeadlines(world: ConformanceWorld, recording: Recording): void {
  const plan = world.podPlan;
  const pod = world.pod;
  let start: bigint | undefined;
  let timeoutMs: number | undefined;
  let graceMs: number | undefined;
  let interruptedAt: bigint | undefined;
  // entrypoint's timeout runs from the test's start: the probe's, where the test is the probe;
  // in a step pod the step's shell comes first, and the test container's start stands in for it.
  const testStart = plan?.kind === 'ci-operator-step' ? undefined : world.scenario.probes.byRole('test')?.startedAt;
  if (plan && pod?.has('test')) {
    start = testStart ?? pod.container('test').launchedAt;
    timeoutMs = plan.timeoutMs;
    graceMs = plan.gracePeriodMs;
    interruptedAt = pod.deletion?.at;
  } else if (!plan && world.entrypoint) {
    start = testStart ?? world.entrypoint.launchedAt;
    timeoutMs = world.entrypointOptions.timeoutMs;
    graceMs = world.entrypointOptions.gracePeriodMs;
    interruptedAt = world.sentSignals.find((s) => s.to === world.entrypoint!.name)?.at;
  }
  if (start === undefined) return;
  const timeoutAt = timeoutMs ? start + BigInt(Math.round(timeoutMs)) * MS : undefined;
  if (timeoutAt !== undefined) recording.deadlines.push({ kind: 'timeout', label: 'timeout', at: timeoutAt });
  // The grace period runs from whichever came first: the timeout or the interrupt.
  const graceFrom = [timeoutAt, interruptedAt].filter((t): t is bigint => t !== undefined).sort((a, b) => (a < b ? -1 : 1))[0];
  if (graceMs && graceFrom !== undefined) recording.deadlines.push({ kind: 'grace-period', label: 'grace ends', at: graceFrom + BigInt(Math.round(graceMs)) * MS });
}
