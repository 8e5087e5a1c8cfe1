// Parts of multipart uploads, and putObject's use of them, against a fake client.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'minio';
import { fileParts, streamParts, type PartSource } from './parts.js';
import { PART_CONCURRENCY, putObject } from './s3.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(content: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parts-'));
  dirs.push(dir);
  const file = path.join(dir, 'f');
  fs.writeFileSync(file, content);
  return file;
}

async function all(parts: PartSource): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let p = await parts.next(); p; p = await parts.next()) {
    out.push(Buffer.from(p)); // a copy: the memory is reused once released
    parts.release(p);
  }
  await parts.close();
  return out;
}

const content = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => i % 251));

test('a file is cut into whole parts and a shorter last one, the same whatever memory is reused', async () => {
  const data = content(2500);
  const file = tempFile(data);
  const parts = await all(fileParts(file, 1000));
  assert.deepEqual(parts.map((p) => p.length), [1000, 1000, 500]);
  assert.deepEqual(Buffer.concat(parts), data);
  assert.deepEqual(await all(fileParts(tempFile(Buffer.alloc(0)), 1000)), []);
  assert.deepEqual((await all(fileParts(tempFile(content(10)), 1000))).map((p) => p.length), [10]);
});

test('a stream is collected into parts of at least the part size', async () => {
  const chunks = [content(600), content(600), content(600)];
  const parts = await all(streamParts(chunks, 1000));
  assert.deepEqual(parts.map((p) => p.length), [1200, 600]);
  assert.deepEqual(Buffer.concat(parts), Buffer.concat(chunks));
});

/** A client that records what putObject asks of it; part `failPart` fails. */
function fakeClient(failPart?: number) {
  const calls: string[] = [];
  const parts = new Map<number, Buffer>();
  let inFlight = 0;
  let maxInFlight = 0;
  const client = {
    putObject: async (_b: string, _k: string, data: Buffer) => void calls.push(`put ${data.length}`),
    initiateNewMultipartUpload: async () => {
      calls.push('initiate');
      return 'id';
    },
    uploadPart: async ({ partNumber }: { partNumber: number }, data: Buffer) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 5 * (partNumber % 3)));
      inFlight--;
      if (partNumber === failPart) throw new Error('part failed');
      parts.set(partNumber, Buffer.from(data));
      return { etag: `e${partNumber}` };
    },
    completeMultipartUpload: async (_b: string, _k: string, _id: string, done: { part: number; etag: string }[]) =>
      void calls.push(`complete ${done.map((d) => d.etag).join(',')}`),
    abortMultipartUpload: async () => void calls.push('abort'),
  };
  return { client: client as unknown as Client, calls, parts, maxInFlight: () => maxInFlight };
}

test('a big object goes up in parts at once, completed in order; a small one in one PUT', async () => {
  const data = content(10_500);
  const file = tempFile(data);
  const fake = fakeClient();
  await putObject(fake.client, 'b', 'k', fileParts(file, 1000), {}, undefined, 1000);
  assert.deepEqual(fake.calls, ['initiate', `complete ${Array.from({ length: 11 }, (_, i) => `e${i + 1}`).join(',')}`]);
  assert.deepEqual(Buffer.concat([...fake.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p)), data);
  assert.ok(fake.maxInFlight() > 1 && fake.maxInFlight() <= PART_CONCURRENCY, `parts in flight: ${fake.maxInFlight()}`);

  const small = fakeClient();
  await putObject(small.client, 'b', 'k', fileParts(tempFile(content(999)), 1000), {}, undefined, 1000);
  assert.deepEqual(small.calls, ['put 999']);
});

test('a failed part aborts the multipart upload', async () => {
  const fake = fakeClient(3);
  await assert.rejects(putObject(fake.client, 'b', 'k', fileParts(tempFile(content(8000)), 1000), {}, undefined, 1000), /part failed/);
  assert.deepEqual(fake.calls, ['initiate', 'abort']);
});
