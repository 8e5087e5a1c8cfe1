// Starting a program under test, the way a container runtime would: its own process group (so
// the whole tree can be killed at once), stdin closed, stdout and stderr captured to files.
import { closeSync, openSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProgramSpec {
  /** Executable and leading arguments, as resolved from the profile. */
  command: string[];
  args?: string[];
  env: Record<string, string>;
  cwd: string;
  stdoutFile: string;
  stderrFile: string;
}

export interface ProgramExit {
  /** Exit status, or null when killed by a signal. */
  code: number | null;
  signal: string | null;
  at: bigint;
}

export class RunningProgram {
  exit: ProgramExit | null = null;
  readonly exited: Promise<ProgramExit>;

  constructor(
    readonly name: string,
    readonly pid: number,
    readonly launchedAt: bigint,
    subprocess: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      subprocess.once('exit', (code, signal) => {
        this.exit = { code, signal, at: process.hrtime.bigint() };
        resolve(this.exit);
      });
    });
    // A program that cannot be spawned at all is reported by startProgram; nothing to throw here.
    subprocess.on('error', () => undefined);
  }

  /** Waits for the program to end; rejects after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ProgramExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} (pid ${this.pid}) still running after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function startProgram(name: string, spec: ProgramSpec): RunningProgram {
  const [file, ...leading] = spec.command;
  // The program writes straight into the files (no pipe through us): nothing is left to flush when
  // it exits, and a background process holding its stdout cannot hold up the harness.
  const stdout = openSync(spec.stdoutFile, 'w');
  const stderr = openSync(spec.stderrFile, 'w');
  const launchedAt = process.hrtime.bigint();
  const subprocess = spawn(file, [...leading, ...(spec.args ?? [])], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', stdout, stderr],
  });
  closeSync(stdout);
  closeSync(stderr);
  if (subprocess.pid === undefined) {
    throw new Error(`could not start ${name}: ${spec.command.join(' ')}`);
  }
  return new RunningProgram(name, subprocess.pid, launchedAt, subprocess);
}
