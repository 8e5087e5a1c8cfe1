// Censoring before upload (upstream pkg/sidecar/censor.go): the secrets are every file of the
// secret directories (as Kubernetes mounts a secret: names starting with ".." are the volume's
// internals, skipped), plus each auth and password of registry credentials files. The process
// logs and every file of the items (symlinks aside, and within include_directories and outside
// exclude_directories when they are set: see glob.ts) are then censored, at most
// censoring_concurrency at a time.
//
// Files are streamed, never read whole, and rewritten in place (censoring keeps sizes), so a
// process log still being written keeps its inode. A gzip file is censored inside (see tar.ts) and
// replaced through a temp file beside it (censoring_buffer_size has no use here: reads are 1 MiB).
// A failure is reported but, as upstream, does not stop the upload.

import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { formatGoDuration } from '../../shared/duration.js';
import type { Logger } from '../../shared/log.js';
import { limiter, walkFiles } from '../fsutil.js';
import type { CensoringOptions } from '../options.js';
import { Censorer, censorStream } from './censorer.js';
import { shouldCensor } from './glob.js';
import { iniValues } from './ini.js';
import { censorTar } from './tar.js';

const READ_SIZE = 1024 * 1024;
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);

/** What a JSON value is, in the words a reason uses ("an array", "a string"). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * kubernetes.io/dockercfg ({registry: {auth, password}}) and dockerconfigjson ({auths: ...}): each
 * auth and password that is not empty. As upstream decodes them (into typed Go structs), a file
 * that is not JSON of that shape fails the loading of every secret.
 */
function registrySecrets(file: string, raw: Buffer): string[] {
  const name = path.basename(file);
  if (name !== '.dockercfg' && name !== '.dockerconfigjson') return [];
  const fail = (why: string): never => {
    throw new Error(`could not read ${file} as a docker secret: ${why}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    return fail((err as Error).message);
  }
  const registries = name === '.dockercfg' ? doc : isObject(doc) ? doc.auths : doc;
  if (registries === null || registries === undefined) return [];
  if (!isObject(registries)) return fail(`the registries must be a map, not ${kindOf(registries)}`);
  const secrets: string[] = [];
  for (const [registry, entry] of Object.entries(registries)) {
    if (entry === null) continue;
    if (!isObject(entry)) return fail(`the entry of ${registry} must be an object, not ${kindOf(entry)}`);
    for (const field of ['auth', 'password']) {
      const value = entry[field];
      if (value !== undefined && value !== null && typeof value !== 'string') fail(`${registry}.${field} must be a string, not ${kindOf(value)}`);
      if (value) secrets.push(value as string);
    }
  }
  return secrets;
}

/** The files named in ini_filenames: every value of every section (upstream reads them with gopkg.in/ini.v1). */
function iniSecrets(file: string, raw: Buffer): string[] {
  try {
    return iniValues(raw.toString('utf8'));
  } catch (err) {
    throw new Error(`could not read ${file} as a docker secret: ${(err as Error).message}`);
  }
}

/** All secrets, each file's content before the values found inside it. Throws on any error. */
export async function loadSecrets(directories: string[], iniFilenames: string[] = []): Promise<Buffer[]> {
  const secrets: Buffer[] = [];
  for (const directory of directories) {
    for (const { file } of await walkFiles(directory, (name) => name.startsWith('..'))) {
      const raw = await fs.promises.readFile(file);
      const values = iniFilenames.includes(path.basename(file)) ? iniSecrets(file, raw) : registrySecrets(file, raw);
      secrets.push(raw, ...values.map((s) => Buffer.from(s)));
    }
  }
  return secrets;
}

/** Censors one file: in place, or inside it for a gzip file. */
export async function censorFile(file: string, censorer: Censorer, signal?: AbortSignal): Promise<void> {
  const fh = await fs.promises.open(file, 'r+');
  try {
    const { buffer: magic } = await fh.read(Buffer.alloc(3), 0, 3, 0);
    if (magic.equals(GZIP_MAGIC)) return await censorGzip(file, censorer, signal);
    let offset = 0;
    for await (const chunk of censorStream(fs.createReadStream(file, { highWaterMark: READ_SIZE }), censorer, signal)) {
      await fh.write(chunk, 0, chunk.length, offset);
      offset += chunk.length;
    }
  } finally {
    await fh.close();
  }
}

async function censorGzip(file: string, censorer: Censorer, signal?: AbortSignal): Promise<void> {
  const temp = `${file}.censoring`;
  try {
    await pipeline(
      fs.createReadStream(file),
      zlib.createGunzip(),
      (source: AsyncIterable<Buffer>) => censorTar(source, censorer, signal),
      zlib.createGzip(),
      fs.createWriteStream(temp),
    );
    await fs.promises.rename(temp, file);
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}

export interface CensorJob {
  logger: Logger;
  options: CensoringOptions;
  processLogs: string[];
  items: string[];
  signal?: AbortSignal;
}

/** The whole censoring step; resolves with what went wrong, if anything. */
export async function censor({ logger, options, processLogs, items, signal }: CensorJob): Promise<Error | undefined> {
  logger.info('Starting to censor data');
  const start = process.hrtime.bigint();
  try {
    let secrets: Buffer[];
    try {
      secrets = await loadSecrets(options.secret_directories ?? [], options.ini_filenames);
    } catch (err) {
      return new Error(`could not load secrets: ${(err as Error).message}`);
    }
    const censorer = new Censorer(secrets, options.minimum_secret_length);
    logger.debug('Loaded secrets to censor.', { secrets: secrets.length });
    const limit = limiter(options.censoring_concurrency ?? 10);
    const errors: string[] = [];
    const censorOne = (file: string): Promise<void> =>
      limit(() => censorFile(file, censorer, signal)).catch((err: Error) => {
        errors.push(`could not censor ${file}: ${err.message}`);
      });
    const jobs = processLogs.map(censorOne);
    for (const item of items) {
      try {
        for (const { file, symlink } of await walkFiles(item)) {
          if (!symlink && shouldCensor(path.relative(item, file) || '.', options.include_directories, options.exclude_directories)) jobs.push(censorOne(file));
        }
      } catch (err) {
        errors.push(`could not walk ${item} to censor it: ${(err as Error).message}`);
      }
    }
    await Promise.all(jobs);
    // (as Go's aggregate error words several: "[a, b]")
    if (errors.length === 0) return undefined;
    return new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  } finally {
    logger.info('Finished censoring data', { duration: formatGoDuration(process.hrtime.bigint() - start) });
  }
}
