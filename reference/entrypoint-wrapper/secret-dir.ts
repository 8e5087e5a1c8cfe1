// The child's surroundings: its private copy of SHARED_DIR, a writable HOME with a default Git
// configuration, CLI_DIR on its PATH, and (in manage-kubeconfig and observer modes) a private
// copy of $KUBECONFIG.

import fs from 'node:fs';
import path from 'node:path';
import { goError } from '../shared/goerrors.js';
import { logrusLine, writeStderr } from './golog.js';
import { goTempDir } from './options.js';
import { goTempSuffix } from '../shared/go-temp-name.js';

/**
 * Copies the entries of `src` that are (or point to) regular files into `dst`, created (0770)
 * if needed and never emptied first; the copies are writable whatever the originals' modes.
 */
export function copyDir(dst: string, src: string): void {
  fs.mkdirSync(dst, { recursive: true, mode: 0o770 });
  let names: string[];
  try {
    names = fs.readdirSync(src);
  } catch (err) {
    // Go opens the folder, then reads its entries: what failed is worded as that step.
    const op = (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'readdirent' : 'open';
    throw new Error(goError(Object.assign(err as Error, { syscall: op }), src));
  }
  for (const name of names) {
    const from = path.join(src, name);
    if (fs.statSync(from).isDirectory()) continue;
    try {
      fs.writeFileSync(path.join(dst, name), fs.readFileSync(from));
    } catch (err) {
      throw new Error(goError(err, from));
    }
  }
}

/** upstream's manageHome: $HOME if it is set and writable, else /alabama (which needs not exist). */
export function chooseHome(env: NodeJS.ProcessEnv): { home: string; changed: boolean } {
  try {
    if (env.HOME !== undefined) {
      fs.accessSync(env.HOME, fs.constants.W_OK);
      return { home: env.HOME, changed: false };
    }
  } catch {
    // set but not writable
  }
  return { home: '/alabama', changed: true };
}

/** Creates $HOME/.gitconfig trusting every directory, unless it exists or HOME does not. */
export function ensureGitConfig(home: string): void {
  let fd: number;
  try {
    fd = fs.openSync(path.join(home, '.gitconfig'), 'wx', 0o644);
  } catch (err) {
    if (['EEXIST', 'ENOENT'].includes((err as NodeJS.ErrnoException).code!)) return;
    throw err;
  }
  try {
    fs.writeSync(fd, '[safe]\n    directory = *\n');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * upstream's manageKubeconfig: when $KUBECONFIG is set, the child gets a private, writable copy
 * instead ($TMPDIR/kubeconfig-<random digits>, as os.CreateTemp names it), which appears complete (written aside, then renamed).
 * It is made now if the original exists, else as soon as it appears (checked every second); a
 * failure is a warning. Returns the child's KUBECONFIG and a stop function, or undefined.
 */
export function privateKubeconfig(env: NodeJS.ProcessEnv): { file: string; stop: () => void } | undefined {
  const original = env.KUBECONFIG;
  if (original === undefined) return undefined;
  const name = `kubeconfig-${goTempSuffix()}`;
  const file = path.join(goTempDir(env), name);
  /** One try: false while the original does not exist yet. */
  const copied = (): boolean => {
    try {
      const temp = path.join(goTempDir(env), `temp-${name}`);
      fs.writeFileSync(temp, fs.readFileSync(original), { mode: 0o600 });
      fs.renameSync(temp, file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT' && e.path === original) return false;
      writeStderr(logrusLine('warning', 'could not populate unique, writeable $KUBECONFIG copy', { error: goError(e, original) }));
    }
    return true;
  };
  const timer = copied() ? undefined : setInterval(() => copied() && clearInterval(timer), 1000);
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
