// A drill's observations in the one shape every picture of an interruption is drawn from
// (harness/timeline/model.ts): a lane per actor, the signals between them, how each ended, the
// marker, the uploads and the deadlines.
import type { Timeline, TimelineEvent, TimelineLane, TimelineMark } from '../timeline/model.js';
import { formatMs } from '../timing.js';
import type { DrillResult } from './result.js';

export function drillTimeline(result: DrillResult): Timeline {
  const lanes: TimelineLane[] = [];
  const events: TimelineEvent[] = [];
  const marks: TimelineMark[] = [];
  const d = result.deletion;
  if (d) lanes.push({ id: 'kubelet', label: 'kubelet' });
  for (const p of result.processes) lanes.push({ id: p.id, label: p.label, pid: p.pid, ...(p.parent ? { parent: p.parent } : {}) });
  lanes.push({ id: 'sidecar', label: 'sidecar' });
  const known = new Set(lanes.map((l) => l.id));
  const sender = (id: string | null | undefined) => (id && known.has(id) ? { from: id } : {});

  for (const p of result.processes) {
    events.push({ kind: 'start', lane: p.id, atMs: p.startMs });
    for (const s of p.signals) events.push({ kind: 'signal', lane: p.id, signal: s.signal, atMs: s.atMs, ...sender(s.from) });
    if (p.end) {
      // A SIGKILL is never seen arriving, only its effect: drawn from whoever sent it.
      if (p.end.signal === 'SIGKILL') events.push({ kind: 'signal', lane: p.id, signal: 'SIGKILL', atMs: p.end.atMs, ...sender(p.end.killedBy) });
      events.push({ kind: 'exit', lane: p.id, atMs: p.end.atMs, ...(p.end.signal ? { signal: p.end.signal } : { code: p.end.code ?? undefined }) });
    }
  }
  if (d) {
    events.push({ kind: 'delete', lane: 'kubelet', atMs: d.atMs });
    events.push({ kind: 'signal', lane: 'sidecar', from: 'kubelet', signal: 'SIGTERM', atMs: d.atMs });
    if (d.killedAtMs !== null && d.killed.includes('sidecar')) events.push({ kind: 'signal', lane: 'sidecar', from: 'kubelet', signal: 'SIGKILL', atMs: d.killedAtMs });
    marks.push({ kind: 'deletion', label: 'pod deleted', atMs: d.atMs });
    marks.push({ kind: 'termination-grace', label: `termination grace ends (${formatMs(result.config.terminationGraceMs)})`, atMs: d.atMs + result.config.terminationGraceMs });
  }
  const step = result.processes.find((p) => p.role === 'step');
  const interrupt = step?.signals.find((s) => s.signal === 'SIGINT' || s.signal === 'SIGTERM');
  if (interrupt) marks.push({ kind: 'grace-period', label: `grace period ends (${formatMs(result.config.gracePeriodMs)})`, atMs: interrupt.atMs + result.config.gracePeriodMs });
  if (step && !d) marks.push({ kind: 'timeout', label: `timeout (${formatMs(result.config.timeoutMs)})`, atMs: step.startMs + result.config.timeoutMs });
  if (result.marker) events.push({ kind: 'marker', lane: result.processes.find((p) => p.role === 'entrypoint')?.id ?? 'entrypoint', atMs: result.marker.atMs, code: result.marker.code });
  for (const u of result.uploads) events.push({ kind: 'upload', lane: 'sidecar', atMs: u.atMs, name: u.name });
  for (const a of result.artifacts) if (!a.uploaded) events.push({ kind: 'upload', lane: 'sidecar', atMs: a.atMs, name: `artifacts/${a.name}`, missing: true });
  if (result.sidecar.endMs !== null) events.push({ kind: 'exit', lane: 'sidecar', atMs: result.sidecar.endMs, ...(result.sidecar.signal ? { signal: result.sidecar.signal } : { code: result.sidecar.code ?? undefined }) });

  events.sort((a, b) => a.atMs - b.atMs);
  const lastEvent = Math.max(0, ...events.map((e) => e.atMs));
  // A deadline far beyond the drill (a 2 h timeout) would squash the picture: only nearby ones.
  const shown = marks.filter((m) => m.atMs <= lastEvent * 1.5 + 500);
  const endMs = Math.max(lastEvent, ...shown.map((m) => m.atMs));
  return { summary: summaryOf(result), lanes, events, marks: shown, endMs };
}

function summaryOf(result: DrillResult): string {
  const how = result.deletion ? `the pod deleted ${formatMs(result.deletion.atMs)} after the container started` : `entrypoint's timeout of ${formatMs(result.config.timeoutMs)}`;
  const step = result.processes.find((p) => p.role === 'step');
  const end = step?.end ? (step.end.signal ? `was killed by ${step.end.signal}` : `exited with ${step.end.code}`) : 'never ended';
  const outcome = result.finished ? `finished.json says ${result.finished.result}` : 'nothing was uploaded';
  return `Drill of ${result.step.name} interrupted by ${how}: the step ${end} at ${formatMs(step?.end?.atMs ?? 0)}, the marker says ${result.marker?.code ?? 'nothing (none was written)'}, and ${outcome}.`;
}
