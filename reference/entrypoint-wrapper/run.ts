// upstream's options.run(): copy SHARED_DIR, wait for --wait-for-file, run the child (stdin
// /dev/null, stdout and stderr inherited), and in manage-kubeconfig mode print the Secret
// afterwards (this implementation only has --dry-run there). The result is the exit code plus
// the errors for the "error: ..." line.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { errnoText } from '../shared/goerrors.js';
import type { SignalForwarder } from './forward.js';
import type { WrapperOptions } from './options.js';
import { printSecret, watchKubeconfig } from './secret.js';
import { childEnv, chooseHome, copyDir, ensureGitConfig, privateKubeconfig } from './secret-dir.js';
import { goQuote } from './golog.js';
import { waitForFile } from './wait.js';

export interface RunResult {
  /** -1 for a child killed by a signal (Go's ExitCode()); the process exits with it modulo 256 */
  code: number;
  errors: string[];
}

/** Go's text for each signal (syscall.Signal.String() on Linux). */
const SIGNAL_TEXT: Record<string, string> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user defined signal 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
  SIGSTKFLT: 'stack fault',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'file size limit exceeded',
  SIGVTALRM: 'virtual timer expired',
  SIGPROF: 'profiling timer expired',
  SIGIO: 'I/O possible',
  SIGPOLL: 'I/O possible',
  SIGPWR: 'power failure',
  SIGSYS: 'bad system call',
};

/** utilerrors.NewAggregate(...).Error(): one message as is, several as "[a, b]". */
export function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return !fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Go's exec.Command lookup: a name with a slash is used as is, else it is searched in our
 * own $PATH (not the child's). Returns the file to run, or throws Error(Go's text).
 */
export function lookPath(name: string, pathVar: string | undefined): string {
  if (name.includes('/')) return name;
  const dirs = pathVar ? pathVar.split(':') : [];
  for (const dir of dirs) {
    const file = path.join(dir || '.', name);
    if (!isExecutable(file)) continue;
    if (!path.isAbsolute(file)) throw new Error(`exec: ${goQuote(name)}: cannot run executable found relative to current directory`);
    return file;
  }
  throw new Error(`exec: ${goQuote(name)}: executable file not found in $PATH`);
}

/**
 * Node runs a file the kernel refuses with ENOEXEC (neither "#!" nor ELF) through /bin/sh;
 * Go reports "exec format error", so such files are refused here first.
 */
function isExecFormatError(file: string): boolean {
  if (!isExecutable(file)) return false; // spawn reports what is wrong
  const head = Buffer.alloc(4);
  let n = 0;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      n = fs.readSync(fd, head, 0, 4, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false; // e.g. execute-only: the kernel will judge
  }
  return !(head.toString('latin1', 0, 2) === '#!' || (n === 4 && head.toString('latin1') === '\x7fELF'));
}

/** upstream's execCmd: the child's exit code and, unless it exited 0, the error text. */
export async function execCommand(o: WrapperOptions, signals: SignalForwarder, env: NodeJS.ProcessEnv): Promise<{ code: number; error?: string }> {
  const { home, changed } = chooseHome(env);
  try {
    ensureGitConfig(home);
  } catch (err) {
    return { code: 1, error: `failed to create Git configuration: ${(err as Error).message}` };
  }
  let kubeconfig: ReturnType<typeof privateKubeconfig>;
  if (o.mode !== 'skip-kubeconfig') {
    try {
      kubeconfig = privateKubeconfig(env);
    } catch (err) {
      return { code: 1, error: (err as Error).message };
    }
  }
  try {
    const startError = (text: string) => ({ code: 1, error: `failed to start main process: ${text}` });
    let file: string;
    try {
      file = lookPath(o.cmd[0], env.PATH);
    } catch (err) {
      return startError((err as Error).message);
    }
    if (isExecFormatError(file)) return startError(`fork/exec ${file}: exec format error`);
    // signals that came in before now are dispatched (and swallowed) before the child exists
    await new Promise((resolve) => setImmediate(resolve));

    const child = spawn(file, o.cmd.slice(1), {
      argv0: o.cmd[0],
      stdio: ['ignore', 'inherit', 'inherit'],
      env: childEnv(env, { sharedDir: o.dstDir, home: changed ? home : undefined, kubeconfig: kubeconfig?.file }),
    });
    signals.forwardTo(child);
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      await once(child, 'spawn');
    } catch (err) {
      signals.stop();
      return startError(`fork/exec ${file}: ${errnoText(err)}`);
    }
    child.on('error', () => {}); // a failed kill() is reported by its result
    const [code, signal] = await exited;
    signals.stop();
    if (signal !== null) return { code: -1, error: `signal: ${SIGNAL_TEXT[signal] ?? signal}` };
    return code === 0 ? { code: 0 } : { code: code ?? -1, error: `exit status ${code}` };
  } finally {
    kubeconfig?.stop();
  }
}

export async function runWrapper(o: WrapperOptions, signals: SignalForwarder, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  try {
    copyDir(o.dstDir, o.srcDir);
  } catch (err) {
    return { code: 1, errors: [`failed to copy secret mount: ${(err as Error).message}`] };
  }
  if (o.waitForFile !== '') {
    try {
      await waitForFile(o.waitForFile, o.waitTimeoutNs);
    } catch (err) {
      return { code: 1, errors: [`failed to wait for file: ${(err as Error).message}`] };
    }
  }
  const manage = o.mode === 'manage-kubeconfig';
  const stopWatch = manage ? watchKubeconfig(o.name, o.dstDir) : () => {};
  const { code, error } = await execCommand(o, signals, env);
  stopWatch();
  const errors = error === undefined ? [] : [`failed to execute wrapped command: ${error}`];
  if (manage) {
    try {
      printSecret(o.name, o.dstDir);
    } catch (err) {
      errors.push(`failed to create/update secret: ${(err as Error).message}`);
      return { code: 1, errors };
    }
  }
  return { code, errors };
}
