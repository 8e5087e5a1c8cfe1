// Where a sidecar under test uploads, and how the steps read back what it uploaded. One
// interface for every store, so the same scenario runs against a local directory and a bucket.

export interface ArtifactStore {
  /** The gcs_options fields that send the sidecar's uploads here. */
  destination(): Record<string, unknown>;
  /** Whether builds go under the job's path, with latest-build.txt (a bucket), or flat (local_output_dir). */
  readonly bucketLayout: boolean;
  /** Every object's key (for a local directory: paths relative to it, with "/"). */
  list(): Promise<string[]>;
  /** An object's content, or null when there is no such object. */
  read(key: string): Promise<Buffer | null>;
  /** Every object with the time the store recorded its arrival (wall clock, ms since the epoch), for the timeline. */
  arrivals(): Promise<{ key: string; atEpochMs: number }[]>;
}
