// For commands that run programs in their own process (bench): a SIGINT or SIGTERM (Ctrl-C, a CI
// cancelling the job) must not leave servers, programs or temp dirs behind. What must be undone
// is registered while it exists; on a signal it is undone, latest first, and the process exits 130.
import { INTERRUPTED } from './child-run.js';

type Cleanup = () => unknown;

const cleanups: Cleanup[] = [];
let installed = false;

/** Registers `cleanup` for an interrupt; the returned function unregisters it (when it is done normally). */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.push(cleanup);
  return () => {
    const at = cleanups.lastIndexOf(cleanup);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

/** From now on a SIGINT or SIGTERM runs the registered cleanups and exits 130. */
export function cleanUpOnInterrupt(name: string): void {
  if (installed) return;
  installed = true;
  let stopping = false;
  const onSignal = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\npodutils-conformance ${name}: ${signal} received, cleaning up\n`);
    // One at a time, latest first: a program is stopped before the folder it works in goes.
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`podutils-conformance ${name}: cleanup failed: ${(error as Error).message.split('\n')[0]}\n`);
      }
    }
    process.exit(INTERRUPTED);
  };
  process.on('SIGINT', (signal) => void onSignal(signal));
  process.on('SIGTERM', (signal) => void onSignal(signal));
}
