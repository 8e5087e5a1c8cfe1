// A real single-node Kubernetes for the pod features: containerd (Debian's, with runc) and the
// pinned kubelet in standalone mode (no API server; static pods from a manifest directory) or,
// in the cluster mode, registered with etcd and kube-apiserver started beside it
// (control-plane.ts; pods through the API server), started by the harness with everything private to one folder, and stopped with everything
// undone. What each program would otherwise change on the machine, and how it is contained:
// - containerd: private root, state, socket and runc root; it runs in a mount namespace of its
//   own (propagation private) with a tmpfs over /run/containerd, where containerd 1.6 puts its
//   shims' sockets whatever its config says. Container root filesystems and volume mounts are
//   made in that namespace (and the containers' own), so the host's mount table never changes.
// - kubelet: root dir, pod logs and volume plugin dir in the folder; in a mount namespace of its
//   own, /var/lib, /var/log and /usr/libexec are overlays whose writes land in the folder (it
//   writes /var/lib/kubelet, /var/log/containers and /usr/libexec/kubernetes regardless), and the
//   sysctls it sets (kernel.panic, kernel.panic_on_oops, vm.overcommit_memory, ...) are files of
//   ours bind-mounted over /proc/sys: the host's values are never changed. They are also saved
//   before and compared (and restored) after, in case a kernel ever refused the bind mount.
// - runc: a cgroup per container under k8s.io/ in every hierarchy (containerd's default parent
//   when the kubelet runs without QoS cgroups); the k8s.io folders we made are removed at stop.
//   The one in the cpu hierarchy is made before containerd starts, with the CPU weight the
//   kubelet gives its kubepods cgroup (1024 per processor): left at the default 1024, every
//   container of the node together weighs as much as one process of the machine, and on a loaded
//   machine a probe then took over a second to start (cgroup v1; v2 has no such parent here).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { ensureExitWatcher, ensureKubelet, ensureKubernetesCommand, ensurePause, findClusterCommands, findRuntimeCommands } from './build.js';
import { ControlPlane } from './control-plane.js';
import { buildImage } from './image.js';
import { KubeApi, readKubeconfig } from './kube-api.js';
import { TAG_VARIABLE } from '../process/tree.js';
import { pollUntil } from '../wait.js';

/** What a worker needs to run pods on the node (plain data: it crosses to cucumber's workers). */
export type NodeHandle = {
  base: string;
  manifestDir: string;
  socket: string;
  ctr: string;
  image: string;
  nodeName: string;
  /** The kubelet's log (klog lines on stderr), where it says when it starts killing a pod's containers. */
  kubeletLog: string;
  /** The exit watcher (harness/node/exits.c). */
  exitWatcher: string;
  /** How long each part took to come up, for the report. */
  figures: string[];
  /** The cluster mode: the API server's kubeconfig (pods go through it); absent: static pods. */
  kubeconfig?: string;
};

export const CRI_NAMESPACE = 'k8s.io';
const NODE_NAME = 'podutils-node';
/** The sysctls the kubelet sets at start (container_manager_linux.go, setupKernelTunables). */
const KUBELET_SYSCTLS = ['vm/overcommit_memory', 'vm/panic_on_oom', 'kernel/panic', 'kernel/panic_on_oops', 'kernel/keys/root_maxkeys', 'kernel/keys/root_maxbytes'];
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

function cgroupMounts(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length > 9 && /^cgroup2?$/.test(f[f.indexOf('-') + 1]))
    .map((f) => f[4]);
}

function readSysctls(): Map<string, string> {
  return new Map(KUBELET_SYSCTLS.filter((s) => existsSync(`/proc/sys/${s}`)).map((s) => [s, readFileSync(`/proc/sys/${s}`, 'utf8').trim()]));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 3): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '(no log)';
  }
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export class KubeletNode {
  private containerd: ChildProcess | null = null;
  private kubelet: ChildProcess | null = null;
  private readonly sysctls = readSysctls();
  /** Hierarchies where k8s.io/ did not exist before the node started (ours to remove). */
  private readonly cgroupParents = cgroupMounts().map((m) => join(m, CRI_NAMESPACE)).filter((p) => !existsSync(p));
  private createdRunContainerd = false;
  private stopping: Promise<void> | null = null;
  private commands: Record<string, string> = {};
  private controlPlane: ControlPlane | null = null;
  handle: NodeHandle;

  private constructor(readonly base: string, private readonly log: (line: string) => void) {
    this.handle = { base, manifestDir: join(base, 'manifests'), socket: join(base, 'containerd.sock'), ctr: '', image: '', nodeName: NODE_NAME, kubeletLog: join(base, 'kubelet.log'), exitWatcher: '', figures: [] };
  }

  /**
   * Starts containerd and the kubelet (and, in the cluster mode, etcd and kube-apiserver first,
   * the kubelet then registering with them); throws with one line (having undone what it did)
   * when it cannot.
   */
  static async start(opts: { log?: (line: string) => void; runTag?: string; cluster?: boolean } = {}): Promise<KubeletNode> {
    const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const uid = process.getuid?.() ?? -1;
    if (uid !== 0) throw new Error(`the kubelet runtime needs root (containerd, runc and the kubelet run as root); running as uid ${uid}`);
    const commands = await findRuntimeCommands();
    if (opts.cluster) Object.assign(commands, await findClusterCommands());
    const kubelet = await ensureKubelet({ log });
    const apiserver = opts.cluster ? await ensureKubernetesCommand('kube-apiserver', { log }) : null;
    const pause = await ensurePause();
    const exitWatcher = await ensureExitWatcher();
    const node = new KubeletNode(mkdtempSync('/tmp/podutils-node-'), log);
    node.handle.exitWatcher = exitWatcher;
    node.commands = commands;
    node.handle.ctr = commands.ctr;
    node.handle.figures.push(`kubelet build: ${kubelet.outcome} in ${kubelet.seconds} s`);
    if (apiserver) node.handle.figures.push(`kube-apiserver build: ${apiserver.outcome} in ${apiserver.seconds} s`);
    try {
      await node.startContainerd(opts.runTag, pause);
      if (apiserver) await node.startControlPlane(apiserver.binary, opts.runTag);
      await node.startKubelet(kubelet.binary, opts.runTag);
    } catch (error) {
      await node.stop();
      throw error;
    }
    return node;
  }

  private async startControlPlane(apiserver: string, runTag: string | undefined): Promise<void> {
    this.controlPlane = new ControlPlane(this.path('control-plane'), runTag);
    await this.controlPlane.start({ etcd: this.commands.etcd, apiserver }, { etcdClient: await freePort(), etcdPeer: await freePort(), apiserver: await freePort() });
    this.handle.kubeconfig = this.controlPlane.handle.kubeconfig;
    this.handle.figures.push(...this.controlPlane.figures);
  }

  private path(...parts: string[]): string {
    return join(this.base, ...parts);
  }

  private spawnLogged(name: string, argv: string[], runTag?: string): ChildProcess {
    const out = openSync(this.path(`${name}.log`), 'a');
    const child = spawn(argv[0], argv.slice(1), {
      detached: true,
      stdio: ['ignore', out, out],
      // The run's tag: the final sweep of a crashed run finds the node's daemons too.
      env: { ...process.env, ...(runTag ? { [TAG_VARIABLE]: `${runTag}node` } : {}) },
    });
    closeSync(out);
    child.on('error', () => undefined);
    return child;
  }

  private async ctr(args: string[], timeoutMs = 30_000): Promise<string> {
    const result = await execa(this.commands.ctr, ['--address', this.handle.socket, '--namespace', CRI_NAMESPACE, ...args], { stdin: 'ignore', timeout: timeoutMs, reject: false });
    if (result.failed) throw new Error(`ctr ${args.join(' ')}: ${String(result.stderr || result.message || '').trim().split('\n')[0]}`);
    return result.stdout;
  }

  private async startContainerd(runTag: string | undefined, pause: string): Promise<void> {
    const t0 = performance.now();
    for (const d of ['containerd/root', 'containerd/state', 'runc', 'opt', 'cni/bin', 'cni/conf', 'manifests']) mkdirSync(this.path(d), { recursive: true });
    const { archive, ref } = await buildImage(this.base, pause);
    this.handle.image = ref;
    const config = `version = 2
root = "${this.path('containerd/root')}"
state = "${this.path('containerd/state')}"
[grpc]
  address = "${this.handle.socket}"
[ttrpc]
  address = "${this.handle.socket}.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "${this.path('opt')}"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${ref}"
  # runc cannot lower oom_score_adj below its own here (no CAP_SYS_RESOURCE in this VM).
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    # Copies the (tiny) image per container: no overlay mounts to undo.
    snapshotter = "native"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${this.path('runc')}"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${this.path('cni/bin')}"
    conf_dir = "${this.path('cni/conf')}"
`;
    writeFileSync(this.path('containerd.toml'), config);
    if (!existsSync('/run/containerd')) {
      mkdirSync('/run/containerd');
      this.createdRunContainerd = true;
    }
    const script = 'mount -t tmpfs -o mode=0711 podutils-containerd /run/containerd && exec "$0" "$@"';
    this.weighContainers();
    this.containerd = this.spawnLogged('containerd', ['unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', script, this.commands.containerd, '--config', this.path('containerd.toml')], runTag);
    const containerd = this.containerd;
    await pollUntil(
      async () => {
        if (containerd.exitCode !== null || containerd.signalCode !== null) {
          throw new Error(`containerd exited at start (${containerd.exitCode ?? containerd.signalCode}): ${tail(this.path('containerd.log'))}`);
        }
        if (!existsSync(this.handle.socket)) return false;
        // (refused: not serving yet)
        return this.ctr(['version'], 5_000).then(() => true, () => false);
      },
      { what: 'containerd', timeoutMs: READY_TIMEOUT_MS, intervalMs: 50, timeoutMessage: () => `containerd never answered on ${this.handle.socket}: ${tail(this.path('containerd.log'))}` },
    );
    const t1 = performance.now();
    await this.ctr(['images', 'import', '--snapshotter', 'native', archive], 60_000);
    this.handle.figures.push(`containerd up in ${((t1 - t0) / 1000).toFixed(2)} s, image imported in ${((performance.now() - t1) / 1000).toFixed(2)} s`);
  }

  /** The CPU weight of the node's containers together: the kubelet's for kubepods (see the top of this file). */
  private weighContainers(): void {
    for (const parent of this.cgroupParents) {
      if (!existsSync(join(parent, '..', 'cpu.shares'))) continue;
      if (!existsSync(parent)) mkdirSync(parent);
      writeFileSync(join(parent, 'cpu.shares'), String(availableParallelism() * 1024));
    }
  }

  private async startKubelet(binary: string, runTag: string | undefined): Promise<void> {
    const t0 = performance.now();
    const port = await freePort();
    for (const d of ['kubelet', 'pod-logs', 'volume-plugins', 'sysctl']) mkdirSync(this.path(d), { recursive: true });
    writeFileSync(
      this.path('kubelet.yaml'),
      JSON.stringify(
        {
          apiVersion: 'kubelet.config.k8s.io/v1beta1',
          kind: 'KubeletConfiguration',
          staticPodPath: this.handle.manifestDir,
          containerRuntimeEndpoint: `unix://${this.handle.socket}`,
          cgroupDriver: 'cgroupfs',
          failCgroupV1: false,
          cgroupsPerQOS: false,
          enforceNodeAllocatable: [],
          protectKernelDefaults: false,
          failSwapOn: false,
          oomScoreAdj: 0,
          enableServer: false,
          // Standalone: static pods only. Cluster mode: the node registers and takes its pods from the API server.
          registerNode: Boolean(this.handle.kubeconfig),
          authentication: { anonymous: { enabled: true }, webhook: { enabled: false } },
          authorization: { mode: 'AlwaysAllow' },
          healthzBindAddress: '127.0.0.1',
          healthzPort: port,
          volumePluginDir: this.path('volume-plugins'),
          podLogsDir: this.path('pod-logs'),
          // A shared machine's disk and memory must never make the node evict a scenario's pod.
          evictionHard: { 'memory.available': '1Mi', 'nodefs.available': '1%', 'imagefs.available': '1%', 'nodefs.inodesFree': '1%' },
          imageGCHighThresholdPercent: 100,
          imageGCLowThresholdPercent: 99,
          fileCheckFrequency: '1s',
        },
        null,
        2,
      ),
    );
    // Overlays and sysctl files in the kubelet's own mount namespace (see the top of this file).
    const lines: string[] = ['set -e'];
    for (const dir of ['/var/lib', '/var/log', '/usr/libexec']) {
      if (!existsSync(dir)) continue;
      const name = dir.slice(1).replace(/\//g, '-');
      mkdirSync(this.path('overlay', name, 'upper'), { recursive: true });
      mkdirSync(this.path('overlay', name, 'work'), { recursive: true });
      lines.push(`mount -t overlay podutils-kubelet -o lowerdir=${dir},upperdir=${this.path('overlay', name, 'upper')},workdir=${this.path('overlay', name, 'work')} ${dir}`);
    }
    for (const [sysctl, value] of this.sysctls) {
      const file = this.path('sysctl', sysctl.replace(/\//g, '.'));
      writeFileSync(file, `${value}\n`);
      lines.push(`mount --bind ${shellQuote(file)} /proc/sys/${sysctl}`);
    }
    lines.push('exec "$0" "$@"');
    this.kubelet = this.spawnLogged(
      'kubelet',
      ['unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', lines.join('\n'), binary, '--config', this.path('kubelet.yaml'), '--root-dir', this.path('kubelet'), '--hostname-override', NODE_NAME, '--v=2', ...(this.handle.kubeconfig ? ['--kubeconfig', this.handle.kubeconfig] : [])],
      runTag,
    );
    const kubelet = this.kubelet;
    await pollUntil(
      async () => {
        if (kubelet.exitCode !== null || kubelet.signalCode !== null) {
          throw new Error(`the kubelet exited at start (${kubelet.exitCode ?? kubelet.signalCode}): ${tail(this.path('kubelet.log'))}`);
        }
        try {
          const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
          return response.ok && (await response.text()).trim() === 'ok';
        } catch {
          return false; // not serving yet
        }
      },
      {
        what: "the kubelet's healthz",
        timeoutMs: READY_TIMEOUT_MS,
        intervalMs: 50,
        timeoutMessage: () => `the node never became ready: the kubelet's healthz did not answer ok within ${READY_TIMEOUT_MS / 1000} s: ${tail(this.path('kubelet.log'))}`,
      },
    );
    if (this.handle.kubeconfig) await this.waitForRegistration();
    this.handle.figures.push(`kubelet ${this.handle.kubeconfig ? 'healthy and registered' : 'healthy'} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }

  /** Cluster mode: the node is known to the API server (its pods can name it). */
  private async waitForRegistration(): Promise<void> {
    const api = new KubeApi(readKubeconfig(this.handle.kubeconfig!));
    await pollUntil(
      async () => {
        if (this.kubelet && (this.kubelet.exitCode !== null || this.kubelet.signalCode !== null)) {
          throw new Error(`the kubelet exited at start (${this.kubelet.exitCode ?? this.kubelet.signalCode}): ${tail(this.path('kubelet.log'))}`);
        }
        return Boolean(await api.get(`/api/v1/nodes/${NODE_NAME}`).catch(() => null));
      },
      {
        what: 'the node registration',
        timeoutMs: READY_TIMEOUT_MS,
        intervalMs: 100,
        timeoutMessage: () => `the node never became ready: the kubelet did not register with the API server within ${READY_TIMEOUT_MS / 1000} s: ${tail(this.path('kubelet.log'))}`,
      },
    );
  }

  /** Stops everything and undoes every change; safe to call more than once, and after a failed start. */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    const problems: string[] = [];
    rmSync(this.handle.manifestDir, { recursive: true, force: true });
    await stopChild(this.kubelet);
    if (this.containerd && this.containerd.exitCode === null && this.containerd.signalCode === null) {
      // Every task and container (the sandboxes' too), then containerd itself.
      try {
        for (const id of (await this.ctr(['tasks', 'ls', '-q'])).split('\n').filter(Boolean)) {
          await this.ctr(['tasks', 'kill', '--all', '--signal', 'SIGKILL', id]).catch(() => undefined);
          await this.ctr(['tasks', 'delete', '--force', id]).catch(() => undefined);
        }
        for (const id of (await this.ctr(['containers', 'ls', '-q'])).split('\n').filter(Boolean)) {
          await this.ctr(['containers', 'delete', id]).catch(() => undefined);
        }
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    await stopChild(this.containerd);
    await this.controlPlane?.stop();
    // Shims outlive containerd by design: ours are those given our socket.
    for (const pid of processesWhoseArgumentsInclude(this.handle.socket)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    // A container caught half-made by a Ctrl-C (`runc init` waiting for its start) is no task of
    // containerd's and has no socket in its arguments: what is left in our cgroups goes too.
    await killCgroupMembers(this.cgroupParents);
    for (const parent of this.cgroupParents) removeCgroupTree(parent, problems);
    const now = readSysctls();
    for (const [sysctl, value] of this.sysctls) {
      if (now.get(sysctl) !== value) {
        problems.push(`/proc/sys/${sysctl} was ${now.get(sysctl)}: restored to ${value}`);
        writeFileSync(`/proc/sys/${sysctl}`, value);
      }
    }
    if (this.createdRunContainerd) {
      try {
        rmdirSync('/run/containerd');
      } catch (error) {
        problems.push(`/run/containerd: ${(error as Error).message}`);
      }
    }
    const mounted = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(this.base));
    if (mounted.length === 0) rmSync(this.base, { recursive: true, force: true });
    else problems.push(`mounts left under ${this.base} (not removed): ${mounted.length}`);
    for (const p of problems) this.log(`node: ${p}`);
  }
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function processesWhoseArgumentsInclude(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(text)) found.push(pid);
    } catch {
      // gone
    }
  }
  return found;
}

function cgroupMembers(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const pids: number[] = [];
  try {
    pids.push(...readFileSync(join(dir, 'cgroup.procs'), 'latin1').split('\n').filter(Boolean).map(Number));
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) pids.push(...cgroupMembers(join(dir, entry.name)));
  } catch {
    // removed meanwhile
  }
  return pids;
}

/** SIGKILL to every process in these cgroup trees, until they are empty (what stays is reported by the rmdir). */
async function killCgroupMembers(dirs: string[]): Promise<void> {
  const empty = (): boolean => {
    const left = [...new Set(dirs.flatMap(cgroupMembers))];
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    return left.length === 0;
  };
  await pollUntil(empty, { what: 'the node\'s cgroups to be empty', timeoutMs: STOP_GRACE_MS, intervalMs: 20 }).catch(() => undefined);
}

/** rmdir of a cgroup folder and everything below it (cgroup folders hold no files to delete). */
function removeCgroupTree(dir: string, problems: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeCgroupTree(join(dir, entry.name), problems);
  try {
    rmdirSync(dir);
  } catch (error) {
    problems.push(`cgroup ${dir}: ${(error as Error).message}`);
  }
}
