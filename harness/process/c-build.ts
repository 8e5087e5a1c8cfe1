// The harness's small C programs (the container launcher, the node's pause and exit watcher, the
// probe), compiled with the system's C compiler into .cache/<name>/ once per machine and per
// version of their source. Parallel runs may build at once: each into its own name, then one
// atomic rename wins; builds of older sources are removed.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../paths.js';

const run = promisify(execFile);

const nameOf = (source: string): string => basename(source, '.c');

/** Where `source` (a path under the project) is built to, and whether that build exists. */
export function cBinaryPath(source: string, cacheDir: string): { binary: string; built: boolean } {
  const version = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const binary = join(cacheDir, `${nameOf(source)}-${version}`);
  return { binary, built: existsSync(binary) };
}

/** Builds `source` unless built; returns the binary's path. Throws with one line when it cannot. */
export async function ensureC(source: string, cacheDir: string, flags: string[] = []): Promise<string> {
  const { binary, built } = cBinaryPath(source, cacheDir);
  if (built) return binary;
  const name = nameOf(source);
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    await run('cc', [...flags, '-O2', '-Wall', '-o', partial, source]);
    renameSync(partial, binary);
    for (const old of readdirSync(cacheDir)) {
      if (old.startsWith(`${name}-`) && join(cacheDir, old) !== binary && !old.endsWith('.tmp')) rmSync(join(cacheDir, old), { force: true });
    }
  } catch (error) {
    rmSync(partial, { force: true });
    const e = error as { code?: string; stderr?: string; message: string };
    throw new Error(`cannot build ${relative(ROOT, source)}: ${e.code === 'ENOENT' ? 'no C compiler (cc)' : (e.stderr || e.message).trim().split('\n')[0]}`);
  }
  return binary;
}
