import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Logger } from '../shared/log.js';
import type { GcsOptions } from './options.js';
import { jobPaths } from './paths.js';
import { clientOptions, regionOf } from './stores/s3.js';
import { dataTarget, runUpload, type Target } from './upload.js';

const PERIODIC = { type: 'periodic', job: 'pj', buildid: '9' };
const PRESUBMIT = { type: 'presubmit', job: 'pj', buildid: '9', refs: { org: 'o', repo: 'r', pulls: [{ number: 3 }] } };

function capture(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { logger: new Logger('sidecar', (b) => lines.push(JSON.parse(b.toString()))), lines };
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (fs.statSync(path.join(dir, f)).isFile()) out[f] = fs.readFileSync(path.join(dir, f), 'latin1');
  }
  return out;
}

function withArtifacts(f: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-upload-'));
    try {
      fs.mkdirSync(path.join(dir, 'art', 'sub'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'art', 'sub', 'test#1.log'), 'first');
      fs.writeFileSync(path.join(dir, 'art', 'report.json.gz'), zlib.gzipSync('{}'));
      fs.writeFileSync(path.join(dir, 'summary.txt'), 'sum');
      await f(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

const extra = (): Map<string, Target> => new Map([['finished.json', dataTarget('{}')]]);

test(
  'a bucket gets the job path, latest-build.txt and the alias; names lose .gz',
  withArtifacts(async (dir) => {
    const g: GcsOptions = { bucket: `file://${dir}/b`, path_strategy: 'explicit', items: [path.join(dir, 'art'), path.join(dir, 'summary.txt'), path.join(dir, 'none')] };
    const { logger, lines } = capture();
    await runUpload(g, jobPaths(g, PRESUBMIT), '9', extra(), { logger });
    const build = 'pr-logs/pull/o_r/3/pj/9';
    assert.deepEqual(files(path.join(dir, 'b')), {
      'pr-logs/directory/pj/9.txt': `file://${dir}/b/${build}`,
      'pr-logs/directory/pj/latest-build.txt': '9',
      'pr-logs/pull/o_r/3/pj/latest-build.txt': '9',
      [`${build}/art/report.json`]: zlib.gzipSync('{}').toString('latin1'),
      [`${build}/art/sub/test#1.log`]: 'first',
      [`${build}/summary.txt`]: 'sum',
      [`${build}/finished.json`]: '{}',
    });
    assert.ok(lines.some((l) => String(l.msg).startsWith(`Encountered error in resolving items to upload for ${dir}/none: ENOENT`)));
  }),
);

test(
  'a local directory gets everything flat, with # escaped as %23',
  withArtifacts(async (dir) => {
    const g: GcsOptions = { local_output_dir: `file://${dir}/out`, items: [path.join(dir, 'art'), path.join(dir, 'summary.txt')] };
    await runUpload(g, jobPaths(g, PERIODIC), '9', extra(), { logger: capture().logger });
    assert.deepEqual(Object.keys(files(path.join(dir, 'out'))).sort(), ['art/report.json', 'art/sub/test%231.log', 'finished.json', 'summary.txt']);
  }),
);

test(
  'each object is tried 4 times; the failure names every object that did not go up',
  withArtifacts(async (dir) => {
    const out = path.join(dir, 'summary.txt', 'out'); // under a regular file: cannot be created
    const { logger, lines } = capture();
    const g: GcsOptions = { local_output_dir: out, items: [path.join(dir, 'summary.txt')] };
    await assert.rejects(runUpload(g, jobPaths(g, PERIODIC), '9', extra(), { logger, retrySleepMs: () => 1 }), (err: Error) => {
      assert.match(err.message, new RegExp(`^failed to copy files to "${out}": encountered errors during upload: \\[summary.txt: ENOTDIR.*\\]$`));
      return true;
    });
    assert.deepEqual(lines.filter((l) => l.msg === 'Retrying upload').map((l) => l.retry_attempt), [2, 3, 4, 2, 3, 4]);
    assert.deepEqual(lines.filter((l) => l.msg === 'Failed upload').map((l) => l.dest), [`${out}/summary.txt`, `${out}/finished.json`]);
    assert.ok(lines.some((l) => l.msg === 'Also failed to upload extra targets'));
  }),
);

test('a cancelled upload stops trying', async () => {
  const controller = new AbortController();
  controller.abort();
  const g: GcsOptions = { local_output_dir: '/nonexistent/out' };
  await assert.rejects(runUpload(g, jobPaths(g, PERIODIC), '9', extra(), { logger: capture().logger, signal: controller.signal }), /aborted/);
});

test('dry run: every object is logged, nothing written', async () => {
  const { logger, lines } = capture();
  const g: GcsOptions = { bucket: 's3://b', dry_run: true, path_strategy: 'explicit' };
  await runUpload(g, jobPaths(g, { type: 'batch', job: 'pj', buildid: '9' }), '9', extra(), { logger });
  assert.deepEqual(lines.filter((l) => l.msg === 'Would upload').map((l) => l.dest), ['pr-logs/directory/pj/latest-build.txt', 'pr-logs/pull/batch/pj/9/finished.json']);
});

test('S3 credentials: the endpoint scheme decides TLS, insecure only skips verification, IP endpoints use path style', () => {
  const s = clientOptions({ endpoint: 'http://127.0.0.1:9000', insecure: true, access_key: 'a', secret_key: 's' }, 'minio', {});
  assert.deepEqual({ ...s, transportAgent: s.transportAgent ?? null }, { endPoint: '127.0.0.1', port: 9000, useSSL: false, accessKey: 'a', secretKey: 's', sessionToken: undefined, region: 'minio', pathStyle: true, transportAgent: null });
  const tls = clientOptions({ endpoint: 'https://s3.example:8443', insecure: true }, 'us-east-1', {});
  assert.equal(tls.useSSL, true);
  assert.equal((tls.transportAgent as unknown as { options: { rejectUnauthorized: boolean } }).options.rejectUnauthorized, false);
  const aws = clientOptions({}, 'eu-west-1', { AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 'x', AWS_SESSION_TOKEN: 't' });
  assert.deepEqual([aws.endPoint, aws.port, aws.useSSL, aws.pathStyle, aws.accessKey, aws.secretKey, aws.sessionToken], ['s3.eu-west-1.amazonaws.com', 443, true, false, 'k', 'x', 't']);
  assert.throws(() => clientOptions({ endpoint: 'localhost:9000' }, 'us-east-1', {}), /invalid S3 endpoint "localhost:9000"/);
  // the region: the file's, else AWS_REGION, else AWS_DEFAULT_REGION, else none (no default)
  assert.equal(regionOf({ region: 'a' }, { AWS_REGION: 'b', AWS_DEFAULT_REGION: 'c' }), 'a');
  assert.equal(regionOf({}, { AWS_REGION: 'b', AWS_DEFAULT_REGION: 'c' }), 'b');
  assert.equal(regionOf({}, { AWS_DEFAULT_REGION: 'c' }), 'c');
  assert.equal(regionOf({ region: '' }, {}), undefined);
});
