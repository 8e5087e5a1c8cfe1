// stability --load N: stress-ng's N CPU hogs beside the runs, so that a timing that only holds on
// an idle machine shows up. It runs in a process group of its own, stopped after the last run,
// on an error and on Ctrl-C (never left behind).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { UsageError } from '../errors.js';

export class CpuLoad {
  private child: ChildProcess | null = null;
  /** A Ctrl-C or SIGTERM came: the runs stop too. */
  interrupted = false;
  private readonly onSignal = (): void => {
    this.interrupted = true;
    void this.stop();
  };

  constructor(readonly cpus: number) {}

  start(): void {
    if (spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).error) {
      throw new UsageError('--load needs stress-ng on the PATH (Debian: apt-get install stress-ng)');
    }
    // (handlers first: a signal that comes as soon as stress-ng is there must not kill this
    // process by default and leave the detached hogs behind)
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    this.child = spawn('stress-ng', ['--cpu', String(this.cpus), '--quiet'], { stdio: 'ignore', detached: true });
    this.child.on('error', () => undefined);
  }

  /** Stops the hogs (their whole group) and waits for stress-ng to be gone. */
  stop(): Promise<void> {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    const child = this.child;
    this.child = null;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    return gone;
  }
}
