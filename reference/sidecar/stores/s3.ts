// S3 buckets (s3://<bucket>[/<prefix>]), through the minio client. The credentials file
// (upstream's providers.S3Credentials) gives the region, the endpoint (its scheme says http or
// https), insecure (skip TLS certificate verification, not plain HTTP), s3_force_path_style and
// the keys; without keys, or without a file, the AWS_* environment variables are used (the
// AWS SDK's names, the older AWS_ACCESS_KEY and AWS_SECRET_KEY too).
// Objects go up as one PUT when they fit in a part, else as a multipart upload with up to
// PART_CONCURRENCY parts in flight (the network and the store's own work overlap): the sidecar
// holds at most PART_CONCURRENCY parts in memory, whatever the objects' sizes and number.

import fs from 'node:fs';
import https from 'node:https';
import { isIP } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Client, ClientOptions } from 'minio';
import { parseJSON } from '../json.js';
import type { Body, Store } from './store.js';
import { fileParts, semaphore, streamParts, type PartSource } from './parts.js';
import { MediaTypes, asUploaded, sniff, typeFromFileName } from './media-types.js';

export const PART_SIZE = 16 * 1024 * 1024;

export interface S3Credentials {
  region?: string;
  endpoint?: string;
  insecure?: boolean;
  s3_force_path_style?: boolean;
  access_key?: string;
  secret_key?: string;
  session_token?: string;
}

const CREDENTIALS = { region: 'string', endpoint: 'string', insecure: 'boolean', s3_force_path_style: 'boolean', access_key: 'string', secret_key: 'string', session_token: 'string' } as const;

/** The region: the file's, else the environment's, as the AWS SDK reads it; none is no default. */
export function regionOf(c: S3Credentials, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return c.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

export function clientOptions(c: S3Credentials, region: string, env: NodeJS.ProcessEnv = process.env): ClientOptions {
  const endpoint = c.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || `https://s3.${region}.amazonaws.com`;
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new Error(`invalid S3 endpoint ${JSON.stringify(endpoint)}: expected http(s)://host[:port]`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const useSSL = url.protocol === 'https:';
  const keys = c.access_key && c.secret_key;
  return {
    endPoint: host,
    port: Number(url.port) || (useSSL ? 443 : 80),
    useSSL,
    region,
    accessKey: (keys ? c.access_key : env.AWS_ACCESS_KEY_ID || env.AWS_ACCESS_KEY) ?? '',
    secretKey: (keys ? c.secret_key : env.AWS_SECRET_ACCESS_KEY || env.AWS_SECRET_KEY) ?? '',
    sessionToken: (keys ? c.session_token : env.AWS_SESSION_TOKEN) || undefined,
    // an IP address cannot take the bucket as a subdomain
    pathStyle: !!c.s3_force_path_style || isIP(host) !== 0,
    transportAgent: c.insecure && useSSL ? new https.Agent({ rejectUnauthorized: false, keepAlive: true }) : undefined,
  };
}

/** Loads the minio module ahead of the first upload (a module is loaded once). */
export async function preloadClient(): Promise<void> {
  await import('minio');
}

/**
 * compress_file_types (upstream pkg/pod-utils/gcs/upload.go shouldCompressFileType and the
 * writer's first Write): an object whose name ends with one of the extensions ("*" for all), not
 * .gz/.gzip, whose content is over 1 KiB and not already gzip, is stored gzip-compressed with
 * Content-Encoding gzip. Only buckets: a local output directory gets the file as it is.
 */
/**
 * The key an object lands under, as upstream's S3 client makes it come about: the name goes into
 * the request's path unescaped, so the server takes what follows a '?' for a query and decodes
 * percent escapes once. A name whose escapes do not decode fails its upload.
 */
export function keyAsStored(name: string): string {
  const path = name.split('?')[0];
  try {
    return decodeURIComponent(path);
  } catch {
    throw new Error(`the object name ${JSON.stringify(path)} holds a '%' that is no escape: the store refuses its path`);
  }
}

export function shouldCompress(dest: string, types: readonly string[] | undefined): boolean {
  if (!types || types.length === 0) return false;
  const ext = path.extname(dest).replace(/^\./, '');
  if (ext === 'gz' || ext === 'gzip') return false;
  return types.includes('*') || types.includes(ext);
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** A body whose first read fails with `err`. */
function failingBody(err: unknown): Body {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(err) }) };
}

/**
 * The body's first bytes (at least `want` if it has them, fewer if a read fails) and the body
 * from its start again (failing where it failed).
 */
async function peek(body: AsyncIterable<Buffer> | Iterable<Buffer>, want: number): Promise<{ head: Buffer; body: AsyncIterable<Buffer> }> {
  const it = (Symbol.asyncIterator in body ? (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]() : (async function* () { yield* body as Iterable<Buffer>; })()) as AsyncIterator<Buffer>;
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  let failure: { err: unknown } | undefined;
  while (size <= want) {
    const next = await it.next().catch((err: unknown) => void (failure = { err }));
    if (!next) break;
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* rest(): AsyncIterable<Buffer> {
    if (head.length > 0) yield head;
    if (failure) throw failure.err;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, body: rest() };
}

export async function s3Store(bucketURL: string, credentialsFile: string | undefined, compressFileTypes?: readonly string[], mediaTypes?: Record<string, string>): Promise<Store> {
  const [, bucket, prefix] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(bucketURL) ?? [];
  if (!bucket) throw new Error(`no bucket in ${JSON.stringify(bucketURL)}`);
  const credentials = credentialsFile ? parseJSON<S3Credentials>(await fs.promises.readFile(credentialsFile, 'utf8'), CREDENTIALS) : {};
  const where = (dest: string): string => `${bucketURL.replace(/\/$/, '')}/${dest}`;
  const region = regionOf(credentials);
  // As upstream's SDK: without a region no request can be signed, so every object fails (after
  // its tries), and the sidecar reports it; no region is assumed.
  if (region === undefined) {
    return {
      where,
      put: async () => {
        throw new Error('a region must be set to send requests to S3: none in the credentials file, AWS_REGION or AWS_DEFAULT_REGION');
      },
    };
  }
  const { Client } = await import('minio');
  const client = new Client(clientOptions(credentials, region));
  const types = new MediaTypes(mediaTypes);
  return {
    where,
    put: async (dest, target, signal) => {
      const key = keyAsStored(path.posix.join(prefix, dest));
      const named = target.typedBy === undefined ? { gzipEncoded: false } : typeFromFileName(target.typedBy, types);
      // (a body that cannot be opened fails at its first read, see putObject)
      const open = (): Promise<Body> => target.open().catch((err: unknown) => failingBody(err));
      // (decided on the object's name, .gz or .gzip already taken off: content that is gzip
      // already is left as it is below)
      if (shouldCompress(dest, compressFileTypes)) {
        const { head, body } = await peek(await open(), 1024);
        if (head.length > 1024 && !head.subarray(0, 2).equals(GZIP_MAGIC)) {
          // (upstream's compressing writer types by the object's extension, text by default)
          const headers = { 'Content-Type': asUploaded(types.byExtension(path.extname(dest)) || 'text/plain; charset=utf-8'), 'Content-Encoding': 'gzip' };
          await putObject(client, bucket, key, streamParts(Readable.from(body).pipe(createGzip()), PART_SIZE), headers, signal);
          return;
        }
        await putObject(client, bucket, key, streamParts(body, PART_SIZE), headersFor(named, head), signal);
        return;
      }
      if (named.contentType !== undefined) {
        const parts = target.file ? fileParts(target.file, PART_SIZE) : streamParts(await open(), PART_SIZE);
        await putObject(client, bucket, key, parts, headersFor(named), signal);
        return;
      }
      // no type from the name: the blob library sniffs the first bytes
      const { head, body } = await peek(await open(), 512);
      await putObject(client, bucket, key, streamParts(body, PART_SIZE), headersFor(named, head), signal);
    },
  };
}

function headersFor(named: { contentType?: string; gzipEncoded: boolean }, head?: Buffer): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': asUploaded(named.contentType ?? sniff(head ?? Buffer.alloc(0))) };
  if (named.gzipEncoded) headers['Content-Encoding'] = 'gzip';
  return headers;
}

/** Parts one sidecar holds in memory at once, across objects: being read or going up. */
export const PART_CONCURRENCY = 4;
const partSlots = semaphore(PART_CONCURRENCY);

/** The next part, holding a place until it is uploaded (or dropped); undefined at the end. */
async function readPart(parts: PartSource): Promise<Buffer | undefined> {
  await partSlots.acquire();
  try {
    const part = await parts.next();
    if (part === undefined) partSlots.release();
    return part;
  } catch (err) {
    partSlots.release();
    throw err;
  }
}

/** One PUT when the content is smaller than a part, else a multipart upload of several parts at once. */
export async function putObject(client: Client, bucket: string, key: string, parts: PartSource, headers: Record<string, string>, signal?: AbortSignal, partSize = PART_SIZE): Promise<void> {
  let uploadID: string | undefined;
  const uploaded: { part: number; etag: string }[] = [];
  const uploading = new Set<Promise<void>>();
  let failure: { err: unknown } | undefined;
  // A read that fails ends the content there: what was read is still stored, then the upload
  // fails (as upstream's blob writer, closed after its copy failed, commits what it was given).
  let readFailure: { err: unknown } | undefined;
  const next = (): Promise<Buffer | undefined> => readPart(parts).catch((err: unknown) => void (readFailure ??= { err }));
  const upload = (part: Buffer, partNumber: number, id: string): void => {
    const done = client
      .uploadPart({ bucketName: bucket, objectName: key, uploadID: id, partNumber, headers: { 'Content-Length': part.length } }, part)
      .then(
        ({ etag }) => {
          uploaded.push({ part: partNumber, etag });
          parts.release(part);
        },
        (err: unknown) => void (failure ??= { err }),
      )
      .finally(() => {
        partSlots.release();
        uploading.delete(done);
      });
    uploading.add(done);
  };
  try {
    let held = await next();
    if (held === undefined || held.length < partSize) {
      try {
        signal?.throwIfAborted();
        const data = held ?? Buffer.alloc(0);
        await client.putObject(bucket, key, data, data.length, headers);
        if (readFailure) throw readFailure.err;
        return;
      } finally {
        if (held) partSlots.release();
      }
    }
    try {
      signal?.throwIfAborted();
      uploadID = await client.initiateNewMultipartUpload(bucket, key, headers);
      for (let partNumber = 1; held; partNumber++) {
        upload(held, partNumber, uploadID);
        held = undefined;
        held = await next();
        if (failure) throw failure.err;
        signal?.throwIfAborted();
      }
    } finally {
      if (held) partSlots.release();
    }
    await Promise.all(uploading);
    if (failure) throw failure.err;
    signal?.throwIfAborted();
    await client.completeMultipartUpload(bucket, key, uploadID, uploaded.sort((a, b) => a.part - b.part));
    if (readFailure) throw readFailure.err;
  } catch (err) {
    await Promise.all(uploading); // the parts in flight finish before the upload is aborted
    if (uploadID !== undefined) await client.abortMultipartUpload(bucket, key, uploadID).catch(() => {});
    throw err;
  } finally {
    await parts.close();
  }
}
