// The child's surroundings: its private copy of SHARED_DIR, a writable HOME with a default Git
// configuration, CLI_DIR on its PATH, and (in manage-kubeconfig and observer modes) a private
// copy of $KUBECONFIG. Error texts follow Go's (*PathError): "open /x: permission denied".

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errnoText } from '../shared/goerrors.js';
import { logrusLine, writeStderr } from './golog.js';
import { goTempDir } from './options.js';

/** Go's *PathError text for a failed `op` on `file`. */
export function pathError(op: string, file: string, err: unknown): string {
  return `${op} ${file}: ${errnoText(err)}`;
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

/** Go's os.MkdirAll, for its error texts: the failing element is named ("mkdir /x: not a directory"). */
export function mkdirAll(dir: string, mode: number): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    // made below
  }
  if (stat?.isDirectory()) return;
  if (stat) throw new Error(`mkdir ${dir}: not a directory`);
  const parent = dir.replace(/\/+$/, '').replace(/[^/]*$/, '');
  if (parent.length > 1) mkdirAll(parent.replace(/\/+$/, '') || '/', mode);
  try {
    fs.mkdirSync(dir, mode);
  } catch (err) {
    if (!isDir(dir)) throw new Error(pathError('mkdir', dir, err));
  }
}

function isDir(file: string): boolean {
  try {
    return fs.lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Copies the entries of `src` that are (or point to) regular files into `dst`, created (0770)
 * if needed and never emptied first. Directories, and links to them, are skipped. Throws
 * Error(Go's text).
 */
export function copyDir(dst: string, src: string): void {
  const fail = (op: string, file: string, err: unknown): never => {
    throw new Error(pathError(op, file, err));
  };
  mkdirAll(dst, 0o770);
  let names: string[] = [];
  try {
    names = fs.readdirSync(src);
  } catch (err) {
    fail(code(err) === 'ENOTDIR' ? 'readdirent' : 'open', src, err);
  }
  for (const name of names) {
    const from = path.join(src, name);
    const to = path.join(dst, name);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(from);
    } catch (err) {
      fail('stat', from, err);
    }
    if (stat!.isDirectory()) continue;
    let data = Buffer.alloc(0);
    try {
      data = fs.readFileSync(from);
    } catch (err) {
      fail(code(err) === 'EISDIR' ? 'read' : 'open', from, err);
    }
    try {
      fs.writeFileSync(to, data); // like os.Create: 0666 before the umask, truncated if it exists
    } catch (err) {
      fail('open', to, err);
    }
  }
}

/** upstream's manageHome: $HOME if it is set and writable, else /alabama (which needs not exist). */
export function chooseHome(env: NodeJS.ProcessEnv): { home: string; changed: boolean } {
  const home = env.HOME;
  if (home !== undefined) {
    try {
      fs.accessSync(home, fs.constants.W_OK);
      return { home, changed: false };
    } catch {
      // set but not writable
    }
  }
  return { home: '/alabama', changed: true };
}

/**
 * Creates $HOME/.gitconfig trusting every directory, unless it exists or HOME does not.
 * Throws Error("failed to create file: open ...") otherwise.
 */
export function ensureGitConfig(home: string): void {
  const file = path.join(home, '.gitconfig');
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (err) {
    if (code(err) === 'EEXIST' || code(err) === 'ENOENT') return;
    throw new Error(`failed to create file: ${pathError('open', file, err)}`);
  }
  try {
    fs.writeSync(fd, '[safe]\n    directory = *\n');
  } catch (err) {
    throw new Error(`failed to write to file: ${pathError('write', file, err)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * upstream's manageKubeconfig: when $KUBECONFIG is set, the child gets a private, writable copy
 * instead ($TMPDIR/kubeconfig-<n>). The copy is made now if the original exists, else as soon
 * as it appears (checked every second). Returns the path for the child's KUBECONFIG and a stop
 * function, or undefined when KUBECONFIG is not set. Throws when the temp file cannot be made.
 */
export function privateKubeconfig(env: NodeJS.ProcessEnv): { file: string; stop: () => void } | undefined {
  const original = env.KUBECONFIG;
  if (original === undefined) return undefined;
  const pattern = path.join(goTempDir(env), 'temp-kubeconfig-*');
  let temp = '';
  let fd = -1;
  for (let tries = 0; fd < 0; tries++) {
    temp = pattern.replace(/\*$/, String(crypto.randomBytes(4).readUInt32BE()));
    try {
      fd = fs.openSync(temp, 'wx+', 0o600);
    } catch (err) {
      if (code(err) !== 'EEXIST' || tries > 10000) {
        throw new Error(`could not create unique, writeable $KUBECONFIG copy: ${pathError('createtemp', pattern, err)}`);
      }
    }
  }
  // upstream drops every "temp-" from the whole path, its directories included
  const file = temp.replaceAll('temp-', '');
  let timer: NodeJS.Timeout | undefined;
  // (upstream's messages really have a "%w" in them: logrus.Warn does not format)
  const warn = (when: string, text: string) =>
    writeStderr(logrusLine('warning', `could not populate unique, writeable $KUBECONFIG copy${when}: %w${text}`, { error: text }));
  let closed = false;
  /** One try, as upstream's renameKubeconfig: whether it is over, and its error (Go's text). */
  const attempt = (): { over: boolean; error?: string } => {
    try {
      fs.statSync(original);
    } catch (err) {
      return code(err) === 'ENOENT' ? { over: false } : { over: false, error: pathError('stat', original, err) };
    }
    let data: Buffer;
    try {
      data = fs.readFileSync(original);
    } catch (err) {
      // (Go copies with copy_file_range, and says so when the original is a directory)
      return { over: true, error: code(err) === 'EISDIR' ? `write ${temp}: copy_file_range: is a directory` : pathError('open', original, err) };
    }
    // a retry after a failed rename finds the temp file closed already
    if (closed) return { over: true, error: `write ${temp}: file already closed` };
    try {
      fs.writeSync(fd, data);
    } catch (err) {
      return { over: true, error: pathError('write', temp, err) };
    }
    fs.closeSync(fd);
    closed = true;
    try {
      fs.renameSync(temp, file);
    } catch (err) {
      return { over: true, error: `rename ${temp} ${file}: ${errnoText(err)}` };
    }
    return { over: true };
  };
  const first = attempt();
  if (first.error !== undefined) warn(' during first iteration', first.error);
  if (!first.over || first.error !== undefined) {
    // then retried at once, and every second until over
    const poll = (): boolean => {
      const { over, error } = attempt();
      if (error !== undefined) warn('', error);
      return over || error !== undefined;
    };
    if (!poll()) {
      timer = setInterval(() => {
        if (poll()) clearInterval(timer);
      }, 1000);
    }
  }
  return { file, stop: () => clearInterval(timer) };
}

/** The child's environment: ours, with SHARED_DIR, HOME, PATH and KUBECONFIG adjusted. */
export function childEnv(env: NodeJS.ProcessEnv, changes: { sharedDir: string; home?: string; kubeconfig?: string }): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, SHARED_DIR: changes.sharedDir };
  if (changes.home !== undefined) out.HOME = changes.home;
  // CLI_DIR, when set (even empty), is appended to PATH
  if (env.CLI_DIR !== undefined) out.PATH = `${env.PATH ?? ''}:${env.CLI_DIR}`;
  if (changes.kubeconfig !== undefined) out.KUBECONFIG = changes.kubeconfig;
  return out;
}
