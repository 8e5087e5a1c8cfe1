// SIGINT/SIGTERM handling. Upstream listens on a channel with room for one signal, and only
// ever reads it once (while waiting for a previous marker, or while the test runs), so what
// counts is the first signal after the handlers are installed: one that arrives before the
// test exists is kept and acted on as soon as it does. Later signals are caught and ignored,
// so they no longer kill entrypoint.

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** Go's os.Signal String() for the two signals upstream listens to. */
export function goSignalName(sig: InterruptSignal): string {
  return sig === 'SIGINT' ? 'interrupt' : 'terminated';
}

/** Starts catching SIGINT and SIGTERM; resolves with the first one. */
export function catchInterrupts(proc: NodeJS.Process = process): Promise<InterruptSignal> {
  return new Promise((resolve) => {
    proc.on('SIGINT', () => resolve('SIGINT'));
    proc.on('SIGTERM', () => resolve('SIGTERM'));
  });
}
