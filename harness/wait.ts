// Every wait of the harness and the steps, in one place: a pause, a poll until something holds,
// and a deadline on a promise. Each bounded wait fails with a message naming what it waited for,
// and no timer outlives its wait (a stray timer keeps a worker alive or fires into the next step).
import { setTimeout as delay } from 'node:timers/promises';

export class TimeoutError extends Error {}

/** Pauses for `ms` (zero or less: not at all); an aborted `signal` ends it early, rejecting. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms > 0) await delay(ms, undefined, signal ? { signal } : undefined);
}

/** Pauses until `ms` after `since` (a process.hrtime.bigint() moment): for spans measured from an event. */
export async function sleepUntil(since: bigint, ms: number): Promise<void> {
  // Timers count from the event loop's cached clock, which can lag the real one: a single
  // timer may end a little before the moment asked for, so look again.
  for (let left = ms - Number(process.hrtime.bigint() - since) / 1e6; left > 0; left = ms - Number(process.hrtime.bigint() - since) / 1e6) {
    await sleep(Math.max(1, left));
  }
}

export interface PollOptions {
  /** For the message: "the sidecar to start uploading". */
  what: string;
  timeoutMs: number;
  /** Between looks; 20 ms by default. */
  intervalMs?: number;
  /** The error's message at the deadline, when the default (naming `what`) says too little. */
  timeoutMessage?: () => string;
}

/** Not there yet: what `check` returns while it keeps waiting. */
type NotYet = undefined | null | false;

/**
 * Calls `check` until it returns a value (anything but undefined, null or false) and returns it.
 * It throws TimeoutError after `timeoutMs`; an error thrown by `check` (it knows the thing can no
 * longer happen) ends the wait at once. The last look happens at the deadline, not before.
 */
export async function pollUntil<T>(check: () => T | NotYet | Promise<T | NotYet>, options: PollOptions): Promise<Exclude<T, NotYet>> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as Exclude<T, NotYet>;
    const left = deadline - performance.now();
    if (left <= 0) throw new TimeoutError(options.timeoutMessage?.() ?? `timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await sleep(Math.min(options.intervalMs ?? 20, left));
  }
}

/** Whether `check` comes true within `timeoutMs` (looked at every `intervalMs`): for waits that go on either way. */
export async function holdsWithin(check: () => boolean, timeoutMs: number, intervalMs = 20): Promise<boolean> {
  try {
    await pollUntil(check, { what: '', timeoutMs, intervalMs });
    return true;
  } catch (error) {
    if (error instanceof TimeoutError) return false;
    throw error;
  }
}

/** `promise`'s outcome, or a TimeoutError with `message` once `timeoutMs` have passed first. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  const cancel = new AbortController();
  const timeout = delay(timeoutMs, undefined, { signal: cancel.signal }).then(() => {
    throw new TimeoutError(message);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    // Settles `timeout` (rejected with an AbortError the race has already handled).
    cancel.abort();
  }
}

/** Whether `promise` settles within `timeoutMs` (its rejection counts as settled). */
export async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  try {
    await withTimeout(promise, timeoutMs, '');
    return true;
  } catch (error) {
    return !(error instanceof TimeoutError);
  }
}
