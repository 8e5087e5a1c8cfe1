// Uploading (upstream pkg/gcsupload/run.go and pkg/pod-utils/gcs/upload.go).
//
// What goes where: in a bucket, the presubmit alias and latest-build.txt, then the items under
// the build's directory (a directory under its own base name, a file under its name), and in a
// second batch the sidecar's own objects (build logs, finished.json, sidecar-logs.json). With a
// local output directory everything lands directly in it, and '#' in names is escaped as %23
// (upstream's escaping, which its URL parsing undoes for buckets only). A trailing .gz/.gzip is
// dropped from names: the object keeps its compressed bytes, gzip-encoded in a bucket.
//
// How: at most 4 objects at a time; each tried up to 4 times, sleeping 1 s, 4 s and 9 s between
// tries (without holding its slot). A failure lists every object's error; the objects that did go
// up stay. With dry_run nothing is written: each object is only logged.

import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withError, type Logger } from '../shared/log.js';
import { limiter, walkFiles } from './fsutil.js';
import type { GcsOptions } from './options.js';
import type { JobPaths } from './paths.js';
import { localStore } from './stores/local.js';
import type { Store, Target } from './stores/store.js';

export type { Body, Store, Target } from './stores/store.js';

export const MAX_TRIES = 4;
export const MAX_CONCURRENT = 4;

export interface UploadContext {
  logger: Logger;
  /** cancels the upload (the best-effort one once the markers are seen) */
  signal?: AbortSignal;
  /** milliseconds slept after failed try n (n² seconds; tests shorten it) */
  retrySleepMs?: (attempt: number) => number;
}

export const fileTarget = (file: string): Target => ({
  file,
  open: async () => (await fs.promises.open(file)).createReadStream({ highWaterMark: 1024 * 1024 }),
});
export const dataTarget = (data: string): Target => ({ open: async () => [Buffer.from(data)] });

/** The targets of the two batches: the items (with the bucket's files), then `extra`. */
async function assembleTargets(o: GcsOptions, paths: JobPaths, buildid: string, extra: Map<string, Target>, logger: Logger): Promise<Map<string, Target>[]> {
  const local = !!o.local_output_dir;
  // path_prefix goes before the job's path (the alias leads there), sub_dir after it; latest-build.txt
  // stays where it is. A local directory gets neither.
  const jobBase = o.path_prefix ? path.posix.join(o.path_prefix, paths.build) : paths.build;
  const base = local ? '' : o.sub_dir ? path.posix.join(jobBase, o.sub_dir) : jobBase;
  const uploads = new Map<string, Target>();
  if (!local) {
    if (paths.alias) uploads.set(paths.alias, dataTarget(`${o.bucket}/${jobBase}`));
    for (const latest of paths.latestBuilds) uploads.set(latest, { ...dataTarget(buildid), typedBy: path.posix.basename(latest) });
  }
  for (const item of o.items ?? []) {
    let files: Awaited<ReturnType<typeof walkFiles>>;
    try {
      files = await walkFiles(item);
    } catch (err) {
      logger.warn(`Encountered error in resolving items to upload for ${item}: ${(err as Error).message}`);
      continue;
    }
    // (a directory's files are "found", in upstream's words, with its newline; a file item is not)
    const directory = files.length !== 1 || files[0].file !== item;
    if (directory) logger.info(`Gathering artifacts from artifact directory: ${item}`);
    for (const { file } of files) {
      let dest = path.posix.join(base, path.relative(path.dirname(item), file));
      if (local) dest = dest.replaceAll('#', '%23');
      dest = dest.replace(/\.(gz|gzip)$/, '');
      if (uploads.has(dest)) {
        logger.warn(`Encountered duplicate upload of ${dest}, skipping...`);
        continue;
      }
      if (directory) logger.info(`Found ${file} in artifact directory. Uploading as ${dest}\n`);
      uploads.set(dest, { ...fileTarget(file), typedBy: path.basename(file) });
    }
  }
  const extras = new Map([...extra].map(([dest, target]) => [path.posix.join(base, dest), target]));
  return [uploads, extras];
}

/** Every target, with retries and at most 4 at once; rejects with all the errors. */
async function uploadAll(targets: Map<string, Target>, store: Store, ctx: UploadContext): Promise<void> {
  const { logger, signal } = ctx;
  const limit = limiter(MAX_CONCURRENT);
  const errors: string[] = [];
  const uploadOne = async (dest: string, target: Target): Promise<void> => {
    const fields = { dest: store.where(dest) };
    logger.info('Queued for upload', fields);
    for (let attempt = 1; ; attempt++) {
      try {
        await limit(async () => {
          if (attempt > 1) logger.debug('Retrying upload', { ...fields, retry_attempt: attempt });
          signal?.throwIfAborted();
          await store.put(dest, target, signal);
        });
        logger.info('Finished upload', fields);
        return;
      } catch (err) {
        if (attempt === MAX_TRIES || signal?.aborted) {
          errors.push(`${dest}: ${(err as Error).message}`);
          logger.info('Failed upload', fields);
          return;
        }
      }
      await sleep(ctx.retrySleepMs?.(attempt) ?? attempt * attempt * 1000, undefined, { signal }).catch(() => {});
    }
  };
  await Promise.all([...targets].map(([dest, target]) => uploadOne(dest, target)));
  if (errors.length > 0) throw new Error(`encountered errors during upload: [${errors.join('; ')}]`);
}

/** Whether uploads go to a bucket through the S3 client (not a directory, not a dry run). */
function usesBucket(o: GcsOptions): boolean {
  return !o.dry_run && !o.local_output_dir && !!o.bucket && !o.bucket.startsWith('file://');
}

/**
 * Loads the S3 client while the test still runs: loading it takes a good part of a second on a
 * busy machine, time that would otherwise come out of the pod's termination grace period.
 */
export function preloadStore(o: GcsOptions): void {
  if (usesBucket(o)) void import('./stores/s3.js').then((m) => m.preloadClient()).catch(() => undefined);
}

/** One batch, into the local directory or the bucket (or only logged, in a dry run). */
async function completeUpload(o: GcsOptions, targets: Map<string, Target>, ctx: UploadContext): Promise<void> {
  if (o.dry_run) {
    for (const dest of targets.keys()) ctx.logger.info('Would upload', { dest });
    return;
  }
  const dir = o.local_output_dir?.replace(/^file:\/\//, '');
  try {
    // the S3 client is loaded only when a bucket is used, so that a local upload starts fast
    const s3 = async (): Promise<Store> => (await import('./stores/s3.js')).s3Store(o.bucket!, o.s3_credentials_file, o.compress_file_types, o.mediaTypes);
    const store = dir ? localStore(dir) : o.bucket!.startsWith('file://') ? localStore(o.bucket!.slice(7)) : await s3();
    await uploadAll(targets, store, ctx);
  } catch (err) {
    throw new Error(`${dir ? `failed to copy files to ${JSON.stringify(dir)}` : 'failed to upload to blob storage'}: ${(err as Error).message}`);
  }
  ctx.logger.info(dir ? `Finished copying files to ${JSON.stringify(dir)}.` : 'Finished upload to blob storage');
}

/** The items batch, then the extra (the sidecar's own) batch; throws the first failure. */
export async function runUpload(o: GcsOptions, paths: JobPaths, buildid: string, extra: Map<string, Target>, ctx: UploadContext): Promise<void> {
  const batches = await assembleTargets(o, paths, buildid, extra, ctx.logger);
  let first: Error | undefined;
  for (const batch of batches) {
    try {
      await completeUpload(o, batch, ctx);
    } catch (err) {
      if (first) ctx.logger.info('Also failed to upload extra targets', withError(err));
      first ??= err as Error;
    }
  }
  if (first) throw first;
}
