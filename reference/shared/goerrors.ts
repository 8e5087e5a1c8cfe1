// The few error texts users read in the process log and in log lines, in Go's wording:
// "fork/exec /x: permission denied", "exit status 3", "signal: killed".

import util from 'node:util';

/** The errno description of a Node error ("no such file or directory"), else its message. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const described = typeof e?.errno === 'number' ? util.getSystemErrorMap().get(e.errno)?.[1] : undefined;
  return described ?? (e instanceof Error ? e.message : String(err));
}

// Go's descriptions of the signals a test commonly dies of.
const SIGNAL_TEXT: Record<string, string> = {
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGKILL: 'killed',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
};

/** Go's *exec.ExitError text: "exit status 3", or "signal: killed" for a signalled process. */
export function exitErrorText(code: number | null, signal: string | null): string {
  return signal ? `signal: ${SIGNAL_TEXT[signal] ?? signal}` : `exit status ${code}`;
}
