// Killing whole process trees and finding leftovers. Every process the harness starts carries a
// tag (in its environment, and the probe also in its arguments); a process carrying the tag after
// its scenario is a leak, wherever it was re-parented to.
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from '../wait.js';
import { processStartedAt, START_TIME_RESOLUTION_MS } from './proc.js';

export const TAG_VARIABLE = 'PODUTILS_CONFORMANCE_TAG';

export interface FoundProcess {
  pid: number;
  command: string;
}

function readTokens(pid: number, file: 'cmdline' | 'environ'): string[] {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1').split('\0');
  } catch {
    return [];
  }
}

/** Only processes started at or after this moment (process.hrtime.bigint()) can be the ones looked for. */
export interface Since {
  startedAfterNs?: bigint;
}

/** A moment a little before now, for `Since`: the kernel's start times are coarse (START_TIME_RESOLUTION_MS). */
export function aMomentAgo(): bigint {
  return process.hrtime.bigint() - BigInt(START_TIME_RESOLUTION_MS) * 1_000_000n;
}

/**
 * Processes (other than this one) whose tag, in environment or arguments, satisfies `matches`.
 * With `argumentsOnly`, only a tag among the arguments counts (the probe's, not its parents').
 * With `since`, processes that started earlier are passed over on their start time alone: one
 * small read of /proc/<pid>/stat instead of their environment and arguments (a scenario's sweep
 * reads every process on the machine, most of them older than the scenario).
 */
export function findTagged(matches: (tag: string) => boolean, argumentsOnly = false, since: Since = {}): FoundProcess[] {
  const found: FoundProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (since.startedAfterNs !== undefined && (processStartedAt(pid) ?? 0n) < since.startedAfterNs) continue;
    const cmdline = readTokens(pid, 'cmdline');
    const tagged =
      (!argumentsOnly && readTokens(pid, 'environ').some((t) => t.startsWith(`${TAG_VARIABLE}=`) && matches(t.slice(TAG_VARIABLE.length + 1)))) ||
      cmdline.some((t) => t.startsWith('pc-') && matches(t));
    if (tagged && !isZombie(pid)) found.push({ pid, command: cmdline.join(' ').trim() });
  }
  return found;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true; // gone already
  }
}

export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function killPids(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Kills every process matching `matches` until none is left (a dying parent can still fork),
 * and returns those that were found alive: the leak report.
 */
export async function sweep(matches: (tag: string) => boolean, since: Since = {}, timeoutMs = 3000): Promise<FoundProcess[]> {
  const seen = new Map<number, FoundProcess>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = findTagged(matches, false, since);
    if (alive.length === 0) return [...seen.values()];
    for (const p of alive) seen.set(p.pid, p);
    killPids(alive.map((p) => p.pid));
    if (Date.now() > deadline) throw new Error(`could not kill: ${alive.map((p) => `${p.pid} ${p.command}`).join('; ')}`);
    await sleep(20);
  }
}
