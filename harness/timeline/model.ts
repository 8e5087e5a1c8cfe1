// One picture of an interruption: who signalled whom and when, how each process ended, the
// marker, the uploads, and the configured deadlines. The suite's scenarios (kept in
// results.json) and the drill's reports are both drawn from this one shape, by one module.
// Times are milliseconds from the timeline's origin (the first process start it records).

/** A row of the picture: one actor (kubelet, entrypoint-wrapper, entrypoint, test, a child...). */
export interface TimelineLane {
  id: string;
  label: string;
  /** Host pid, when the lane is a process. */
  pid?: number;
  /** The lane this one was started by (a child under its parent), for indenting. */
  parent?: string;
}

export type TimelineEvent =
  | { kind: 'start'; lane: string; atMs: number }
  /** A signal: `from` sent it (absent when the sender is not known), `lane` received it. */
  | { kind: 'signal'; lane: string; from?: string; signal: string; atMs: number }
  /** The lane's process ended: its exit code, or the signal that killed it. */
  | { kind: 'exit'; lane: string; atMs: number; code?: number; signal?: string }
  /** The marker file appeared, with the code written in it. */
  | { kind: 'marker'; lane: string; atMs: number; code: string }
  /** A file reached the store (or was found missing from it: `missing`). */
  | { kind: 'upload'; lane: string; atMs: number; name: string; missing?: boolean }
  /** The pod was deleted (an abort), by the lane that did it (usually the kubelet). */
  | { kind: 'delete'; lane: string; atMs: number }
  | { kind: 'note'; lane: string; atMs: number; text: string };

/** A configured deadline drawn on the axis (the timeout, the end of a grace period...). */
export interface TimelineMark {
  kind: 'timeout' | 'grace-period' | 'termination-grace' | 'deletion' | 'other';
  label: string;
  atMs: number;
}

export interface Timeline {
  /** One sentence saying what the picture shows (its text alternative). */
  summary: string;
  lanes: TimelineLane[];
  events: TimelineEvent[];
  marks: TimelineMark[];
  /** Where the axis ends (at least the last event). */
  endMs: number;
}
