// The few error texts users read in the process log and in log lines, in Go's wording:
// "fork/exec /x: permission denied", "exit status 3", "signal: killed".

import util from 'node:util';

// Go describes errno values as the C library does; libuv's descriptions differ for these.
const GO_ERRNO_TEXT: Record<string, string> = {
  EISDIR: 'is a directory',
  EEXIST: 'file exists',
  ETXTBSY: 'text file busy',
  EXDEV: 'invalid cross-device link',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'device or resource busy',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  ENFILE: 'too many open files in system',
};

/** The errno description of a Node error in Go's words ("no such file or directory"), else its message. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const go = typeof e?.code === 'string' ? GO_ERRNO_TEXT[e.code] : undefined;
  const described = typeof e?.errno === 'number' ? util.getSystemErrorMap().get(e.errno)?.[1] : undefined;
  return go ?? described ?? (e instanceof Error ? e.message : String(err));
}

/**
 * A failed file-system call as Go words it: "open /x: no such file or directory" (*PathError),
 * "rename /a /b: file exists" (*LinkError); other errors keep their message. `file`: the path
 * of the call, for the errors where Node does not say it.
 */
export function goError(err: unknown, file?: string): string {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (!(e instanceof Error) || typeof e.errno !== 'number') return e instanceof Error ? e.message : String(err);
  // Node leaves the path out of some errors (a read of a directory); the caller knows it.
  const where = e.path ?? file;
  if (!e.syscall || !where) return errnoText(e);
  return `${e.syscall} ${where}${e.dest ? ` ${e.dest}` : ''}: ${errnoText(e)}`;
}

/** A Node-style error for a call Go makes itself (e.g. the EEXIST of os.Rename onto a directory). */
export function pathError(syscall: string, file: string, code: string, dest?: string): NodeJS.ErrnoException {
  const errno = [...util.getSystemErrorMap()].find(([, [name]]) => name === code)?.[0] ?? -1;
  return Object.assign(new Error(`${code}: ${syscall} ${file}`), { errno, code, syscall, path: file, ...(dest ? { dest } : {}) });
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
