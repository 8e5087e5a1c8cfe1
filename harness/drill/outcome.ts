// The drill's answers to a job author's questions, as label/value pairs both reports show:
// the marker, finished.json, whether the step fit in its grace period, what was uploaded and
// what came too late, what was left of the termination grace period, and what the job page says.
import type { Timeline, TimelineEvent } from '../timeline/model.js';
import { formatMs } from '../timing.js';
import { endText } from './findings.js';
import type { DrillResult } from './result.js';

export interface OutcomeRow {
  label: string;
  value: string;
}

export function outcomeRows(result: DrillResult): OutcomeRow[] {
  const rows: OutcomeRow[] = [];
  const step = result.processes.find((p) => p.role === 'step');
  rows.push({ label: 'the step', value: step ? `${endText(step)} at ${formatMs(step.end?.atMs ?? 0)}` : 'never started' });
  rows.push({ label: 'marker', value: result.marker ? `${result.marker.code}, written at ${formatMs(result.marker.atMs)}` : 'none was written' });
  rows.push({ label: 'finished.json', value: result.finished ? `result ${result.finished.result}, passed ${result.finished.passed}` : 'not uploaded' });
  const interrupt = step?.signals.find((s) => s.signal === 'SIGINT' || s.signal === 'SIGTERM');
  if (interrupt && step?.end) {
    const took = step.end.atMs - interrupt.atMs;
    // Killed is not ending in time, whoever killed it (entrypoint at the end of the grace period, or the kubelet before).
    const fit = took <= result.config.gracePeriodMs && step.end.signal !== 'SIGKILL';
    const how = step.end.signal === 'SIGKILL' ? endText(step) : 'ended';
    rows.push({ label: 'within its grace period', value: `${fit ? 'yes' : 'no'}: ${how} ${formatMs(took)} after the first ${interrupt.signal} (grace period ${formatMs(result.config.gracePeriodMs)})` });
  } else {
    rows.push({ label: 'within its grace period', value: 'the step was not interrupted' });
  }
  rows.push({ label: 'uploaded', value: result.uploads.length ? result.uploads.map((u) => u.name).join(', ') : 'nothing' });
  const late = result.artifacts.filter((a) => !a.uploaded);
  rows.push({ label: 'artifacts not uploaded', value: late.length ? late.map((a) => `${a.name} (written at ${formatMs(a.atMs)}${result.marker && a.atMs >= result.marker.atMs ? ', after the marker' : ''})`).join(', ') : 'none' });
  const d = result.deletion;
  if (d) {
    const end = d.atMs + result.config.terminationGraceMs;
    const left = result.marker ? end - result.marker.atMs : null;
    const sidecar = result.sidecar.endMs !== null && result.marker ? `; the sidecar was done ${formatMs(result.sidecar.endMs - result.marker.atMs)} after the marker` : '';
    rows.push({
      label: 'left for the upload',
      value: left === null ? `nothing: no marker within the termination grace period of ${formatMs(result.config.terminationGraceMs)}` : `${formatMs(Math.max(0, left))} of the termination grace period of ${formatMs(result.config.terminationGraceMs)} when the marker appeared${sidecar}`,
    });
  }
  rows.push({ label: 'the job page', value: jobPage(result) });
  return rows;
}

function jobPage(result: DrillResult): string {
  if (!result.finished) return 'no result: finished.json was never uploaded, so the job shows as still running or errored, with no build log';
  const state = { SUCCESS: 'succeeded', FAILURE: 'failed', ABORTED: 'aborted' }[result.finished.result] ?? result.finished.result;
  return `${result.finished.result}: the job ${state}, with the build log above`;
}

/** One line per timeline event, in words: "SIGTERM to entrypoint, from entrypoint-wrapper". */
export function describeEvent(timeline: Timeline, event: TimelineEvent, result: DrillResult): string {
  const label = (id: string) => timeline.lanes.find((l) => l.id === id)?.label ?? id;
  const killedBy = (lane: string) => result.processes.find((p) => p.id === lane)?.end?.killedBy;
  switch (event.kind) {
    case 'start':
      return `${label(event.lane)} starts`;
    case 'signal':
      if (event.from) return `${event.signal} to ${label(event.lane)}, from ${label(event.from)}`;
      return `${event.signal} to ${label(event.lane)}${event.signal === 'SIGKILL' && killedBy(event.lane) === 'kernel' ? ', from the kernel (its container ended)' : ' (sender not traced)'}`;
    case 'exit':
      return `${label(event.lane)} ${event.signal ? `killed by ${event.signal}` : `exits with ${event.code}`}`;
    case 'marker':
      return `marker written: ${event.code}`;
    case 'upload':
      return event.missing ? `${event.name} written, never uploaded` : `${event.name} uploaded`;
    case 'delete':
      return 'the pod is deleted (the job was aborted)';
    case 'note':
      return event.text;
  }
}
