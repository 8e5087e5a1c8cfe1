// Builds the MinIO server the sidecar scenarios upload to, from the Go module proxy, at the one
// version pinned in upstream/minio.json, into .cache/minio/bin/minio (ignored by git), once per
// machine. MinIO publishes no binaries for its community edition any more (its README: "source
// only"), and its module has no `replace` directives, so a plain `go install pkg@version` builds
// it; nothing of MinIO's source is kept in this repository.
//
// The binary is rebuilt only when its stamp (.cache/minio/bin/minio.version: module@version,
// package, flags) differs from what the pin asks for, or with force. The build goes to a
// temporary folder and is renamed into place (ensureBuilt of the upstream build code), so an
// interrupted build never leaves half a binary; a lock folder keeps two harness processes from
// building it at the same time.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files/json.js';
import { ROOT } from '../paths.js';
import { PSEUDO_VERSION, checkGo, ensureBuilt, isUpToDate, removeStaleTmpDirs } from '../upstream/build.js';

export const MINIO_PIN_FILE = join(ROOT, 'upstream', 'minio.json');
/** The binary's name in the bin folder, whatever the package's base name. */
const BINARY = 'minio';
/** Where MinIO's build-constants live (its buildscripts/gen-ldflags.go sets them). */
const MINIO_CMD_PKG = 'github.com/minio/minio/cmd';
/** How long to wait for another process's build of the same binary. */
const LOCK_WAIT_MS = 30 * 60 * 1000;
/** A lock folder without an owner file yet is being created; older than this it is a leftover. */
const LOCK_FRESH_MS = 10 * 1000;

export interface MinioPin {
  module: string;
  version: string;
  /** Full path of the main package ("github.com/minio/minio"). */
  package: string;
}

const SEMVER = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const MODULE_PATH = /^[a-z0-9.-]+\.[a-z]+(?:\/[A-Za-z0-9._~-]+)+$/;

export function minioBinDir(): string {
  return join(ROOT, '.cache', 'minio', 'bin');
}

export function minioBinaryPath(): string {
  return join(minioBinDir(), BINARY);
}

/** Validates the parsed pin; every problem is a one-line UsageError. */
export function parseMinioPin(raw: unknown, file: string = MINIO_PIN_FILE): MinioPin {
  const where = `MinIO pin ${file}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${where}: must be a JSON object {"module", "version", "package"}`);
  const { module, version, package: pkg } = raw as Record<string, unknown>;
  if (typeof module !== 'string' || !MODULE_PATH.test(module)) throw new UsageError(`${where}: module must be a Go module path`);
  if (typeof version !== 'string' || !SEMVER.test(version)) throw new UsageError(`${where}: version must be an exact module version (tag or pseudo-version), not ${JSON.stringify(version)}`);
  if (typeof pkg !== 'string' || (pkg !== module && !pkg.startsWith(`${module}/`))) throw new UsageError(`${where}: package must be the main package's full path, inside ${JSON.stringify(module)}`);
  return { module, version, package: pkg };
}

export function readMinioPin(file: string = MINIO_PIN_FILE): MinioPin {
  return parseMinioPin(readJsonFile(file, 'MinIO pin'), file);
}

/**
 * The -ldflags of MinIO's own `make build` (buildscripts/gen-ldflags.go): "-s -w" and the
 * build-constants. We have no checkout, so a pseudo-version gives the commit's time and short
 * revision (the full commit id is not known); without them `minio --version` says DEVELOPMENT.GOGET.
 */
export function minioLdflags(version: string): string {
  const pseudo = PSEUDO_VERSION.exec(version);
  if (!pseudo) return '-s -w';
  const t = pseudo[1];
  const time = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`;
  return [
    '-s -w',
    `-X ${MINIO_CMD_PKG}.Version=${time}`,
    `-X ${MINIO_CMD_PKG}.CopyrightYear=${t.slice(0, 4)}`,
    `-X ${MINIO_CMD_PKG}.ReleaseTag=DEVELOPMENT.${time.replace(/:/g, '-')}`,
    `-X ${MINIO_CMD_PKG}.CommitID=${pseudo[2]}`,
    `-X ${MINIO_CMD_PKG}.ShortCommitID=${pseudo[2]}`,
  ].join(' ');
}

/** Build flags besides -ldflags: those of MinIO's `make build`. */
const BUILD_FLAGS = ['-trimpath', '-tags', 'kqueue'];

/** What the stamp file holds; a binary whose stamp differs is rebuilt. */
export function minioStamp(pin: MinioPin): string {
  return [`${pin.module}@${pin.version}`, `package ${pin.package}`, `ldflags ${minioLdflags(pin.version)}`, `flags ${BUILD_FLAGS.join(' ')} CGO_ENABLED=0`].join('\n') + '\n';
}

export interface EnsureMinioOptions {
  log?: (line: string) => void;
  /** Rebuild even when the stamp matches. */
  force?: boolean;
  /** For tests: another pin file or bin folder. */
  pinFile?: string;
  binDir?: string;
}

/** Returns the path of the MinIO binary, building it first if it is missing or stale. */
export async function ensureMinio(opts: EnsureMinioOptions = {}): Promise<string> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pin = readMinioPin(opts.pinFile);
  const binDir = opts.binDir ?? minioBinDir();
  const binary = join(binDir, BINARY);
  const stamp = minioStamp(pin);
  if (!opts.force && isUpToDate(binDir, BINARY, stamp)) return binary;

  let goVersion: string;
  try {
    goVersion = await checkGo();
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`cannot build MinIO ${pin.version} into ${binary}: ${error.message}`);
    throw error;
  }
  mkdirSync(binDir, { recursive: true });
  removeStaleTmpDirs(binDir);
  await withBuildLock(binDir, log, async () => {
    const started = performance.now();
    let announced = false;
    const outcome = await ensureBuilt(binDir, BINARY, stamp, {
      force: opts.force,
      build: async (tmpDir) => {
        announced = true;
        log(`minio: building ${pin.package}@${pin.version} with ${goVersion} into ${binary} (the first build on a machine downloads modules and takes a few minutes)`);
        await goInstall(pin, tmpDir, log);
      },
    });
    if (announced) log(`minio: ${outcome} ${binary} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
  return binary;
}

async function goInstall(pin: MinioPin, tmpDir: string, log: (line: string) => void): Promise<void> {
  // `go install pkg@version` ignores any go.mod around it and writes GOBIN/<base name of pkg>.
  const gobin = join(tmpDir, 'gobin');
  mkdirSync(gobin);
  const args = ['install', ...BUILD_FLAGS, '-ldflags', minioLdflags(pin.version), `${pin.package}@${pin.version}`];
  log(`  $ go ${args.map(shellQuote).join(' ')}`);
  const tail: string[] = [];
  const subprocess = execa('go', args, { cwd: tmpDir, env: { CGO_ENABLED: '0', GOBIN: gobin }, stdin: 'ignore', all: true, reject: false });
  for await (const line of subprocess.iterable({ from: 'all' })) {
    log(`  | ${line}`);
    tail.push(line);
    if (tail.length > 20) tail.shift();
  }
  const result = await subprocess;
  if (result.failed) {
    const why = result.exitCode !== undefined ? `exit status ${result.exitCode}` : result.signal ? `signal ${result.signal}` : (result.message ?? 'unknown error').split('\n')[0];
    throw new Error(`go install of ${pin.package}@${pin.version} failed (${why}):\n${tail.join('\n')}`);
  }
  const produced = join(gobin, basename(pin.package));
  if (!existsSync(produced)) throw new Error(`go install of ${pin.package}@${pin.version} produced no ${produced}`);
  renameSync(produced, join(tmpDir, BINARY));
}

/**
 * Runs `fn` holding binDir/.build.lock (a folder: mkdir is atomic), so parallel harness processes
 * build MinIO once. A lock whose owner process is gone is taken over.
 */
async function withBuildLock(binDir: string, log: (line: string) => void, fn: () => Promise<void>): Promise<void> {
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
    if (Date.now() > deadline) throw new Error(`MinIO is still being built by another process (lock ${lock}) after ${LOCK_WAIT_MS / 60000} minutes`);
    if (!waiting) log(`minio: waiting for another process's build (lock ${lock})`);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  try {
    await fn();
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

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
