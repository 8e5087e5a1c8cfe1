// One MinIO server per worker process, started when the first scenario needs a bucket and
// stopped when the worker's scenarios are done. Each scenario gets a bucket of its own.
import { AfterAll } from '@cucumber/cucumber';
import { MinioServer } from '../../harness/stores/minio-server.js';

let shared: Promise<MinioServer> | null = null;

/** `parentDir`: the run's temp dir, so that an interrupted run (whose workers die at once) leaves no data dir. */
export function sharedMinio(binary: string, parentDir?: string): Promise<MinioServer> {
  shared ??= MinioServer.start({ binary, parentDir });
  return shared;
}

AfterAll(async () => {
  if (shared) await (await shared).stop();
});
