// What the probe tells the harness over its Unix socket: one JSON object per line.
// Timestamps are process.hrtime.bigint() values (CLOCK_MONOTONIC, shared by every process on
// the machine) in decimal nanoseconds, so the harness can compare them with its own clock.

export type ProbeEvent =
  | { event: 'ready'; role: string; tag: string; pid: number; ppid: number; t: string; stdin: string; cwd: string; dirs: Record<string, boolean>; env: Record<string, string | null> }
  | { event: 'signal'; signal: string; t: string }
  | { event: 'exiting'; code: number; t: string };

export const PROBE_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;
export type ProbeSignal = (typeof PROBE_SIGNALS)[number];

/** What the probe does when one of the signals it watches arrives. */
export type SignalReaction =
  | { kind: 'ignore' }
  | { kind: 'die' } // restore the default disposition and re-raise: death by that signal
  | { kind: 'exit'; code: number; afterMs: number };
