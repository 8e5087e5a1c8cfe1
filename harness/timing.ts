// Every timing tolerance of the suite lives here. Scenario durations stay as written in the
// features (they are part of what the features document); only the slack we allow for process
// start-up, scheduling and event delivery is scaled by --time-scale.

/** Slack allowed on top of an expected moment, in milliseconds, before scaling. */
export const BASE_TOLERANCE_MS = 300;

/**
 * Two signals the probe reports within this span arrived together: the kernel keeps no order
 * between pending standard signals, and a multi-threaded receiver may report them either way.
 */
export const BASE_SIMULTANEOUS_MS = 20;

/** How long a harness wait for an event may last beyond its expected moment, before scaling. */
export const BASE_EVENT_SLACK_MS = 5000;

export class Timing {
  constructor(readonly scale: number = 1) {
    if (!(scale > 0) || !Number.isFinite(scale)) {
      throw new Error(`time scale must be a positive number, got ${scale}`);
    }
  }

  /** The allowed lateness (and, where the cause is not certain, earliness) of an event. */
  get toleranceMs(): number {
    return BASE_TOLERANCE_MS * this.scale;
  }

  get simultaneousMs(): number {
    return BASE_SIMULTANEOUS_MS * this.scale;
  }

  /** How long a program that shows no sign of being ready gets to start up. */
  get startupMs(): number {
    return (BASE_EVENT_SLACK_MS / 2) * this.scale;
  }

  /** How long to wait for an event expected after `expectedMs`, before giving up. */
  deadlineMs(expectedMs = 0): number {
    return expectedMs + BASE_EVENT_SLACK_MS * this.scale;
  }

  /**
   * An event caused by a deadline cannot happen before it: `observed` must lie in
   * [expected, expected + tolerance]. Use for intervals measured from a moment that precedes
   * the cause (e.g. from launching the program to the signal its timer sends).
   */
  checkNotBefore(label: string, observedMs: number, expectedMs: number): TimingCheck {
    return this.check(label, observedMs, expectedMs, 0, this.toleranceMs);
  }

  /**
   * Like checkNotBefore, for intervals measured from a start time read from /proc, which is known
   * to `resolutionMs` only: that much earliness is allowed.
   */
  checkNotBeforeStart(label: string, observedMs: number, expectedMs: number, resolutionMs: number): TimingCheck {
    return this.check(label, observedMs, expectedMs, resolutionMs, this.toleranceMs);
  }

  /**
   * Both ends uncertain (e.g. measured between two events each reported with some delay):
   * `observed` must lie within expected ± tolerance.
   */
  checkAbout(label: string, observedMs: number, expectedMs: number): TimingCheck {
    return this.check(label, observedMs, expectedMs, this.toleranceMs, this.toleranceMs);
  }

  /** `observed` must be no more than `limitMs` (plus tolerance). */
  checkAtMost(label: string, observedMs: number, limitMs: number): TimingCheck {
    return this.check(label, observedMs, limitMs, Number.POSITIVE_INFINITY, this.toleranceMs);
  }

  /**
   * An event that must not come before another, both seen with some delay (e.g. a file appearing
   * and a process ending): `observed` must be at least `expectedMs` less the tolerance; any
   * lateness is allowed.
   */
  checkNotEarlier(label: string, observedMs: number, expectedMs: number): TimingCheck {
    return this.check(label, observedMs, expectedMs, this.toleranceMs, Number.POSITIVE_INFINITY);
  }

  /**
   * A moment seen by polling (late by the poll, never early) that a deadline causes: `observed`
   * must be at least `expectedMs`, less the start time's `resolutionMs`.
   */
  checkSeenNotBefore(label: string, observedMs: number, expectedMs: number, resolutionMs: number): TimingCheck {
    return this.check(label, observedMs, expectedMs, resolutionMs, Number.POSITIVE_INFINITY);
  }

  private check(label: string, observedMs: number, expectedMs: number, early: number, late: number): TimingCheck {
    const low = expectedMs - early;
    const high = expectedMs + late;
    const ok = observedMs >= low && observedMs <= high;
    const figure = `${label}: ${formatMs(observedMs)} (expected ${formatMs(expectedMs)}, ${formatDelta(observedMs - expectedMs)})`;
    return { ok, figure, message: ok ? figure : `${figure}; allowed ${describeRange(low, high)} at time scale ${this.scale}` };
  }
}

export interface TimingCheck {
  ok: boolean;
  /** One line for reports: what was observed against what was expected. */
  figure: string;
  message: string;
}

export function formatMs(ms: number): string {
  return Math.abs(ms) >= 1000 ? `${(ms / 1000).toFixed(3)} s` : `${ms.toFixed(1)} ms`;
}

function formatDelta(ms: number): string {
  return `${ms >= 0 ? '+' : '-'}${formatMs(Math.abs(ms))}`;
}

function describeRange(low: number, high: number): string {
  const from = Number.isFinite(low) ? formatMs(Math.max(low, 0)) : '0 ms';
  if (!Number.isFinite(high)) return `${low < 0 ? '-' : ''}${formatMs(Math.abs(low))} or later`;
  return `${from} .. ${formatMs(high)}`;
}

/** Milliseconds between two monotonic nanosecond timestamps (process.hrtime.bigint()). */
export function elapsedMs(from: bigint, to: bigint): number {
  return Number(to - from) / 1e6;
}

/** Parses the human durations used in feature text: "1s", "1.5s", "200ms", "2m". */
export function parseDurationMs(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(text);
  if (!match) throw new Error(`not a duration: "${text}" (expected e.g. 200ms, 1s, 1.5s)`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

/** The kubelet's smallest termination grace period (its minimumGracePeriodInSeconds). */
export const KUBELET_MIN_GRACE_SECONDS = 2;

/**
 * A pod's termination grace period as the kubelet can honour it: whole seconds (the field is
 * terminationGracePeriodSeconds) and at least 2 s. A feature's period (125% of a grace period,
 * e.g. 1.25 s) is rounded up, never down, so that everything the feature expects to happen within
 * the period still does; the features choose their durations so that no outcome depends on the
 * rounding (see README, "The pod features on a real node").
 */
export function kubeletGracePeriodSeconds(ms: number): number {
  return Math.max(KUBELET_MIN_GRACE_SECONDS, Math.ceil(ms / 1000 - 1e-9));
}
