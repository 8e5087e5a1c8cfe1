// The container launcher (pod-launch.c beside this file), compiled with the system's C compiler
// into .cache/pod-launch/ once per machine and per version of its source, then asked whether
// this machine lets it create the namespaces at all.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../paths.js';

const run = promisify(execFile);
const SOURCE = join(ROOT, 'harness', 'pod', 'runtimes', 'pod-launch.c');

function firstLine(error: unknown): string {
  const e = error as { stderr?: string; message: string; code?: string };
  if (e.code === 'ENOENT') return 'no C compiler (cc) to build the container launcher';
  return (e.stderr?.trim() || e.message).split('\n')[0];
}

/** Builds the launcher if needed; returns its path. Throws with one line when it cannot. */
export async function buildLauncher(): Promise<string> {
  const source = readFileSync(SOURCE);
  const version = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = join(ROOT, '.cache', 'pod-launch');
  const binary = join(dir, `pod-launch-${version}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  // Parallel runs may build at once: each into its own name, then one atomic rename wins.
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    await run('cc', ['-O2', '-Wall', '-o', partial, SOURCE]);
    renameSync(partial, binary);
    // Builds of older sources are of no further use.
    for (const old of readdirSync(dir)) if (old.startsWith('pod-launch-') && join(dir, old) !== binary && !old.endsWith('.tmp')) rmSync(join(dir, old), { force: true });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new Error(`cannot build the container launcher: ${firstLine(error)}`);
  }
  return binary;
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
    throw new Error(firstLine(error).replace(/^pod-launch: /, ''));
  }
  return binary;
}
