// Reading back what a program under test uploaded to an S3-compatible store (MinIO here), over
// the `minio` npm client. Only the S3Store interface is used, so any S3 server will do.
import https from 'node:https';
import type { Client } from 'minio';
import type { S3Store } from './s3-store.js';

export interface ObjectInfo {
  size: number;
  /** Content-Type as stored, or undefined. */
  contentType?: string;
  /** Content-Encoding as stored ("gzip" for a compressed upload), or undefined. */
  contentEncoding?: string;
  /** User metadata (x-amz-meta-*, names without the prefix, lower case). */
  metadata: Record<string, string>;
}

export class Bucket {
  private client: Promise<Client> | null = null;

  constructor(readonly store: S3Store) {}

  /** The client, loaded on first use: the SDK costs every worker a tenth of a second to load. */
  private connect(): Promise<Client> {
    this.client ??= import('minio').then(({ Client }) => {
      const url = new URL(this.store.endpoint);
      return new Client({
        // a store with a certificate of its own: trust that one (the harness verifies it)
        transportAgent: this.store.ca ? new https.Agent({ ca: this.store.ca, keepAlive: true }) : undefined,
        endPoint: url.hostname,
        port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
        useSSL: url.protocol === 'https:',
        accessKey: this.store.accessKey,
        secretKey: this.store.secretKey,
        // A known region spares the client a GetBucketLocation round trip before each request.
        region: this.store.region,
        pathStyle: true,
      });
    });
    return this.client;
  }

  async makeBucket(name: string): Promise<void> {
    await (await this.connect()).makeBucket(name, this.store.region);
  }

  /** Uploads `data` (for tests of the reader itself and for fixtures). */
  async putObject(bucket: string, key: string, data: Buffer | string, headers: Record<string, string> = {}): Promise<void> {
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    await (await this.connect()).putObject(bucket, key, body, body.length, headers);
  }

  /** Every key under `prefix` (recursively), sorted. */
  async listObjects(bucket: string, prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    const stream = (await this.connect()).listObjectsV2(bucket, prefix, true);
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (item) => {
        if (item.name !== undefined) keys.push(item.name);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve());
    });
    return keys.sort();
  }

  /** Every key with its LastModified, as the listing gives it (finer than a HEAD's HTTP date). */
  async listArrivals(bucket: string): Promise<{ key: string; lastModified: Date }[]> {
    const objects: { key: string; lastModified: Date }[] = [];
    const stream = (await this.connect()).listObjectsV2(bucket, '', true);
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (item) => {
        if (item.name !== undefined && item.lastModified) objects.push({ key: item.name, lastModified: new Date(item.lastModified) });
      });
      stream.on('error', reject);
      stream.on('end', () => resolve());
    });
    return objects;
  }

  /** The object's bytes exactly as stored (a gzip-encoded object stays compressed). */
  async readObject(bucket: string, key: string): Promise<Buffer> {
    const stream = await (await this.connect()).getObject(bucket, key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }

  async objectInfo(bucket: string, key: string): Promise<ObjectInfo> {
    const stat = await (await this.connect()).statObject(bucket, key);
    const headers: Record<string, string> = {};
    const metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(stat.metaData ?? {})) {
      const text = Array.isArray(value) ? value.join(',') : String(value);
      const lower = name.toLowerCase();
      // extractMetadata strips "x-amz-meta-" from user metadata and keeps standard headers' names.
      if (['content-type', 'content-encoding', 'cache-control', 'content-disposition', 'content-language'].includes(lower) || lower.startsWith('x-amz-')) headers[lower] = text;
      else metadata[lower] = text;
    }
    return {
      size: stat.size,
      ...(headers['content-type'] !== undefined ? { contentType: headers['content-type'] } : {}),
      ...(headers['content-encoding'] !== undefined ? { contentEncoding: headers['content-encoding'] } : {}),
      metadata,
    };
  }
}
