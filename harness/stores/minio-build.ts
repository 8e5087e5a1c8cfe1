// Builds the MinIO server the sidecar scenarios upload to, from the Go module proxy, at the one
// version pinned in upstream/minio.json, into .cache/minio/bin/minio (ignored by git), once per
// machine. MinIO publishes no binaries for its community edition any more (its README: "source
// only"), and its module has no `replace` directives, so a plain `go install pkg@version` builds
// it; nothing of MinIO's source is kept in this repository.
//
// The binary is stamped (.cache/minio/bin/minio.version: module@version, package, flags) and
// built through the locked build cache of harness/upstream/go-build.ts, like the upstream programs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files/json.js';
import { ROOT } from '../paths.js';
import { MODULE_PATH, PSEUDO_VERSION, SEMVER, checkGo, ensureBuilt, goInstall, isUpToDate, removeStaleTmpDirs } from '../upstream/go-build.js';

export const MINIO_PIN_FILE = join(ROOT, 'upstream', 'minio.json');
/** The binary's name in the bin folder, whatever the package's base name. */
const BINARY = 'minio';
/** Where MinIO's build-constants live (its buildscripts/gen-ldflags.go sets them). */
const MINIO_CMD_PKG = 'github.com/minio/minio/cmd';

export interface MinioPin {
  module: string;
  version: string;
  /** Full path of the main package ("github.com/minio/minio"). */
  package: string;
}


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
  const started = performance.now();
  let announced = false;
  const outcome = await ensureBuilt(binDir, BINARY, stamp, {
    force: opts.force,
    log: (line) => log(`minio: ${line}`),
    build: async (tmpDir) => {
      announced = true;
      log(`minio: building ${pin.package}@${pin.version} with ${goVersion} into ${binary} (a real S3 server for the scenarios tagged @capability:s3, built once per machine: the first build downloads modules and takes a few minutes; --tags "not @capability:s3" runs the rest without it)`);
      await goInstall(pin.package, pin.version, [...BUILD_FLAGS, '-ldflags', minioLdflags(pin.version)], tmpDir, BINARY, log);
    },
  });
  if (announced) log(`minio: ${outcome} ${binary} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return binary;
}
