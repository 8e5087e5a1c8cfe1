// upstream's options.run(): copy SHARED_DIR, wait for --wait-for-file, run the child (stdin
// /dev/null, stdout and stderr inherited), and in manage-kubeconfig mode print the Secret
// afterwards (this implementation only has --dry-run there). The result is the exit code plus
// the errors for the "error: ..." line.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { errnoText, exitErrorText, goError } from '../shared/goerrors.js';
import { lookPath } from '../shared/lookpath.js';
import type { SignalForwarder } from './forward.js';
import type { WrapperOptions } from './options.js';
import { printSecret, watchKubeconfig } from './secret.js';
import { childEnv, chooseHome, copyDir, ensureGitConfig, privateKubeconfig } from './secret-dir.js';
import { waitForFile } from './wait.js';

export interface RunResult {
  /** -1 for a child killed by a signal (Go's ExitCode()); the process exits with it modulo 256 */
  code: number;
  errors: string[];
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several as "[a, b]". */
export function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

/** upstream's execCmd: the child's exit code and, unless it exited 0, the error text. */
export async function execCommand(o: WrapperOptions, signals: SignalForwarder, env: NodeJS.ProcessEnv): Promise<{ code: number; error?: string }> {
  const { home, changed } = chooseHome(env);
  try {
    ensureGitConfig(home);
  } catch (err) {
    return { code: 1, error: `failed to create Git configuration: ${(err as Error).message}` };
  }
  const kubeconfig = o.mode === 'skip-kubeconfig' ? undefined : privateKubeconfig(env);
  try {
    // signals that came in before now are dispatched (and swallowed) before the child exists
    await new Promise((resolve) => setImmediate(resolve));
    const looked = lookPath(o.cmd[0]);
    if ('error' in looked) {
      signals.stop();
      return { code: 1, error: `failed to start main process: ${looked.error}` };
    }
    const child = spawn(looked.file, o.cmd.slice(1), {
      argv0: o.cmd[0],
      stdio: ['ignore', 'inherit', 'inherit'],
      env: childEnv(env, { sharedDir: o.dstDir, home: changed ? home : undefined, kubeconfig: kubeconfig?.file }),
    });
    signals.forwardTo(child);
    try {
      await once(child, 'spawn');
    } catch (err) {
      signals.stop();
      return { code: 1, error: `failed to start main process: fork/exec ${looked.file}: ${errnoText(err)}` };
    }
    child.on('error', () => {}); // a failed kill() is reported by its result
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (...exit) => resolve(exit)));
    signals.stop();
    return code === 0 ? { code: 0 } : { code: code ?? -1, error: exitErrorText(code, signal) };
  } finally {
    kubeconfig?.stop();
  }
}

export async function runWrapper(o: WrapperOptions, signals: SignalForwarder, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  try {
    copyDir(o.dstDir, o.srcDir);
  } catch (err) {
    return { code: 1, errors: [`failed to copy secret mount: ${goError(err)}`] };
  }
  if (o.waitForFile !== '') {
    try {
      await waitForFile(o.waitForFile, o.waitTimeoutNs);
    } catch (err) {
      return { code: 1, errors: [`failed to wait for file: ${goError(err)}`] };
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
      errors.push(`failed to create/update secret: ${goError(err)}`);
      return { code: 1, errors };
    }
  }
  return { code, errors };
}
