// One MinIO server per worker process, started when the first scenario needs a bucket and
// stopped when the worker's scenarios are done. Each scenario gets a bucket of its own.
import { AfterAll } from '@cucumber/cucumber';
import { MinioServer } from '../../harness/stores/minio-server.js';

let shared: Promise<MinioServer> | null = null;

export function sharedMinio(binary: string): Promise<MinioServer> {
  shared ??= MinioServer.start({ binary });
  return shared;
}

AfterAll(async () => {
  if (shared) await (await shared).stop();
});
