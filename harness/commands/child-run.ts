// Runs `podutils-conformance run` as a child process (stability and matrix run one per suite
// run). A SIGINT or SIGTERM sent to this process alone (a CI cancelling the job) is passed on, so
// the child stops its scenarios and sweeps their processes instead of being orphaned with them.
import { spawn, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

/** The child's exit status (128 + the signal's number when a signal ended it). */
export async function runChild(args: string[], stdio: StdioOptions): Promise<number> {
  const child = spawn(process.execPath, [CLI, 'run', ...args], { stdio });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve) => {
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}

/** A child that was interrupted: the whole command stops there. */
export { INTERRUPTED } from '../process/interrupt.js';
