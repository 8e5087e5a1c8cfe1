// The container launcher (pod-launch.c beside this file), compiled with the system's C compiler
// into .cache/pod-launch/ once per machine and per version of its source, then asked whether
// this machine lets it create the namespaces at all.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../paths.js';
import { ensureC } from '../../process/c-build.js';

const run = promisify(execFile);
const SOURCE = join(ROOT, 'harness', 'pod', 'runtimes', 'pod-launch.c');

/** Builds the launcher if needed; returns its path. Throws with one line when it cannot. */
export function buildLauncher(): Promise<string> {
  return ensureC(SOURCE, join(ROOT, '.cache', 'pod-launch'));
}

/**
 * The launcher's path when this machine can run containers in namespaces of their own, else
 * throws with the reason in one line (not root, no CLONE_NEWPID, no compiler).
 */
export async function namespaceLauncher(): Promise<string> {
  const binary = await buildLauncher();
  try {
    await run(binary, ['--check']);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error((e.stderr?.trim() || e.message).split('\n')[0].replace(/^pod-launch: /, ''));
  }
  return binary;
}
