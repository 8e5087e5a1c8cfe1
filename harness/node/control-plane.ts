// The cluster mode's control plane, started beside the node: etcd (Debian's etcd-server) and
// kube-apiserver (built from the pinned Kubernetes), on free loopback ports, with their data,
// certificates and keys in the node's folder. The kubelet registers with it, and pods are
// created and deleted through it (with nodeName set: no scheduler, no controller manager).
// - Authentication: a token file with one token (user podutils, group system:masters) that
//   both the harness and the kubelet use; authorization AlwaysAllow. Serving certificate:
//   self-signed by kube-apiserver in its cert dir (for 127.0.0.1 among others); the kubeconfig
//   names it as the authority.
// - Service accounts: kube-apiserver needs a signing key even when no pod mounts a token; the
//   `default` service account (which the controller manager would make) is created by us, so
//   that admission accepts the pods (automountServiceAccountToken: false).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TAG_VARIABLE } from '../process/tree.js';
import { KubeApi, type Kubeconfig } from './kube-api.js';
import { pollUntil } from '../wait.js';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;

export interface ControlPlaneHandle {
  kubeconfig: string;
  /** The kube-apiserver's log, for a failure's last lines. */
  apiserverLog: string;
}

function tail(file: string, lines = 3): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '(no log)';
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export class ControlPlane {
  private etcd: ChildProcess | null = null;
  private apiserver: ChildProcess | null = null;
  readonly handle: ControlPlaneHandle;
  readonly figures: string[] = [];

  constructor(private readonly dir: string, private readonly runTag?: string) {
    this.handle = { kubeconfig: join(dir, 'kubeconfig'), apiserverLog: join(dir, 'kube-apiserver.log') };
  }

  private spawnLogged(name: string, argv: string[]): ChildProcess {
    const out = openSync(join(this.dir, `${name}.log`), 'a');
    const child = spawn(argv[0], argv.slice(1), {
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, ...(this.runTag ? { [TAG_VARIABLE]: `${this.runTag}node` } : {}) },
    });
    closeSync(out);
    child.on('error', () => undefined);
    return child;
  }

  /** Starts etcd, then kube-apiserver, and waits until the API answers; throws with one line. */
  async start(binaries: { etcd: string; apiserver: string }, ports: { etcdClient: number; etcdPeer: number; apiserver: number }): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const t0 = performance.now();
    const client = `http://127.0.0.1:${ports.etcdClient}`;
    const peer = `http://127.0.0.1:${ports.etcdPeer}`;
    this.etcd = this.spawnLogged('etcd', [
      binaries.etcd, '--name', 'podutils', '--data-dir', join(this.dir, 'etcd'),
      '--listen-client-urls', client, '--advertise-client-urls', client,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `podutils=${peer}`,
      // No metrics listener or the like: nothing but the two loopback ports.
      '--log-level', 'warn',
      // kube-apiserver's watch cache counts on progress notifications to learn the current revision.
      '--experimental-watch-progress-notify-interval', '1s',
    ]);
    await this.waitFor('etcd', this.etcd, join(this.dir, 'etcd.log'), async () => {
      const response = await fetch(`${client}/health`, { signal: AbortSignal.timeout(2000) });
      return response.ok && ((await response.json()) as { health?: string }).health === 'true';
    });
    const t1 = performance.now();

    const token = randomBytes(24).toString('hex');
    writeFileSync(join(this.dir, 'tokens.csv'), `${token},podutils,podutils,"system:masters"\n`, { mode: 0o600 });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(this.dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
    writeFileSync(join(this.dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    const certDir = join(this.dir, 'apiserver-certs');
    mkdirSync(certDir, { recursive: true });
    this.apiserver = this.spawnLogged('kube-apiserver', [
      binaries.apiserver,
      `--etcd-servers=${client}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${ports.apiserver}`,
      `--cert-dir=${certDir}`,
      `--token-auth-file=${join(this.dir, 'tokens.csv')}`, '--authorization-mode=AlwaysAllow', '--anonymous-auth=false',
      '--service-account-issuer=https://kubernetes.default.svc', `--service-account-key-file=${join(this.dir, 'sa.pub')}`, `--service-account-signing-key-file=${join(this.dir, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/24',
      // The endpoints of the kubernetes service may not be a loopback address: none are kept.
      '--endpoint-reconciler-type=none',
      // A shared 2-core machine: no flow control, no API server profiling.
      '--enable-priority-and-fairness=false', '--profiling=false',
      '--v=1',
    ]);
    const config: Kubeconfig = { server: `https://127.0.0.1:${ports.apiserver}`, token, caFile: join(certDir, 'apiserver.crt') };
    const api = new KubeApi(config);
    await this.waitFor('kube-apiserver', this.apiserver, this.handle.apiserverLog, async () => {
      if (!existsSync(config.caFile!)) return false;
      const { status, body } = await api.request('GET', '/readyz', undefined, 2000);
      return status === 200 && body.trim() === 'ok';
    });
    writeFileSync(this.handle.kubeconfig, kubeconfigYaml(config));
    // The namespace's default service account: admission looks it up for every pod.
    await api.ensure('/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
    this.figures.push(`etcd up in ${((t1 - t0) / 1000).toFixed(2)} s, kube-apiserver ready in ${((performance.now() - t1) / 1000).toFixed(2)} s`);
  }

  private async waitFor(name: string, child: ChildProcess, log: string, ready: () => Promise<boolean>): Promise<void> {
    await pollUntil(
      async () => {
        if (exited(child)) throw new Error(`${name} exited at start (${child.exitCode ?? child.signalCode}): ${tail(log)}`);
        return ready().catch(() => false); // (refused: not serving yet)
      },
      { what: name, timeoutMs: READY_TIMEOUT_MS, intervalMs: 100, timeoutMessage: () => `${name} never became ready within ${READY_TIMEOUT_MS / 1000} s: ${tail(log)}` },
    );
  }

  /** kube-apiserver, then etcd (their data goes with the node's folder). */
  async stop(): Promise<void> {
    await stopChild(this.apiserver);
    await stopChild(this.etcd);
  }
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
}

/** A kubeconfig (YAML is a superset of JSON: written as JSON) with one cluster, user and context. */
export function kubeconfigYaml(config: Kubeconfig): string {
  const cluster: Record<string, string> = { server: config.server };
  if (config.caFile) cluster['certificate-authority'] = config.caFile;
  if (config.serverName) cluster['tls-server-name'] = config.serverName;
  return `${JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'podutils', cluster }],
      users: [{ name: 'podutils', user: { token: config.token } }],
      contexts: [{ name: 'podutils', context: { cluster: 'podutils', user: 'podutils' } }],
      'current-context': 'podutils',
    },
    null,
    2,
  )}\n`;
}
