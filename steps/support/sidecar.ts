// What the sidecar steps and the pod steps share: the test containers the harness plays, the
// store the sidecar uploads to, and reading back what it uploaded.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import type { SidecarEntry } from '../../harness/options/sidecar.js';
import { BucketStore } from '../../harness/stores/bucket-store.js';
import type { ArtifactStore } from '../../harness/stores/store.js';
import { pollUntil } from '../../harness/wait.js';
import type { ConformanceWorld } from '../world.js';

const LOGS = 'logs';

/** The test container `name` (created on first mention, with an empty process log). */
export function entry(world: ConformanceWorld, name: string): SidecarEntry {
  let found = world.sidecarEntries.find((e) => e.containerName === name);
  if (!found) {
    mkdirSync(world.scenario.path(LOGS), { recursive: true });
    found = {
      containerName: name,
      processLog: world.scenario.path(LOGS, `${name}-process-log.txt`),
      markerFile: world.scenario.path(LOGS, `${name}-marker.txt`),
      metadataFile: world.scenario.path(LOGS, `${name}-metadata.json`),
    };
    world.sidecarEntries.push(found);
    appendFileSync(found.processLog, '');
  }
  return found;
}

/** The shared artifact directory (`logs/artifacts`, as in a pod). */
export function artifactsDir(world: ConformanceWorld): string {
  return world.scenario.path('logs', 'artifacts');
}

export function store(world: ConformanceWorld): ArtifactStore {
  assert.ok(world.store, 'no store configured for the sidecar');
  return world.store;
}

export function bucket(world: ConformanceWorld): BucketStore {
  assert.ok(world.store instanceof BucketStore, 'this step needs a bucket store');
  return world.store;
}

/** The store, which must lay builds out as a bucket does (under the job's path). */
export function laidOutAsBucket(world: ConformanceWorld): ArtifactStore {
  assert.ok(world.store?.bucketLayout, 'this step needs a store laid out as a bucket');
  return world.store;
}

/** Where `name` of this build is in the store: in a bucket, under the job's path. */
export function key(world: ConformanceWorld, name: string): string {
  if (!store(world).bucketLayout) return name;
  assert.ok(world.job.type === 'periodic' || world.job.type === 'postsubmit', 'bucket scenarios of presubmits name full object paths');
  return `logs/${world.job.job}/${world.job.buildId}/${name}`;
}

export async function sidecarExit(world: ConformanceWorld) {
  assert.ok(world.sidecar, 'the sidecar was not started');
  return world.sidecar.waitForExit(world.scenario.timing.deadlineMs(60_000));
}

/**
 * The object `objectKey` of the store, failing with the list of what is there when it is absent.
 * `wait`: poll for it (the sidecar is still running: objects land one after another).
 */
export async function uploadedObject(world: ConformanceWorld, objectKey: string, options: { wait?: boolean; from?: ArtifactStore } = {}): Promise<Buffer> {
  const from = options.from ?? store(world);
  const read = (): Promise<Buffer | null> => from.read(objectKey);
  const content = options.wait
    ? await pollUntil(read, { what: `the upload of ${objectKey}`, timeoutMs: world.scenario.timing.deadlineMs(), intervalMs: 25 }).catch(() => null)
    : await read();
  assert.ok(content, `no ${objectKey} was uploaded; objects: ${(await from.list()).join(', ')}; ${uploadSources(world)}`);
  return content;
}

/** What the sidecar had to upload from, and how it ended: tells a file never written from one not uploaded. */
function uploadSources(world: ConformanceWorld): string {
  let files: string;
  try {
    files = readdirSync(artifactsDir(world), { recursive: true }).map(String).sort().join(', ') || 'none';
  } catch {
    files = 'no artifacts directory';
  }
  const exit = world.sidecar?.exit;
  const ended = exit ? `exited ${exit.signal ?? exit.code}` : 'had not exited';
  return `files in the artifacts directory: ${files}; the sidecar ${ended}`;
}

export async function readFinished(world: ConformanceWorld): Promise<Record<string, unknown> | null> {
  const content = await store(world).read(key(world, 'finished.json'));
  if (!content) return null;
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return null; // being written
  }
}

/** Polls the store until finished.json says `result` (uploads have no event to wait on). */
export async function finishedSaying(world: ConformanceWorld, result: string): Promise<Record<string, unknown>> {
  let last: Record<string, unknown> | null = null;
  try {
    return await pollUntil(async () => {
      last = await readFinished(world);
      return last?.result === result ? last : undefined;
    }, { what: `finished.json to say ${result}`, timeoutMs: world.scenario.timing.deadlineMs(), intervalMs: 25 });
  } catch {
    throw new Error(`finished.json never said ${result}; last seen: ${JSON.stringify(last)}`);
  }
}
