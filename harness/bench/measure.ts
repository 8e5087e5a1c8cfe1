// Running one program under measurement: wall time, and peak resident memory read from
// /proc/<pid>/status (VmHWM, the kernel's own high-water mark) until the process exits.
// Dirty pages are written out first (sync), so that one run does not pay for the writeback of
// the one before (a 1 GiB copy otherwise varies from 0.3 s to 2 s here).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Measured {
  seconds: number;
  /** Peak resident set size, in MiB (the last high-water mark read before exit). */
  peakRssMiB: number;
  exitCode: number | null;
  signal: string | null;
}

function highWaterMarkKiB(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export function measure(command: string[], env: Record<string, string>, cwd: string, syncFirst = true): Promise<Measured> {
  if (syncFirst) execFileSync('sync');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command[0], command.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'ignore'] });
    let peakKiB = 0;
    // The high-water mark only grows; reading it often keeps what it was just before exit.
    const poll = setInterval(() => {
      const hwm = child.pid === undefined ? null : highWaterMarkKiB(child.pid);
      if (hwm !== null) peakKiB = Math.max(peakKiB, hwm);
    }, 20);
    child.once('error', (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMiB: peakKiB / 1024, exitCode: code, signal });
    });
  });
}
