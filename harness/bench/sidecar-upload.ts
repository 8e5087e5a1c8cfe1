// Benchmark rows for the sidecar: uploading one 1 GiB artifact and 1,000 small ones, to a local
// directory and to MinIO, for each implementation, beside the limit (a plain copy of the same
// bytes: cp for the directory, one streamed PUT per file for MinIO).
import { createReadStream, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Client } from 'minio';
import { measure, type Measured } from './measure.js';
import { encodeJobSpec, encodeSidecarOptions } from '../options/sidecar.js';
import { MinioServer } from '../stores/minio-server.js';
import { writeS3CredentialsFile } from '../stores/s3-store.js';
import { Bucket } from '../stores/bucket.js';
import type { Profile } from '../profiles/profile.js';
import { onInterrupt } from '../process/interrupt.js';

export interface Row {
  measure: string;
  implementation: string;
  runs: Measured[];
  bytes: number;
}

export interface Workload {
  name: string;
  dir: string;
  bytes: number;
}

const MiB = 1024 * 1024;

/** One file of `size` bytes of incompressible data, written in 1 MiB blocks. */
function writeBigFile(path: string, size: number): void {
  const block = randomBytes(MiB);
  const fd = openSync(path, 'w');
  for (let written = 0; written < size; written += MiB) writeSync(fd, block, 0, Math.min(MiB, size - written));
  closeSync(fd);
}

export function prepareWorkloads(root: string, bigBytes: number): Workload[] {
  const big = join(root, 'big');
  mkdirSync(big, { recursive: true });
  writeBigFile(join(big, 'artifact.bin'), bigBytes);
  const small = join(root, 'small');
  mkdirSync(small, { recursive: true });
  for (let i = 0; i < 1000; i++) {
    const fd = openSync(join(small, `file-${String(i).padStart(4, '0')}.txt`), 'w');
    writeSync(fd, randomBytes(2048));
    closeSync(fd);
  }
  return [
    { name: `one ${Math.round(bigBytes / MiB)} MiB artifact`, dir: big, bytes: bigBytes },
    { name: '1,000 artifacts of 2 KiB', dir: small, bytes: 1000 * 2048 },
  ];
}

async function runSidecar(command: string[], workload: Workload, destination: Record<string, unknown>, scratch: string): Promise<Measured> {
  const logs = mkdtempSync(join(scratch, 'logs-'));
  const log = join(logs, 'process-log.txt');
  const marker = join(logs, 'marker-file.txt');
  writeSync(openSync(log, 'w'), 'benchmark\n');
  writeSync(openSync(marker, 'w'), '0');
  const options = encodeSidecarOptions({
    entries: [{ containerName: 'test', processLog: log, markerFile: marker }],
    destination,
    items: [workload.dir],
    pathStrategy: 'explicit',
  });
  // TMPDIR inside the run's folder: a sidecar killed by an interrupt leaves its temp log there,
  // and the folder goes with the scratch.
  const result = await measure(command, { SIDECAR_OPTIONS: options, JOB_SPEC: encodeJobSpec({ type: 'periodic', job: 'bench', buildId: '1' }), TMPDIR: logs }, logs);
  rmSync(logs, { recursive: true, force: true });
  if (result.exitCode !== 0) throw new Error(`${command.join(' ')} exited ${result.exitCode ?? result.signal}`);
  return result;
}

async function copyLimit(workload: Workload, target: string): Promise<Measured> {
  execFileSync('sync');
  const started = process.hrtime.bigint();
  execFileSync('cp', ['-r', workload.dir, target]);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMiB: 0, exitCode: 0, signal: null };
}

async function putLimit(server: MinioServer, bucket: string, workload: Workload): Promise<Measured> {
  const client = new Client({ endPoint: server.host, port: server.port, useSSL: false, accessKey: server.accessKey, secretKey: server.secretKey, region: server.region, pathStyle: true });
  const files = readdirSync(workload.dir);
  execFileSync('sync');
  const started = process.hrtime.bigint();
  // Four at once, as the sidecar may do.
  for (let i = 0; i < files.length; i += 4) {
    await Promise.all(files.slice(i, i + 4).map((f) => {
      const path = join(workload.dir, f);
      return client.putObject(bucket, `limit/${f}`, createReadStream(path), statSync(path).size);
    }));
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMiB: 0, exitCode: 0, signal: null };
}

export async function benchSidecarUploads(profiles: Profile[], minioBinary: string, repeats: number, bigBytes: number, log: (line: string) => void): Promise<Row[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'podutils-bench-'));
  const forgetScratch = onInterrupt(() => rmSync(scratch, { recursive: true, force: true }));
  const rows: Row[] = [];
  const server = await MinioServer.start({ binary: minioBinary });
  const forgetServer = onInterrupt(() => server.stop());
  try {
    const workloads = prepareWorkloads(join(scratch, 'data'), bigBytes);
    const credentials = writeS3CredentialsFile(join(scratch, 's3.json'), server);
    const bucket = new Bucket(server);
    let bucketCount = 0;
    for (const workload of workloads) {
      for (const store of ['local directory', 'MinIO'] as const) {
        const label = `sidecar: upload ${workload.name} to ${store}`;
        for (const profile of profiles) {
          const command = profile.roles.sidecar?.command;
          if (!command) continue;
          const runs: Measured[] = [];
          for (let i = 0; i < repeats; i++) {
            let destination: Record<string, unknown>;
            if (store === 'MinIO') {
              const name = `bench-${++bucketCount}`;
              await bucket.makeBucket(name);
              destination = { bucket: `s3://${name}`, s3_credentials_file: credentials };
            } else {
              destination = { local_output_dir: mkdtempSync(join(scratch, 'out-')) };
            }
            runs.push(await runSidecar(command, workload, destination, scratch));
            if (store === 'local directory') rmSync(destination.local_output_dir as string, { recursive: true, force: true });
            log(`bench: ${label}, ${profile.name}, run ${i + 1}: ${runs.at(-1)!.seconds.toFixed(2)} s, ${runs.at(-1)!.peakRssMiB.toFixed(0)} MiB`);
          }
          rows.push({ measure: label, implementation: profile.name, runs, bytes: workload.bytes });
        }
        const limits: Measured[] = [];
        for (let i = 0; i < repeats; i++) {
          if (store === 'MinIO') {
            const name = `bench-${++bucketCount}`;
            await bucket.makeBucket(name);
            limits.push(await putLimit(server, name, workload));
          } else {
            const target = mkdtempSync(join(scratch, 'cp-'));
            limits.push(await copyLimit(workload, target));
            rmSync(target, { recursive: true, force: true });
          }
        }
        rows.push({ measure: label, implementation: store === 'MinIO' ? 'limit: streamed PUTs' : 'limit: cp -r', runs: limits, bytes: workload.bytes });
      }
    }
  } finally {
    await server.stop();
    forgetServer();
    rmSync(scratch, { recursive: true, force: true });
    forgetScratch();
  }
  return rows;
}
