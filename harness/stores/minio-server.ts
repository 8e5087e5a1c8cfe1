// A real MinIO server for the sidecar scenarios: started on free loopback ports with a fresh
// data folder and random root credentials, health-checked before use, stopped (and its data
// removed) after. Whatever reads the store goes through the S3Store interface (s3-store.ts), so
// nothing else depends on the server being MinIO.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Store } from './s3-store.js';
import type { TlsIdentity } from './self-signed.js';
import { settlesWithin, sleep } from '../wait.js';

export interface MinioStartOptions {
  /** The MinIO binary (ensureMinio() gives it). */
  binary: string;
  /** Where the server's data dir goes (a run's own temp dir, which an interrupted run still removes); the system's temp dir by default. */
  parentDir?: string;
  log?: (line: string) => void;
  /** How long the server may take to become healthy; 60 s by default. */
  startTimeoutMs?: number;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /**
   * Where and as whom to serve, when a client was configured before the server exists (a store
   * that comes up late). By default: free ports and random credentials.
   */
  planned?: PlannedStore;
  /** Serve HTTPS only, with this certificate (its users trust it as `ca`). */
  tls?: TlsIdentity;
}

/** An S3 endpoint and credentials decided before its server starts. */
export interface PlannedStore {
  port: number;
  consolePort: number;
  accessKey: string;
  secretKey: string;
}

/** Reserves free ports and makes credentials for a server to be started later. */
export async function planStore(): Promise<PlannedStore & S3Store> {
  const [port, consolePort] = await freePorts(2);
  return {
    port, consolePort, host: HOST, region: REGION, endpoint: `http://${HOST}:${port}`,
    accessKey: `pc${randomBytes(8).toString('hex')}`, secretKey: randomBytes(24).toString('base64url'),
  };
}

const HOST = '127.0.0.1';
const REGION = 'us-east-1';
const START_ATTEMPTS = 5;
const STOP_GRACE_MS = 10_000;
/** What MinIO prints when a port it was given is taken (we pick free ports, but another process can take one first). */
const PORT_IN_USE = /address already in use|port is already in use|port .* in use/i;

class PortInUseError extends Error {}

export class MinioServer implements S3Store {
  readonly endpoint: string;
  readonly ca?: string;
  readonly host = HOST;
  readonly region = REGION;
  /** The server's stdout and stderr, beside the data folder (both removed by stop()). */
  readonly logFile: string;
  private exitInfo: { code: number | null; signal: string | null } | null = null;
  private readonly exited: Promise<void>;
  private stopping: Promise<void> | null = null;
  private readonly onHarnessExit = (): void => {
    this.killGroup('SIGKILL');
    rmSync(this.rootDir, { recursive: true, force: true, maxRetries: 3 });
  };

  private constructor(
    readonly pid: number,
    readonly port: number,
    readonly consolePort: number,
    readonly accessKey: string,
    readonly secretKey: string,
    /** Temporary folder holding dataDir and logFile. */
    readonly rootDir: string,
    readonly dataDir: string,
    subprocess: ReturnType<typeof spawn>,
    tls?: TlsIdentity,
  ) {
    this.endpoint = `${tls ? 'https' : 'http'}://${HOST}:${port}`;
    this.ca = tls?.certificate;
    this.logFile = join(rootDir, 'minio.log');
    this.exited = new Promise((resolve) => {
      subprocess.once('exit', (code, signal) => {
        // (the exit hook stays until stop() has removed the folders: a server killed under us
        // still leaves them)
        this.exitInfo = { code, signal };
        resolve();
      });
    });
    subprocess.on('error', () => undefined);
    // A harness that exits without stop() must not leave a detached server or its folders behind.
    process.once('exit', this.onHarnessExit);
  }

  /** True while the server process has not exited. */
  get running(): boolean {
    return this.exitInfo === null;
  }

  /** Starts a server and waits until it serves S3 requests; retries with other ports if one was taken meanwhile. */
  static async start(opts: MinioStartOptions): Promise<MinioServer> {
    if (!existsSync(opts.binary)) throw new Error(`no MinIO binary at ${opts.binary}`);
    const log = opts.log ?? (() => undefined);
    for (let attempt = 1; ; attempt++) {
      const server = await MinioServer.launch(opts);
      try {
        await server.waitHealthy(opts.startTimeoutMs ?? 60_000);
        log(`minio: serving ${server.endpoint} (pid ${server.pid}, data ${server.dataDir})`);
        return server;
      } catch (error) {
        await server.stop();
        if (error instanceof PortInUseError && attempt < START_ATTEMPTS && !opts.planned) {
          log(`minio: ${error.message}; trying other ports`);
          continue;
        }
        throw error;
      }
    }
  }

  private static async launch(opts: MinioStartOptions): Promise<MinioServer> {
    const [port, consolePort] = opts.planned ? [opts.planned.port, opts.planned.consolePort] : await freePorts(2);
    const rootDir = mkdtempSync(join(opts.parentDir ?? tmpdir(), 'podutils-minio-'));
    const dataDir = join(rootDir, 'data');
    mkdirSync(dataDir);
    const accessKey = opts.planned?.accessKey ?? `pc${randomBytes(8).toString('hex')}`;
    const secretKey = opts.planned?.secretKey ?? randomBytes(24).toString('base64url');
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('MINIO_')) env[key] = value;
    Object.assign(env, {
      MINIO_ROOT_USER: accessKey,
      MINIO_ROOT_PASSWORD: secretKey,
      // The same behaviour on a developer's machine as under CI (where CI=true turns it on
      // anyway): a small buffer pool, no root-drive refusal.
      MINIO_CI_CD: '1',
      MINIO_UPDATE: 'off',
      ...opts.env,
    });
    if (opts.tls) {
      // MinIO serves HTTPS, and only HTTPS, when its certs dir holds these two
      mkdirSync(join(rootDir, 'certs'));
      writeFileSync(join(rootDir, 'certs', 'public.crt'), opts.tls.certificate);
      writeFileSync(join(rootDir, 'certs', 'private.key'), opts.tls.key, { mode: 0o600 });
    }
    const args = [
      'server',
      dataDir,
      '--address',
      `${HOST}:${port}`,
      '--console-address',
      `${HOST}:${consolePort}`,
      // Not ~/.minio/certs: nothing outside the temporary folder is touched.
      '--certs-dir',
      join(rootDir, 'certs'),
    ];
    const out = openSync(join(rootDir, 'minio.log'), 'w');
    const subprocess = spawn(opts.binary, args, { cwd: rootDir, env, detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    if (subprocess.pid === undefined) {
      rmSync(rootDir, { recursive: true, force: true });
      throw new Error(`could not start ${opts.binary}`);
    }
    return new MinioServer(subprocess.pid, port, consolePort, accessKey, secretKey, rootDir, dataDir, subprocess, opts.tls);
  }

  /**
   * Polls GET /minio/health/live until 200. MinIO answers it as soon as its HTTP server is up,
   * marking "x-minio-server-status: offline" until the object layer exists, so that must be gone
   * too; then /minio/health/cluster (object layer, bucket metadata and IAM initialised) must be 200.
   */
  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (const path of ['/minio/health/live', '/minio/health/cluster']) {
      for (;;) {
        if (!this.running) {
          const tail = this.logTail();
          const message = `MinIO exited (${this.exitInfo?.signal ?? `status ${this.exitInfo?.code}`}) before it was healthy; ${this.logFile} ends:\n${tail}`;
          throw PORT_IN_USE.test(tail) ? new PortInUseError(message) : new Error(message);
        }
        try {
          const response = await get(`${this.endpoint}${path}`, this.ca, 2000);
          const status = response.headers['x-minio-server-status'];
          if (response.status === 200 && status !== 'offline') break;
          last = `${path}: HTTP ${response.status}${status ? ` (${status})` : ''}`;
        } catch (error) {
          last = `${path}: ${(error as Error).message}`;
        }
        if (Date.now() > deadline) {
          throw new Error(`MinIO at ${this.endpoint} (pid ${this.pid}) was not healthy after ${timeoutMs} ms (${last}); ${this.logFile} ends:\n${this.logTail()}`);
        }
        await sleep(100);
      }
    }
  }

  /** The last lines of the server's log. */
  logTail(lines = 20): string {
    try {
      const text = readFileSync(this.logFile, 'utf8').trimEnd();
      return text === '' ? '(the log is empty)' : text.split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGTERM to the server's process group, SIGKILL after a grace period; then removes its folders. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.running) {
        this.killGroup('SIGTERM');
        if (!(await this.waitExit(STOP_GRACE_MS))) {
          this.killGroup('SIGKILL');
          if (!(await this.waitExit(STOP_GRACE_MS))) throw new Error(`MinIO (pid ${this.pid}) survived SIGKILL`);
        }
      }
      // Anything the server left in its group goes too.
      this.killGroup('SIGKILL');
      process.removeListener('exit', this.onHarnessExit);
      rmSync(this.rootDir, { recursive: true, force: true });
    })();
    return this.stopping;
  }

  private waitExit(timeoutMs: number): Promise<boolean> {
    return settlesWithin(this.exited, timeoutMs);
  }

  private killGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // gone already
    }
  }
}

/** A GET's status and headers, over HTTPS trusting `ca` if given (fetch cannot be given a CA). */
function get(url: string, ca: string | undefined, timeoutMs: number): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).get(url, { ca, timeout: timeoutMs }, (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      response.once('error', reject);
    });
    request.once('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.once('error', reject);
  });
}

/** Ports free on 127.0.0.1 right now (all held open together, so they differ, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, HOST, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('cannot read the port of a loopback listener');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
