// Starting the test process the way Go's os/exec does for upstream: a name without a slash is
// looked up in $PATH, argv[0] stays the name as given, stdin is /dev/null, and stdout and
// stderr are one and the same pipe, so the two streams keep their relative order.
//
// Node's 'pipe' stdio is a socketpair, on which opening /dev/stdout or /dev/stderr fails, so
// the shared pipe is a FIFO made with mkfifo in a private temp dir (removed once both ends
// are open).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { errnoText } from '../shared/goerrors.js';
import { isExecutableFile, lookPath } from '../shared/lookpath.js';

export interface TestProcess {
  proc: ChildProcess;
  /** the read side of the child's stdout and stderr */
  outputs: Readable[];
  /** resolves once the child has been reaped */
  exited: Promise<unknown>;
}

/** Go's WaitStatus.ExitStatus(): the exit code, or -1 when a signal ended the process (or it still runs). */
export function exitStatus(proc: ChildProcess): number {
  return proc.exitCode ?? -1;
}

/**
 * Node spawns with execvp, which runs a file the kernel cannot execute (ENOEXEC: no "#!" and
 * not ELF) with /bin/sh. Go reports "exec format error" instead, so such files are refused.
 */
function isExecFormatError(file: string): boolean {
  if (!isExecutableFile(file)) return false; // spawn reports what is wrong
  const head = Buffer.alloc(4);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 4, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false; // e.g. execute-only: the kernel will judge
  }
  return !(head.toString('latin1', 0, 2) === '#!' || head.toString('latin1') === '\x7fELF');
}

/** A FIFO open at both ends (the read end non-blocking, for the event loop), or undefined without mkfifo. */
function makeFifo(): { readFd: number; writeFd: number } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entrypoint-output-'));
  try {
    const fifo = path.join(dir, 'pipe');
    if (spawnSync('mkfifo', ['-m', '600', fifo]).status !== 0) return undefined;
    const readFd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    return { readFd, writeFd: fs.openSync(fifo, fs.constants.O_WRONLY) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the test process, or returns why it could not be started (in Go's wording); `onread` is for the FIFO's socket. */
export async function startProcess(args: string[], onread?: net.OnReadOpts): Promise<TestProcess | { error: string }> {
  const name = args[0];
  const looked = lookPath(name);
  if ('error' in looked) return looked;
  const file = looked.file;
  if (isExecFormatError(file)) return { error: `fork/exec ${file}: exec format error` };

  // Without mkfifo, two pipes (stdout, stderr) are read side by side.
  const fifo = makeFifo();
  const out = fifo?.writeFd ?? 'pipe';
  try {
    const proc = spawn(file, args.slice(1), { argv0: name, stdio: ['ignore', out, out] });
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    await once(proc, 'spawn'); // rejects with the exec error
    proc.on('error', () => {}); // a failed kill() shows in its result
    const outputs = fifo ? [new net.Socket({ fd: fifo.readFd, readable: true, writable: false, onread } as net.SocketConstructorOpts)] : [proc.stdout!, proc.stderr!];
    return { proc, outputs, exited };
  } catch (err) {
    if (fifo) fs.closeSync(fifo.readFd);
    return { error: `fork/exec ${file}: ${errnoText(err)}` };
  } finally {
    // the child has its copy; ours would keep the pipe open forever
    if (fifo) fs.closeSync(fifo.writeFd);
  }
}
