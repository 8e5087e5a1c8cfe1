// The sidecar's S3 store: a bucket on an S3-compatible server (MinIO in the suite), reached by
// the sidecar through gcs_options.bucket "s3://<name>" and an s3_credentials_file.
import { Bucket } from './bucket.js';
import { writeS3CredentialsFile, type S3Store } from './s3-store.js';
import type { ArtifactStore } from './store.js';

export class BucketStore implements ArtifactStore {
  readonly bucketLayout = true;
  private readonly client: Bucket;

  private constructor(readonly server: S3Store, readonly name: string, readonly credentialsFile: string) {
    this.client = new Bucket(server);
  }

  /**
   * A store whose server is not up yet: the sidecar gets its address and credentials now;
   * `createBucket()` once the server is up.
   */
  static planned(server: S3Store, name: string, credentialsFile: string): BucketStore {
    return new BucketStore(server, name, writeS3CredentialsFile(credentialsFile, server));
  }

  async createBucket(): Promise<void> {
    await this.client.makeBucket(this.name);
  }

  /** Creates bucket `name` on `server` and the credentials file the sidecar will read. */
  static async create(server: S3Store, name: string, credentialsFile: string): Promise<BucketStore> {
    const store = new BucketStore(server, name, writeS3CredentialsFile(credentialsFile, server));
    await store.client.makeBucket(name);
    return store;
  }

  destination(): Record<string, unknown> {
    return { bucket: `s3://${this.name}`, s3_credentials_file: this.credentialsFile };
  }

  async list(): Promise<string[]> {
    return this.client.listObjects(this.name);
  }

  async read(key: string): Promise<Buffer | null> {
    const keys = await this.list();
    return keys.includes(key) ? this.client.readObject(this.name, key) : null;
  }

  /** The server's LastModified of each object (to the millisecond on MinIO). */
  async arrivals(): Promise<{ key: string; atEpochMs: number }[]> {
    return (await this.client.listArrivals(this.name)).map((o) => ({ key: o.key, atEpochMs: o.lastModified.getTime() }));
  }

  async contentEncoding(key: string): Promise<string | undefined> {
    return (await this.client.objectInfo(this.name, key)).contentEncoding;
  }

  async contentType(key: string): Promise<string | undefined> {
    return (await this.client.objectInfo(this.name, key)).contentType;
  }
}
