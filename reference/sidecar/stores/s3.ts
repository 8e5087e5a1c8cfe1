// S3 buckets (s3://<bucket>[/<prefix>]), through the minio client. The credentials file
// (upstream's providers.S3Credentials) gives the region, the endpoint (its scheme says http or
// https), insecure (skip TLS certificate verification, not plain HTTP), s3_force_path_style and
// the keys; without keys, or without a file, the AWS_* environment variables are used.
// Objects are streamed: one PUT when they fit in a part, else a multipart upload, part by part,
// so an upload holds at most one part in memory whatever the object's size.

import fs from 'node:fs';
import https from 'node:https';
import { isIP } from 'node:net';
import path from 'node:path';
import type { Client, ClientOptions } from 'minio';
import { parseJSON } from '../json.js';
import type { Body, Store } from '../upload.js';

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

export function clientOptions(c: S3Credentials, env: NodeJS.ProcessEnv = process.env): ClientOptions {
  const region = c.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
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
    accessKey: (keys ? c.access_key : env.AWS_ACCESS_KEY_ID) ?? '',
    secretKey: (keys ? c.secret_key : env.AWS_SECRET_ACCESS_KEY) ?? '',
    sessionToken: (keys ? c.session_token : env.AWS_SESSION_TOKEN) || undefined,
    // an IP address cannot take the bucket as a subdomain
    pathStyle: !!c.s3_force_path_style || isIP(host) !== 0,
    transportAgent: c.insecure && useSSL ? new https.Agent({ rejectUnauthorized: false, keepAlive: true }) : undefined,
  };
}

// the types upstream's mime table gives the names Prow jobs upload most; others are left to the store
const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'text/xml; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.tar': 'application/x-tar',
};

export async function s3Store(bucketURL: string, credentialsFile: string | undefined): Promise<Store> {
  const [, bucket, prefix] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(bucketURL) ?? [];
  if (!bucket) throw new Error(`no bucket in ${JSON.stringify(bucketURL)}`);
  const credentials = credentialsFile ? parseJSON<S3Credentials>(await fs.promises.readFile(credentialsFile, 'utf8'), CREDENTIALS) : {};
  const { Client } = await import('minio');
  const client = new Client(clientOptions(credentials));
  return {
    where: (dest) => `${bucketURL.replace(/\/$/, '')}/${dest}`,
    put: async (dest, target, signal) => {
      const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPES[path.extname(dest)] ?? 'application/octet-stream' };
      if (target.gzip) headers['Content-Encoding'] = 'gzip';
      await putObject(client, bucket, path.posix.join(prefix, dest), await target.open(), headers, signal);
    },
  };
}

async function putObject(client: Client, bucket: string, key: string, body: Body, headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
  let uploadID: string | undefined;
  const parts: { part: number; etag: string }[] = [];
  let chunks: Buffer[] = [];
  let size = 0;
  const sendPart = async (): Promise<void> => {
    uploadID ??= await client.initiateNewMultipartUpload(bucket, key, headers);
    const data = Buffer.concat(chunks);
    chunks = [];
    size = 0;
    const part = parts.length + 1;
    const { etag } = await client.uploadPart({ bucketName: bucket, objectName: key, uploadID, partNumber: part, headers: { 'Content-Length': data.length } }, data);
    parts.push({ part, etag });
  };
  try {
    for await (const chunk of body) {
      signal?.throwIfAborted();
      chunks.push(chunk);
      size += chunk.length;
      if (size >= PART_SIZE) await sendPart();
    }
    signal?.throwIfAborted();
    if (uploadID === undefined) {
      const data = Buffer.concat(chunks);
      await client.putObject(bucket, key, data, data.length, headers);
      return;
    }
    if (size > 0) await sendPart();
    await client.completeMultipartUpload(bucket, key, uploadID, parts);
  } catch (err) {
    if (uploadID !== undefined) await client.abortMultipartUpload(bucket, key, uploadID).catch(() => {});
    throw err;
  }
}
