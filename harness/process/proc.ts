// What /proc tells about a process group that no event announces: whether it watches a directory
// (inotify, as fsnotify in Go and fs.watch in Node do) and when it started.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

/** The fields of /proc/<pid>/stat after the command name (state first), or null when it is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Every process whose stat fields satisfy `matches`. */
function processesWhere(matches: (fields: string[]) => boolean): number[] {
  return readdirSync('/proc')
    .map(Number)
    .filter((pid) => {
      if (!Number.isInteger(pid)) return false;
      const fields = statFields(pid);
      return fields !== null && matches(fields);
    });
}

export function groupMembers(pgid: number): number[] {
  return processesWhere((fields) => Number(fields[2]) === pgid);
}

export function groupWatchesDirectory(pgid: number, dir: string): boolean {
  return anyWatchesDirectory(groupMembers(pgid), dir);
}

/** Whether one of `pids` has an inotify watch on `dir`. */
export function anyWatchesDirectory(pids: number[], dir: string): boolean {
  let inode: string;
  try {
    inode = statSync(dir).ino.toString(16);
  } catch {
    return false;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== 'anon_inode:inotify') continue;
        const info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'latin1');
        if (new RegExp(`\\bino:${inode}\\b`).test(info)) return true;
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}

/** Clock ticks per second of /proc times (USER_HZ: 100 on every Linux architecture in use). */
const TICKS_PER_SECOND = 100;
/** The uncertainty of a start time read from /proc: one tick, plus one for the clock offset. */
export const START_TIME_RESOLUTION_MS = 2000 / TICKS_PER_SECOND;

let bootOffsetNs: bigint | null = null;

/** CLOCK_MONOTONIC minus CLOCK_BOOTTIME (the time the machine spent suspended, usually 0). */
function monotonicMinusBoot(): bigint {
  if (bootOffsetNs === null) {
    const uptime = readFileSync('/proc/uptime', 'latin1').split(' ')[0];
    const now = process.hrtime.bigint();
    const [whole, fraction = '0'] = uptime.split('.');
    bootOffsetNs = now - (BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9)));
  }
  return bootOffsetNs;
}

/**
 * When a process started (its exec, as the kernel recorded it), on the monotonic clock the probe
 * and the harness use; to START_TIME_RESOLUTION_MS. null when the process is gone.
 */
export function processStartedAt(pid: number): bigint | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const ticks = BigInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return (ticks * 1_000_000_000n) / BigInt(TICKS_PER_SECOND) + monotonicMinusBoot();
  } catch {
    return null;
  }
}

/** The live (not zombie) children of a process, from every process's parent in /proc. */
export function childrenOf(pid: number): number[] {
  return processesWhere((fields) => Number(fields[1]) === pid && fields[0] !== 'Z');
}

/** A process's arguments (argv), or [] when it is gone. */
export function argumentsOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter((_, i, all) => i < all.length - 1 || all[i] !== '');
  } catch {
    return [];
  }
}

/** A process's pid in each PID namespace it is in (NSpid): the host's first, its own last. */
export function namespacePids(pid: number): number[] {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'latin1').match(/^NSpid:\s*(.*)$/m);
    return line ? line[1].trim().split(/\s+/).map(Number) : [pid];
  } catch {
    return [];
  }
}

/**
 * The host pid of a process that knows itself as `innerPid` inside its PID namespace (what a
 * probe in a container reports), among the processes `isCandidate` accepts; null when gone.
 */
export function hostPidOf(innerPid: number, isCandidate: (pid: number) => boolean): number | null {
  const direct = namespacePids(innerPid);
  if (direct.length === 1 && isCandidate(innerPid)) return innerPid;
  for (const pid of processesWhere(() => true)) {
    const pids = namespacePids(pid);
    if (pids.length > 1 && pids[pids.length - 1] === innerPid && isCandidate(pid)) return pid;
  }
  return null;
}

/**
 * Processor seconds (user + system) used by this process and by every descendant it, or a
 * descendant, has waited for: the kernel's cutime/cstime. A whole run's CPU cost, read at its end.
 */
export function cpuSecondsWithChildren(): number {
  const fields = statFields(process.pid);
  if (!fields) return 0;
  // utime, stime, cutime, cstime: fields 14-17 of stat, 11-14 after the command name.
  const ticks = fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
  return ticks / TICKS_PER_SECOND;
}
