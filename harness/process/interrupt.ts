// For commands that run programs in their own process (bench): a SIGINT or SIGTERM (Ctrl-C, a CI
// cancelling the job) must not leave servers, programs or temp dirs behind. What must be undone
// is registered while it exists; on a signal it is undone and the process exits 130.
//
// Order matters: a child run is first asked to stop (it sweeps its own scenarios), then every
// process the command started is killed, and only then are servers stopped and folders removed
// (a program still running could write into a folder again after it was removed).
/** The exit status of a command that was interrupted (128 + SIGINT's number, as a shell reports it). */
export const INTERRUPTED = 130;

type Cleanup = () => unknown;

/** `before-sweep`: a child that cleans up after itself when asked (a suite run); the rest after. */
export type Phase = 'before-sweep' | 'after-sweep';

const cleanups: Record<Phase, Cleanup[]> = { 'before-sweep': [], 'after-sweep': [] };
let installed = false;

/** Registers `cleanup` for an interrupt; the returned function unregisters it (when it is done normally). */
export function onInterrupt(cleanup: Cleanup, phase: Phase = 'after-sweep'): () => void {
  cleanups[phase].push(cleanup);
  return () => {
    const at = cleanups[phase].lastIndexOf(cleanup);
    if (at >= 0) cleanups[phase].splice(at, 1);
  };
}

/** From now on a SIGINT or SIGTERM runs the cleanups (`sweep` kills the command's processes) and exits 130. */
export function cleanUpOnInterrupt(name: string, sweep: Cleanup): void {
  if (installed) return;
  installed = true;
  let stopping = false;
  const run = async (cleanup: Cleanup): Promise<void> => {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`podutils-conformance ${name}: cleanup failed: ${(error as Error).message.split('\n')[0]}\n`);
    }
  };
  const onSignal = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\npodutils-conformance ${name}: ${signal} received, cleaning up\n`);
    for (const cleanup of cleanups['before-sweep'].splice(0).reverse()) await run(cleanup);
    await run(sweep);
    // Latest first: a server is stopped before the folder it was started in goes.
    for (const cleanup of cleanups['after-sweep'].splice(0).reverse()) await run(cleanup);
    process.exit(INTERRUPTED);
  };
  process.on('SIGINT', (signal) => void onSignal(signal));
  process.on('SIGTERM', (signal) => void onSignal(signal));
}
