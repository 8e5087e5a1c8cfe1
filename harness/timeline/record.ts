// From what a run measured (hrtime instants, in ns) to a Timeline: times become milliseconds from
// the first recorded start, lanes without anything to show are left out, and the summary is
// written from the events themselves. Whoever gathers the measurements (the scenario's World,
// the drill) says only what happened; nothing here is invented or taken from a scenario's text.
import type { Timeline, TimelineEvent, TimelineLane, TimelineMark } from './model.js';
import { seconds } from './svg.js';

export interface RecordedLane {
  id: string;
  label: string;
  pid?: number;
  parent?: string;
  startedAt?: bigint;
  exit?: { at: bigint; code?: number | null; signal?: string | null };
}

export interface Recording {
  lanes: RecordedLane[];
  /** A signal received by `to`; `from` when the sender is known. */
  signals: { at: bigint; signal: string; to: string; from?: string }[];
  markers: { at: bigint; code: string; by: string }[];
  uploads: { at: bigint; name: string; by: string; missing?: boolean }[];
  deletions: { at: bigint; by: string }[];
  notes: { at: bigint; lane: string; text: string }[];
  deadlines: { kind: TimelineMark['kind']; label: string; at: bigint }[];
}

export function emptyRecording(): Recording {
  return { lanes: [], signals: [], markers: [], uploads: [], deletions: [], notes: [], deadlines: [] };
}

export function buildTimeline(recording: Recording): Timeline {
  const instants = [
    ...recording.lanes.flatMap((l) => (l.startedAt === undefined ? [] : [l.startedAt])),
    ...recording.signals.map((s) => s.at),
    ...recording.deletions.map((d) => d.at),
  ];
  if (instants.length === 0) return { summary: 'No process was started, so there is nothing to draw.', lanes: [], events: [], marks: [], endMs: 0 };
  let origin = instants[0];
  for (const t of instants) if (t < origin) origin = t; // (bigints: Math.min does not take them)
  const ms = (at: bigint): number => Math.round(Number(at - origin) / 1e4) / 100;

  const events: TimelineEvent[] = [];
  for (const l of recording.lanes) {
    if (l.startedAt !== undefined) events.push({ kind: 'start', lane: l.id, atMs: ms(l.startedAt) });
    if (l.exit) {
      const how = l.exit.signal ? { signal: l.exit.signal } : l.exit.code === null || l.exit.code === undefined ? {} : { code: l.exit.code };
      events.push({ kind: 'exit', lane: l.id, atMs: ms(l.exit.at), ...how });
    }
  }
  // (a deletion before the signals it sends at the same instant: the sort below is stable)
  for (const d of recording.deletions) events.push({ kind: 'delete', lane: d.by, atMs: ms(d.at) });
  for (const s of recording.signals) events.push({ kind: 'signal', lane: s.to, ...(s.from ? { from: s.from } : {}), signal: s.signal, atMs: ms(s.at) });
  for (const m of recording.markers) events.push({ kind: 'marker', lane: m.by, atMs: ms(m.at), code: m.code });
  for (const u of recording.uploads) events.push({ kind: 'upload', lane: u.by, atMs: ms(u.at), name: u.name, ...(u.missing ? { missing: true } : {}) });
  for (const n of recording.notes) events.push({ kind: 'note', lane: n.lane, atMs: ms(n.at), text: n.text });
  events.sort((a, b) => a.atMs - b.atMs);

  const used = new Set(events.flatMap((e) => (e.kind === 'signal' && e.from ? [e.lane, e.from] : [e.lane])));
  const lanes: TimelineLane[] = recording.lanes
    .filter((l) => used.has(l.id))
    .map((l) => ({ id: l.id, label: l.label, ...(l.pid ? { pid: l.pid } : {}), ...(l.parent && used.has(l.parent) ? { parent: l.parent } : {}) }));
  const marks: TimelineMark[] = recording.deadlines.map((d) => ({ kind: d.kind, label: d.label, atMs: ms(d.at) })).sort((a, b) => a.atMs - b.atMs);
  // The axis covers the events and the deadlines near them (a grace period left unused); a far
  // one (a 1 min timeout in a scenario over in 3 s) would squeeze everything into the left edge.
  const lastEvent = Math.max(0, ...events.map((e) => e.atMs));
  const endMs = Math.max(lastEvent, ...marks.map((m) => m.atMs).filter((at) => at <= 5 * lastEvent));
  const timeline = { summary: '', lanes, events, marks, endMs };
  return { ...timeline, summary: summarize(timeline) };
}

/** One sentence: every signal and how each process ended, in time order. */
export function summarize(timeline: Omit<Timeline, 'summary'>): string {
  const name = (id: string): string => timeline.lanes.find((l) => l.id === id)?.label ?? id;
  const told: string[] = [];
  for (const e of timeline.events) {
    if (e.kind === 'signal') told.push(`${e.from ? `${name(e.from)} sends ${e.signal} to ${name(e.lane)}` : `${name(e.lane)} receives ${e.signal}`} at ${seconds(e.atMs)}`);
    else if (e.kind === 'exit') told.push(`${name(e.lane)} ${e.signal ? `is killed by ${e.signal}` : e.code === undefined ? 'is killed' : `exits ${e.code}`} at ${seconds(e.atMs)}`);
    else if (e.kind === 'delete') told.push(`${name(e.lane)} deletes the pod at ${seconds(e.atMs)}`);
    else if (e.kind === 'marker') told.push(`the marker (${e.code}) appears at ${seconds(e.atMs)}`);
  }
  if (told.length === 0) return `Over ${seconds(timeline.endMs)}, no signal was sent and no process ended.`;
  const sentence = told.join(', ');
  return `${sentence[0].toUpperCase()}${sentence.slice(1)}.`;
}
