// Starting a program under test, the way a container runtime would: its own process group (so
// the whole tree can be killed at once), stdin closed, stdout and stderr captured to files.
// Through a launcher (harness/pod/runtimes/pod-launch.c) the program runs as PID 1 of namespaces
// of its own; the launcher reports the program's host pid, which is then the one to signal.
import { closeSync, createWriteStream, openSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { withTimeout } from '../wait.js';

export interface ProgramSpec {
  /** Executable and leading arguments, as resolved from the profile. */
  command: string[];
  args?: string[];
  env: Record<string, string>;
  cwd: string;
  stdoutFile: string;
  stderrFile: string;
  /**
   * A launcher and its options, run with `-- program args...`: it starts the program and writes
   * the program's host pid as the first line on file descriptor 3.
   */
  launcher?: string[];
  /** With a launcher given --hold: the program waits for `release()` before it starts. */
  held?: boolean;
  /**
   * A reader of stdout that falls behind: stdout is a pipe that nobody reads for this long (it
   * fills, and the program's writes wait), then it is copied to stdoutFile.
   */
  stdoutHeldMs?: number;
}

export interface ProgramExit {
  /** Exit status, or null when killed by a signal. */
  code: number | null;
  signal: string | null;
  at: bigint;
}

/**
 * A program under test as the steps see it: started by the harness itself (ChildProgram below)
 * or, on the real node, a container's first process that containerd started (see
 * harness/pod/runtimes/kubelet.ts).
 */
export interface RunningProgram {
  readonly name: string;
  /** The process to signal (its host pid). */
  readonly pid: number;
  /** The process group of everything this start made. */
  readonly pgid: number;
  readonly launchedAt: bigint;
  readonly exit: ProgramExit | null;
  readonly exited: Promise<ProgramExit>;
  /** Resolves once `pid` is the program's. */
  readonly started: Promise<void>;
  release(): void;
  waitForExit(timeoutMs: number): Promise<ProgramExit>;
}

/** Waits for a program to end; rejects after `timeoutMs`. */
export async function waitForExit(program: RunningProgram, timeoutMs: number): Promise<ProgramExit> {
  return withTimeout(program.exited, timeoutMs, `${program.name} (pid ${program.pid}) still running after ${timeoutMs} ms`);
}

export class ChildProgram implements RunningProgram {
  exit: ProgramExit | null = null;
  readonly exited: Promise<ProgramExit>;
  /** The process to signal: the program itself (below a launcher, once it has reported it). */
  pid: number;
  /** Resolves once `pid` is the program's (at once without a launcher). */
  readonly started: Promise<void>;

  constructor(
    readonly name: string,
    /** The process group of everything this start made (the launcher's, with one). */
    readonly pgid: number,
    readonly launchedAt: bigint,
    private readonly subprocess: ChildProcess,
    /** Resolves once a piped stdout has been copied out in full (see ProgramSpec.stdoutHeldMs). */
    copied: Promise<void> = Promise.resolve(),
  ) {
    this.pid = pgid;
    this.started = subprocess.stdio[3] ? this.readReportedPid(subprocess) : Promise.resolve();
    // Whoever needs the pid awaits `started`; a failed start must not also crash the harness.
    this.started.catch(() => undefined);
    this.exited = new Promise((resolve) => {
      subprocess.once('exit', (code, signal) => {
        const exit = { code, signal, at: process.hrtime.bigint() };
        void copied.then(() => {
          this.exit = exit;
          resolve(exit);
        });
      });
    });
    // A program that cannot be spawned at all is reported by startProgram; nothing to throw here.
    subprocess.on('error', () => undefined);
  }

  /** Lets a held program start (see ProgramSpec.held). */
  release(): void {
    const hold = this.subprocess.stdio[4] as NodeJS.WritableStream | null | undefined;
    if (!hold) throw new Error(`${this.name} is not held`);
    hold.on('error', () => undefined);
    hold.end('go');
  }

  private readReportedPid(subprocess: ChildProcess): Promise<void> {
    const report = subprocess.stdio[3] as NodeJS.ReadableStream;
    return new Promise((resolve, reject) => {
      let text = '';
      report.setEncoding('utf8');
      report.on('data', (chunk: string) => (text += chunk));
      report.on('error', () => undefined);
      report.on('close', () => {
        const pid = Number(text.trim());
        if (Number.isInteger(pid) && pid > 0) {
          this.pid = pid;
          resolve();
        } else {
          // The launcher says why on its stderr (captured to the program's file).
          reject(new Error(`${this.name} could not be started in its container (launcher exit ${this.exit?.code ?? 'unknown'})`));
        }
      });
    });
  }

  /** Waits for the program to end; rejects after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<ProgramExit> {
    return waitForExit(this, timeoutMs);
  }
}

export function startProgram(name: string, spec: ProgramSpec): RunningProgram {
  const [file, ...leading] = spec.command;
  // The program writes straight into the files (no pipe through us): nothing is left to flush when
  // it exits, and a background process holding its stdout cannot hold up the harness.
  const stdout = spec.stdoutHeldMs === undefined ? openSync(spec.stdoutFile, 'w') : 'pipe';
  const stderr = openSync(spec.stderrFile, 'w');
  const launchedAt = process.hrtime.bigint();
  const argv = [...leading, ...(spec.args ?? [])];
  const [executable, ...rest] = spec.launcher ? [...spec.launcher, '--', file, ...argv] : [file, ...argv];
  const subprocess = spawn(executable, rest, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: spec.launcher ? ['ignore', stdout, stderr, 'pipe', ...(spec.held ? ['pipe' as const] : [])] : ['ignore', stdout, stderr],
  });
  if (typeof stdout === 'number') closeSync(stdout);
  closeSync(stderr);
  if (subprocess.pid === undefined) {
    throw new Error(`could not start ${name}: ${spec.command.join(' ')}`);
  }
  return new ChildProgram(name, subprocess.pid, launchedAt, subprocess, spec.stdoutHeldMs === undefined ? undefined : copyLate(subprocess, spec.stdoutFile, spec.stdoutHeldMs));
}

/** Copies the program's piped stdout to `file`, starting only `delayMs` after the start. */
function copyLate(subprocess: ChildProcess, file: string, delayMs: number): Promise<void> {
  const source = subprocess.stdout!;
  const out = createWriteStream(file);
  source.pause();
  let piped = false;
  const copy = (): void => {
    if (piped) return;
    piped = true;
    source.pipe(out);
  };
  // The delay is the condition under test (a reader that falls behind), not a wait for an event;
  // a program that ends before the reader comes has its output copied at once.
  const timer = setTimeout(copy, delayMs);
  subprocess.once('exit', () => {
    clearTimeout(timer);
    copy();
  });
  return new Promise((resolve) => {
    out.once('close', () => resolve());
    source.once('error', () => out.end());
  });
}
