// The Go build cache both builders use (the upstream programs, harness/upstream/build.ts, and
// MinIO, harness/stores/minio-build.ts): `go` itself (found, new enough, run with its output
// logged), and binaries in a bin folder each stamped with how it was built (<name>.version).
//
// A binary is rebuilt only when its stamp differs from the one asked for, or with force. A build
// goes to a temporary folder first and is renamed into place, so an interrupted build never
// leaves half a binary; a lock folder keeps two processes (parallel harness workers, two
// checkouts sharing a cache) from building into the same bin folder at once.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { sleep } from '../wait.js';

/** A Go pseudo-version: its commit time (group 1) and short revision (group 2). */
export const PSEUDO_VERSION = /^v\d+\.\d+\.\d+-(?:[0-9A-Za-z.]+\.)?(?:0\.)?(\d{14})-([0-9a-f]{12})(?:\+incompatible)?$/;
/** An exact module version: a tag or a pseudo-version. */
export const SEMVER = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
export const MODULE_PATH = /^[a-z0-9.-]+\.[a-z]+(?:\/[A-Za-z0-9._~-]+)+$/;
/** Oldest Go that builds the pinned versions (`go install` of Prow needs 1.26). */
export const MIN_GO: readonly [number, number] = [1, 26];
/** Temporary build folders older than this are leftovers of an interrupted build. */
const STALE_TMP_MS = 6 * 3600 * 1000;
/** How long to wait for another process's build into the same folder. */
const LOCK_WAIT_MS = 30 * 60 * 1000;
/** A lock folder without an owner file yet is being created; older than this it is a leftover. */
const LOCK_FRESH_MS = 10 * 1000;

export type Log = (line: string) => void;

/** Checks that `go` is on PATH and new enough; returns its version ("go1.26.8"). */
export async function checkGo(): Promise<string> {
  let goVersion: string;
  try {
    goVersion = (await execa('go', ['env', 'GOVERSION'], { stdin: 'ignore' })).stdout.trim();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new UsageError(`building the upstream programs needs Go >= ${MIN_GO.join('.')} on PATH, and \`go\` was not found`);
    throw new UsageError(`building the upstream programs needs Go, and \`go env GOVERSION\` failed: ${firstLine((error as Error).message)}`);
  }
  const m = /^go(\d+)\.(\d+)/.exec(goVersion);
  if (!m || Number(m[1]) < MIN_GO[0] || (Number(m[1]) === MIN_GO[0] && Number(m[2]) < MIN_GO[1])) {
    throw new UsageError(`building the upstream programs needs Go >= ${MIN_GO.join('.')}, and \`go\` on PATH is ${goVersion || 'of an unknown version'}`);
  }
  return goVersion;
}

/** Runs `go args...`, logging the command and every line of its output; a failure ends with the last lines. */
export async function runGo(args: string[], cwd: string, env: Record<string, string>, log: Log): Promise<void> {
  log(`  $ go ${args.map(shellQuote).join(' ')}   (in ${cwd})`);
  const tail: string[] = [];
  const subprocess = execa('go', args, { cwd, env, stdin: 'ignore', all: true, reject: false });
  for await (const line of subprocess.iterable({ from: 'all' })) {
    log(`  | ${line}`);
    tail.push(line);
    if (tail.length > 20) tail.shift();
  }
  const result = await subprocess;
  if (result.failed) {
    const why = result.exitCode !== undefined ? `exit status ${result.exitCode}` : result.signal ? `signal ${result.signal}` : firstLine(result.message ?? 'unknown error');
    throw new Error(`go ${args[0]} failed (${why}) in ${cwd}:\n${tail.join('\n')}`);
  }
}

/**
 * `go install pkg@version` (which ignores any go.mod around it) into `tmpDir`, leaving the
 * binary at join(tmpDir, name), as ensureBuilt's `build` must.
 */
export async function goInstall(pkg: string, version: string, flags: string[], tmpDir: string, name: string, log: Log): Promise<void> {
  const gobin = join(tmpDir, 'gobin');
  mkdirSync(gobin);
  await runGo(['install', ...flags, `${pkg}@${version}`], tmpDir, { CGO_ENABLED: '0', GOBIN: gobin }, log);
  const produced = join(gobin, basename(pkg));
  if (!existsSync(produced)) throw new Error(`go install of ${pkg}@${version} produced no ${produced}`);
  renameSync(produced, join(tmpDir, name));
}

export function stampPath(binDir: string, name: string): string {
  return join(binDir, `${name}.version`);
}

/** True when the binary exists and its stamp says it was built exactly as asked now. */
export function isUpToDate(binDir: string, name: string, expectedStamp: string): boolean {
  const bin = join(binDir, name);
  const stamp = stampPath(binDir, name);
  if (!existsSync(bin) || !existsSync(stamp)) return false;
  try {
    return statSync(bin).isFile() && readFileSync(stamp, 'utf8') === expectedStamp;
  } catch {
    return false;
  }
}

export interface EnsureBuiltOptions {
  force?: boolean;
  /** Must leave the executable at join(tmpDir, name). */
  build: (tmpDir: string) => Promise<void>;
  log?: Log;
}

/**
 * Builds one binary unless it is up to date, holding the bin folder's lock. The result is renamed
 * onto binDir/name and the stamp written; the old stamp is removed first, so a build interrupted
 * at any point is redone next time.
 */
export async function ensureBuilt(binDir: string, name: string, expectedStamp: string, opts: EnsureBuiltOptions): Promise<'built' | 'cached'> {
  if (!opts.force && isUpToDate(binDir, name, expectedStamp)) return 'cached';
  mkdirSync(binDir, { recursive: true });
  return withBuildLock(binDir, opts.log ?? (() => undefined), async () => {
    // Another process may have built it while we waited for the lock.
    if (!opts.force && isUpToDate(binDir, name, expectedStamp)) return 'cached';
    rmSync(stampPath(binDir, name), { force: true });
    const tmpDir = mkdtempSync(join(binDir, `.tmp-${name}-`));
    try {
      await opts.build(tmpDir);
      const produced = join(tmpDir, name);
      if (!existsSync(produced)) throw new Error(`the build of ${name} produced no ${produced}`);
      renameSync(produced, join(binDir, name));
      const stampTmp = join(tmpDir, `${name}.version`);
      writeFileSync(stampTmp, expectedStamp);
      renameSync(stampTmp, stampPath(binDir, name));
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }
    return 'built';
  });
}

/** Removes temporary build folders left by interrupted builds (old enough not to be in use). */
export function removeStaleTmpDirs(binDir: string, now: number = Date.now()): void {
  if (!existsSync(binDir)) return;
  for (const entry of readdirSync(binDir)) {
    if (!entry.startsWith('.tmp-')) continue;
    const path = join(binDir, entry);
    try {
      if (now - statSync(path).mtimeMs > STALE_TMP_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/** Runs `fn` holding binDir/.build.lock (a folder: mkdir is atomic). A lock whose owner process is gone is taken over. */
async function withBuildLock<T>(binDir: string, log: Log, fn: () => Promise<T>): Promise<T> {
  const lock = join(binDir, '.build.lock');
  const owner = join(lock, 'pid');
  const deadline = Date.now() + LOCK_WAIT_MS;
  let waiting = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockIsStale(lock, owner)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${binDir} is still being built into by another process (lock ${lock}) after ${LOCK_WAIT_MS / 60000} minutes`);
    if (!waiting) log(`waiting for another process's build (lock ${lock})`);
    waiting = true;
    await sleep(500);
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockIsStale(lock: string, owner: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(owner, 'utf8'));
  } catch {
    try {
      return Date.now() - statSync(lock).mtimeMs > LOCK_FRESH_MS;
    } catch {
      return false; // released meanwhile: try again
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
