import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { ROOT } from '../paths.js';
import { Bucket } from './bucket.js';
import { selfSignedCertificate } from './self-signed.js';
import { ensureMinio, MINIO_PIN_FILE, minioBinaryPath, minioLdflags, minioStamp, parseMinioPin, readMinioPin } from './minio-build.js';
import { freePorts, MinioServer } from './minio-server.js';
import { s3Credentials, writeS3CredentialsFile } from './s3-store.js';

// Set to 1 only where MinIO cannot be built on purpose; otherwise a MinIO that cannot be built fails the test.
const SKIP = process.env.PODUTILS_SKIP_MINIO === '1' ? 'PODUTILS_SKIP_MINIO=1' : false;

test('upstream/minio.json pins MinIO at an exact version, the one place it lives', () => {
  const pin = readMinioPin();
  assert.equal(MINIO_PIN_FILE, join(ROOT, 'upstream', 'minio.json'));
  assert.equal(pin.module, 'github.com/minio/minio');
  assert.equal(pin.package, 'github.com/minio/minio');
  assert.match(pin.version, /^v0\.0\.0-\d{14}-[0-9a-f]{12}$/);
  assert.equal(minioBinaryPath(), join(ROOT, '.cache', 'minio', 'bin', 'minio'));
});

test('a bad pin is a one-line usage error', () => {
  for (const raw of [null, [], { module: 'minio', version: 'v1.0.0', package: 'minio' }, { module: 'github.com/minio/minio', version: 'latest', package: 'github.com/minio/minio' }, { module: 'github.com/minio/minio', version: 'v1.0.0', package: 'github.com/other/x' }]) {
    assert.throws(() => parseMinioPin(raw, 'pin.json'), (e: Error) => e instanceof UsageError && e.message.startsWith('MinIO pin pin.json: ') && !e.message.includes('\n'), JSON.stringify(raw));
  }
});

test('the build flags are those of MinIO\'s make build, with the pseudo-version\'s time and revision', () => {
  const flags = minioLdflags('v0.0.0-20260212201848-7aac2a2c5b7c');
  assert.match(flags, /^-s -w /);
  assert.match(flags, /-X github\.com\/minio\/minio\/cmd\.Version=2026-02-12T20:18:48Z/);
  assert.match(flags, /-X github\.com\/minio\/minio\/cmd\.ReleaseTag=DEVELOPMENT\.2026-02-12T20-18-48Z/);
  assert.match(flags, /-X github\.com\/minio\/minio\/cmd\.ShortCommitID=7aac2a2c5b7c/);
  assert.equal(minioLdflags('v1.2.3'), '-s -w');
  const stamp = minioStamp({ module: 'github.com/minio/minio', version: 'v1.2.3', package: 'github.com/minio/minio' });
  assert.equal(stamp.split('\n')[0], 'github.com/minio/minio@v1.2.3');
  assert.notEqual(stamp, minioStamp({ module: 'github.com/minio/minio', version: 'v1.2.4', package: 'github.com/minio/minio' }));
});

test('without go on PATH, building MinIO fails with one clear line', async () => {
  const binDir = mkdtempSync(join(tmpdir(), 'minio-bin-'));
  const path = process.env.PATH;
  process.env.PATH = binDir;
  try {
    await assert.rejects(ensureMinio({ binDir, log: () => undefined }), (e: Error) => e instanceof UsageError && /cannot build MinIO .*`go` was not found/.test(e.message) && !e.message.includes('\n'));
    assert.equal(existsSync(join(binDir, 'minio')), false);
  } finally {
    process.env.PATH = path;
    rmSync(binDir, { recursive: true, force: true });
  }
});

test('freePorts gives distinct loopback ports', async () => {
  const ports = await freePorts(3);
  assert.equal(new Set(ports).size, 3);
  for (const p of ports) assert.ok(p > 0 && p < 65536);
});

test('the S3 credentials file has the fields of Prow\'s providers.S3Credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'minio-creds-'));
  try {
    const store = { endpoint: 'http://127.0.0.1:9000', host: '127.0.0.1', port: 9000, region: 'us-east-1', accessKey: 'ak', secretKey: 'sk' };
    const file = writeS3CredentialsFile(join(dir, 'creds.json'), store);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), s3Credentials(store));
    assert.deepEqual(s3Credentials(store), { region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', insecure: true, s3_force_path_style: true, access_key: 'ak', secret_key: 'sk' });
    assert.equal(statSync(file).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a real MinIO starts, stores and serves objects, and is gone with its data after stop', { skip: SKIP }, async () => {
  // Builds .cache/minio/bin/minio on the first run on a machine (a few minutes); a build failure fails here.
  const binary = await ensureMinio({ log: (line) => process.stderr.write(`${line}\n`) });
  const server = await MinioServer.start({ binary });
  let stopped = false;
  try {
    assert.equal(server.endpoint, `http://127.0.0.1:${server.port}`);
    assert.ok(existsSync(server.dataDir));
    const health = await fetch(`${server.endpoint}/minio/health/live`);
    assert.equal(health.status, 200);

    const bucket = new Bucket(server);
    await bucket.makeBucket('artifacts');
    await bucket.putObject('artifacts', 'logs/j/1/build-log.txt', 'hello\n', { 'Content-Type': 'text/plain; charset=utf-8' });
    const gz = gzipSync('{"passed":true}');
    await bucket.putObject('artifacts', 'logs/j/1/finished.json', gz, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'x-amz-meta-origin': 'test' });
    await bucket.putObject('artifacts', 'other/x', 'x');

    assert.deepEqual(await bucket.listObjects('artifacts', 'logs/'), ['logs/j/1/build-log.txt', 'logs/j/1/finished.json']);
    assert.deepEqual(await bucket.listObjects('artifacts'), ['logs/j/1/build-log.txt', 'logs/j/1/finished.json', 'other/x']);
    assert.equal((await bucket.readObject('artifacts', 'logs/j/1/build-log.txt')).toString(), 'hello\n');
    assert.deepEqual(await bucket.readObject('artifacts', 'logs/j/1/finished.json'), gz, 'bytes as stored, not decompressed');
    const info = await bucket.objectInfo('artifacts', 'logs/j/1/finished.json');
    assert.equal(info.size, gz.length);
    assert.equal(info.contentType, 'application/json');
    assert.equal(info.contentEncoding, 'gzip');
    assert.equal(info.metadata.origin, 'test');
    assert.equal((await bucket.objectInfo('artifacts', 'logs/j/1/build-log.txt')).contentEncoding, undefined);

    await server.stop();
    stopped = true;
    assert.equal(server.running, false);
    assert.throws(() => process.kill(server.pid, 0), (e: NodeJS.ErrnoException) => e.code === 'ESRCH', 'the server process is gone');
    assert.throws(() => process.kill(-server.pid, 0), (e: NodeJS.ErrnoException) => e.code === 'ESRCH', 'its process group is empty');
    assert.equal(existsSync(server.dataDir), false, 'data folder removed');
    assert.equal(existsSync(server.logFile), false, 'log removed');
    await server.stop(); // idempotent
  } finally {
    if (!stopped) await server.stop();
  }
});

test('a MinIO with a self-signed certificate serves HTTPS only, to a reader that trusts that certificate', { skip: SKIP }, async () => {
  const binary = await ensureMinio({ log: (line) => process.stderr.write(`${line}\n`) });
  const dir = mkdtempSync(join(tmpdir(), 'minio-tls-'));
  const server = await MinioServer.start({ binary, tls: selfSignedCertificate(dir) });
  try {
    assert.equal(server.endpoint, `https://127.0.0.1:${server.port}`);
    assert.match(server.ca ?? '', /BEGIN CERTIFICATE/);
    const bucket = new Bucket(server);
    await bucket.makeBucket('secure');
    await bucket.putObject('secure', 'a.txt', 'over TLS');
    assert.equal((await bucket.readObject('secure', 'a.txt')).toString(), 'over TLS');
    // plain HTTP on the same port is no way in
    await assert.rejects(fetch(`http://127.0.0.1:${server.port}/minio/health/live`).then((r) => r.status === 200 || Promise.reject(new Error(`HTTP ${r.status}`))));
    // nor is TLS without trusting the certificate
    await assert.rejects(fetch(`${server.endpoint}/minio/health/live`));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
