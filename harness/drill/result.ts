// What one drill observed, in milliseconds from the moment the test container's program
// started. Everything the findings, the terminal report, the HTML page and the timeline say is
// computed from this (it is also written as report.json).
import type { DrillKind } from './options.js';

export type ProcessRole = 'entrypoint-wrapper' | 'entrypoint' | 'step' | 'child';

export interface ReceivedSignal {
  atMs: number;
  signal: string;
  /** The id of the sending process, 'kubelet' (from outside the container), or null (not known). */
  from: string | null;
}

export interface ProcessEnd {
  atMs: number;
  code: number | null;
  signal: string | null;
  /** Who sent the fatal SIGKILL: a process id, 'kubelet', 'kernel' (its container ended). */
  killedBy?: string | null;
}

export interface ObservedProcess {
  /** Lane id: the role for the three programs, `p<host pid>` for the step's descendants. */
  id: string;
  role: ProcessRole;
  pid: number;
  /** The id of its parent process (null for the container's first process). */
  parent: string | null;
  label: string;
  /** Every program it ran, in order (a shell that ends in exec ran two). */
  programs: string[][];
  startMs: number;
  signals: ReceivedSignal[];
  /** Signals it sent: to whom (an id, or a host pid when not one of the container's). */
  sent: { atMs: number; signal: string; to: string }[];
  end: ProcessEnd | null;
}

export interface DrillResult {
  step: { name: string; source: string; kind: DrillKind; script: string | null };
  config: { profile: string; runtime: string; timeoutMs: number; gracePeriodMs: number; terminationGraceMs: number; deleteAfterMs: number | null };
  /** Real time (ms since the epoch) of the origin. */
  originEpochMs: number;
  processes: ObservedProcess[];
  deletion: { atMs: number; killedAtMs: number | null; killed: string[] } | null;
  sidecar: { endMs: number | null; code: number | null; signal: string | null };
  marker: { atMs: number; code: string } | null;
  finished: { atMs: number; result: string; passed: boolean | null } | null;
  /** Every object in the store, with when it was written there. */
  uploads: { name: string; atMs: number }[];
  /** Every file of the artifact directory at the end, with its last write and whether it reached the store. */
  artifacts: { name: string; atMs: number; uploaded: boolean }[];
  /** The end of the build log (what the job page shows). */
  buildLogTail: string[];
  /** How long the drill took, and of that how long the step ran. */
  durations: { drillMs: number; stepMs: number | null; podMs: number };
  notes: string[];
}
