// A bucket that is a folder: gcs_options.bucket "file://<folder>", which upstream opens as a
// bucket (gocloud's fileblob, no credentials needed). Laid out as a bucket, stored as files.
import { LocalStore } from './local.js';

export class FileBucketStore extends LocalStore {
  override readonly bucketLayout = true;

  override destination(): Record<string, unknown> {
    return { bucket: `file://${this.dir}` };
  }

  /** Objects only: fileblob keeps each object's attributes beside it in "<name>.attrs". */
  override async list(): Promise<string[]> {
    return (await super.list()).filter((key) => !key.endsWith('.attrs'));
  }
}
