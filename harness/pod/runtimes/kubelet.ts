// A pod on the real node (harness/node/): a static pod whose manifest the harness writes into the
// kubelet's manifest directory and removes to delete it or, in the cluster mode, a pod created
// and deleted through the API server (nodeName set: no scheduler). The kubelet, containerd and
// runc do the rest: they start the containers, send SIGTERM to their first processes, wait the termination
// grace period and SIGKILL what is left. The harness never signals a container itself.
//
// What the harness observes, and how:
// - each container's first process: the host process carrying the container's tag (an
//   environment variable of the container) whose parent does not (the parent is containerd's
//   shim); its exit status and time from containerd's task events (harness/node/events.ts);
// - what was still running when a first process ended (a shared process namespace): the
//   container's processes (its cgroup, looked at while it runs) that the kernel's record of exits
//   (harness/node/exits.c) shows ending after the first one;
// - the containers' stdout and stderr: each container starts as `/bin/sh -c 'exec "$0" "$@" >>
//   <name>.stdout 2>> <name>.stderr' program args...`, so the program itself, after sh's exec, is
//   the first process and writes where the simulator's programs write.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { Deletion, Pod, PodSpec } from '../pod.js';
import type { NodeHandle } from '../../node/node.js';
import { CRI_NAMESPACE } from '../../node/node.js';
import { ContainerdEvents, KernelExits, wallToMonotonic, type TaskExit } from '../../node/events.js';
import { KubeApi, readKubeconfig } from '../../node/kube-api.js';
import { waitForExit, type ProgramExit, type RunningProgram } from '../../process/program.js';
import { holdsWithin, pollUntil, sleep } from '../../wait.js';
import { argumentsOf, processStartedAt } from '../../process/proc.js';
import type { FoundProcess } from '../../process/tree.js';
import { TAG_VARIABLE } from '../../process/tree.js';
import type { Scenario } from '../../scenario.js';
import { ROOT } from '../../paths.js';
import { elapsedMs, formatMs, kubeletGracePeriodSeconds } from '../../timing.js';

const START_TIMEOUT_MS = 60_000;
/** How often a container's first process is looked at while it runs. */
const WATCH_MS = 3;

let events: Promise<ContainerdEvents> | null = null;
let kernelExits: Promise<KernelExits> | null = null;

/** One event stream per process (cucumber worker), started with its first pod. */
export function nodeEvents(node: NodeHandle): Promise<ContainerdEvents> {
  events ??= ContainerdEvents.start(node.ctr, node.socket);
  return events;
}

/** The kernel's exits, one watcher per process too. */
function exitsOf(node: NodeHandle): Promise<KernelExits> {
  kernelExits ??= KernelExits.start(node.exitWatcher);
  return kernelExits;
}

export async function stopNodeEvents(): Promise<void> {
  if (events) (await events.catch(() => null))?.stop();
  if (kernelExits) (await kernelExits.catch(() => null))?.stop();
  events = null;
  kernelExits = null;
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n as number, name]));

/**
 * containerd's status as the simulator's exit: 128 + n is a death by signal n, as Kubernetes
 * reads it, except 130, which the pods' programs exit with on purpose (an interrupted entrypoint)
 * and the kubelet never causes (it sends no SIGINT).
 */
export function exitFromStatus(status: number, at: bigint): ProgramExit {
  const signal = status > 128 && status !== 130 ? SIGNAL_NAMES.get(status - 128) : undefined;
  return signal ? { code: null, signal, at } : { code: status, signal: null, at };
}

function environ(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  } catch {
    return [];
  }
}

function statOf(pid: number): { state: string; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/**
 * Whether any thread of the process still runs. A multi-threaded process (Node, Go) whose main
 * thread has exited shows as a zombie while its other threads still run, and for PID 1 it is the
 * last thread's exit that makes the kernel end the namespace.
 */
function alive(pid: number): boolean {
  const stat = statOf(pid);
  if (stat === null) return false;
  if (stat.state !== 'Z') return true;
  try {
    return readdirSync(`/proc/${pid}/task`).some((tid) => {
      try {
        const t = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
        return !['Z', 'X'].includes(t.slice(t.lastIndexOf(')') + 2, t.lastIndexOf(')') + 3));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** The pids in a process's cgroup of the pids (or else the first listed) hierarchy. */
function cgroupProcessesOf(pid: number): string | null {
  try {
    const lines = readFileSync(`/proc/${pid}/cgroup`, 'latin1').trim().split('\n');
    const line = lines.find((l) => l.split(':')[1] === 'pids') ?? lines.find((l) => l.split(':')[1] !== '');
    if (!line) return null;
    const [, controllers, path] = line.split(':');
    const file = join('/sys/fs/cgroup', controllers.split(',')[0] || 'unified', path, 'cgroup.procs');
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

class KubeletContainer implements RunningProgram {
  exit: ProgramExit | null = null;
  pid = 0;
  pgid = 0;
  launchedAt = 0n;
  containerId = '';
  /** The processes of the container still alive when the first process was seen gone. */
  leftAtEnd: FoundProcess[] = [];
  readonly started: Promise<void>;
  readonly exited: Promise<ProgramExit>;
  private resolveExit!: (exit: ProgramExit) => void;

  constructor(readonly name: string, readonly tag: string, found: Promise<{ pid: number; containerId: string; exit: Promise<TaskExit> }>, private readonly kernel: KernelExits) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    this.started = found.then(({ pid, containerId, exit }) => {
      this.pid = pid;
      this.pgid = pid;
      this.containerId = containerId;
      this.launchedAt = processStartedAt(pid) ?? process.hrtime.bigint();
      const procs = cgroupProcessesOf(pid);
      void this.watch(procs, exit);
    });
    this.started.catch(() => undefined);
  }

  private async watch(procs: string | null, exitEvent: Promise<TaskExit>): Promise<void> {
    // Every process seen in the container, so that the kernel's record can say afterwards which
    // of them outlived the first one (a look at the moment it ends would race containerd's kill).
    const members = new Map<number, string>();
    const look = (): void => {
      if (!procs) return;
      try {
        for (const p of readFileSync(procs, 'latin1').split('\n').filter(Boolean).map(Number)) {
          if (p === this.pid || members.has(p)) continue;
          // A process seen between its fork and its exec shows its parent's command line: it
          // is read again at each exec the kernel reports (a dead process keeps what was read).
          const read = (): void => {
            const argv = argumentsOf(p);
            if (argv.length > 0) members.set(p, argv.join(' '));
          };
          this.kernel.watch(p, read);
          members.set(p, '');
          read();
        }
      } catch {
        // the cgroup is gone
      }
    };
    this.kernel.watch(this.pid);
    let lookedAt = 0;
    await pollUntil(
      () => {
        if (!alive(this.pid)) return true;
        if (Date.now() - lookedAt > 50) {
          look();
          lookedAt = Date.now();
        }
        return false;
      },
      { what: `the end of container ${this.name}`, timeoutMs: Number.POSITIVE_INFINITY, intervalMs: WATCH_MS },
    );
    const seenGoneAt = process.hrtime.bigint();
    look();
    // What is still alive now was left too (a second witness, in case the kernel's lines were lost).
    const stillAlive = [...members.keys()].filter((p) => alive(p));
    const exit = await exitEvent;
    // containerd kills what is left of a container without a namespace of its own as it notices
    // the first process's end: the container has ended once that is done.
    await holdsWithin(() => ![...members.keys()].some((p) => alive(p)), 5000, WATCH_MS);
    // ...and the harness has read the kernel's lines about them (and what their probes last said).
    const known = (): boolean => this.kernel.endOf(this.pid) !== undefined && [...members.keys()].every((p) => alive(p) || this.kernel.endOf(p) !== undefined);
    await holdsWithin(known, 3000, WATCH_MS);
    await sleep(20);
    const firstEnd = this.kernel.endOf(this.pid);
    const outlived = (p: number): boolean => stillAlive.includes(p) || (firstEnd !== undefined && (this.kernel.endOf(p) ?? 0n) > firstEnd);
    this.leftAtEnd = [...members].filter(([p]) => outlived(p)).map(([pid, command]) => ({ pid, command }));
    // The moment the first process ended: the earlier of what the harness saw and the shim's time
    // (which it takes after killing the rest of a shared-namespace container).
    // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers only)
    this.exit = exitFromStatus(exit.status, exit.at < seenGoneAt ? exit.at : seenGoneAt);
    this.resolveExit(this.exit);
  }

  release(): void {
    throw new Error('the kubelet cannot hold a container between its creation and its start');
  }

  waitForExit(timeoutMs: number): Promise<ProgramExit> {
    return waitForExit(this, timeoutMs);
  }
}

/** Host paths every container sees at the same path (hostPath volumes). */
function hostPaths(scenario: Scenario): { path: string; readOnly: boolean }[] {
  const paths: { path: string; readOnly: boolean }[] = [];
  const add = (path: string, readOnly: boolean): void => {
    if (!existsSync(path)) return;
    const real = realpathSync(path);
    if (paths.some((p) => real === p.path || real.startsWith(`${p.path}/`))) return;
    paths.push({ path: real, readOnly });
  };
  // The run's folder first (read-write): scenario dirs, volumes, sockets, TMPDIRs.
  add(scenario.settings.tmpRoot ?? dirname(scenario.dir), false);
  for (const p of ['/usr', '/etc', '/opt', ROOT, join(ROOT, '.cache')]) add(p, true);
  // A profile's programs wherever they are (an implementation built outside the project).
  for (const role of Object.values(scenario.profile.roles)) {
    const first = role?.command[0];
    if (first?.startsWith('/')) add(dirname(first), true);
  }
  return paths;
}

/** Reads a growing log from where it was when opened. */
class KubeletLog {
  private offset: number;
  private rest = '';
  constructor(private readonly file: string) {
    this.offset = existsSync(file) ? statSync(file).size : 0;
  }

  next(): string[] {
    const fd = openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(1 << 16);
      let text = this.rest;
      for (let n: number; (n = readSync(fd, buffer, 0, buffer.length, this.offset)) > 0; ) {
        this.offset += n;
        text += buffer.toString('utf8', 0, n);
      }
      const lines = text.split('\n');
      this.rest = lines.pop() ?? '';
      return lines;
    } finally {
      closeSync(fd);
    }
  }
}

/** A klog line's time ("I1201 22:58:26.229602 ...": local time, no year) on the monotonic clock. */
export function klogTime(line: string, now: Date = new Date()): bigint | null {
  const m = /^[IWEF](\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})/.exec(line);
  if (!m) return null;
  const ms = new Date(now.getFullYear(), Number(m[1]) - 1, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
  return wallToMonotonic(BigInt(ms) * 1_000_000n + BigInt(m[6]) * 1000n);
}

/** A DNS-1123 label from a scenario's tag (the static pod's name). */
function podName(tag: string): string {
  return tag.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
}

export class KubeletPod implements Pod {
  private readonly containers = new Map<string, KubeletContainer>();
  readonly leftAtEnd = new Map<string, FoundProcess[]>();
  deletion: Deletion | null = null;
  /** The spec as the kubelet runs it: the termination grace period in whole seconds, at least 2. */
  readonly spec: PodSpec;
  private readonly manifest: string;
  /** The cluster mode's API server (null: a static pod). */
  private readonly api: KubeApi | null;
  private deleted: Promise<void> | null = null;

  constructor(
    private readonly scenario: Scenario,
    requested: PodSpec,
    private readonly node: NodeHandle,
  ) {
    this.spec = { ...requested, terminationGraceMs: kubeletGracePeriodSeconds(requested.terminationGraceMs) * 1000 };
    if (this.spec.terminationGraceMs !== requested.terminationGraceMs) {
      scenario.figure(`termination grace period ${requested.terminationGraceMs / 1000} s, on the kubelet ${this.spec.terminationGraceMs / 1000} s (whole seconds, at least 2)`);
    }
    this.manifest = join(node.manifestDir, `${podName(scenario.tag)}.json`);
    this.api = node.kubeconfig ? new KubeApi(readKubeconfig(node.kubeconfig)) : null;
  }

  /** The pod's path in the API. */
  private get apiPath(): string {
    return `/api/v1/namespaces/default/pods/${podName(this.scenario.tag)}`;
  }

  /** The pod as the kubelet's log names it: a static pod's name has the node's after it. */
  private get logName(): string {
    return `default/${podName(this.scenario.tag)}${this.api ? '' : `-${this.node.nodeName}`}`;
  }

  async start(): Promise<void> {
    for (const c of this.spec.containers) if (c.held) throw new Error('the kubelet cannot hold a container between its creation and its start');
    const stream = await nodeEvents(this.node);
    const kernel = await exitsOf(this.node);
    const mounts = hostPaths(this.scenario);
    const volumes = mounts.map((m, i) => ({ name: `host-${i}`, hostPath: { path: m.path } }));
    const volumeMounts = mounts.map((m, i) => ({ name: `host-${i}`, mountPath: m.path, readOnly: m.readOnly }));
    const containers = this.spec.containers.map((c) => {
      const argv = [...(c.role ? this.scenario.command(c.role) : (c.command ?? [])), ...c.args];
      const out = this.scenario.path(`${c.name}.stdout`);
      const err = this.scenario.path(`${c.name}.stderr`);
      writeFileSync(out, '');
      writeFileSync(err, '');
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: this.scenario.path('tmp'), ...c.env, [TAG_VARIABLE]: this.scenario.containerTag(c.name) };
      return {
        name: c.name,
        image: this.node.image,
        imagePullPolicy: 'Never',
        command: ['/bin/sh', '-c', `exec "$0" "$@" >>'${out}' 2>>'${err}'`, ...argv],
        workingDir: this.scenario.dir,
        env: Object.entries(env).map(([name, value]) => ({ name, value })),
        volumeMounts,
      };
    });
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName(this.scenario.tag), namespace: 'default', labels: { 'podutils-conformance/tag': podName(this.scenario.tag) } },
      spec: {
        hostNetwork: true,
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: this.spec.terminationGraceMs / 1000,
        shareProcessNamespace: Boolean(this.spec.shareProcessNamespace),
        containers,
        volumes,
        // Through the API server: on this node without a scheduler, with no service account
        // token or service variables (what a static pod has neither of).
        ...(this.api ? { nodeName: this.node.nodeName, automountServiceAccountToken: false, enableServiceLinks: false } : {}),
      },
    };
    mkdirSync(this.scenario.path('tmp'), { recursive: true });
    if (this.api) {
      await this.api.create('/api/v1/namespaces/default/pods', pod);
    } else {
      // Written beside and renamed in: the kubelet never reads half a manifest (it skips dot files).
      const partial = join(this.node.manifestDir, `.${podName(this.scenario.tag)}.tmp`);
      writeFileSync(partial, JSON.stringify(pod, null, 2));
      renameSync(partial, this.manifest);
    }
    const writtenAt = process.hrtime.bigint();
    const deadline = Date.now() + START_TIMEOUT_MS * this.scenario.timing.scale;
    for (const c of this.spec.containers) {
      const tag = this.scenario.containerTag(c.name);
      const container = new KubeletContainer(c.name, tag, this.findFirstProcess(stream, tag, deadline), kernel);
      this.containers.set(c.name, container);
      this.scenario.programs.push(container);
      container.exited.then(() => this.leftAtEnd.set(c.name, container.leftAtEnd));
    }
    await Promise.all([...this.containers.values()].map((c) => c.started));
    this.scenario.figure(`containers running ${formatMs(elapsedMs(writtenAt, process.hrtime.bigint()))} after the ${this.api ? 'pod was created' : 'manifest appeared'}`);
  }

  /** Polls /proc until the container's first process has exec'd its program and containerd has named it. */
  private async findFirstProcess(stream: ContainerdEvents, tag: string, deadline: number): Promise<{ pid: number; containerId: string; exit: Promise<TaskExit> }> {
    const marker = `${TAG_VARIABLE}=${tag}`;
    const look = (): { pid: number; containerId: string; exit: Promise<TaskExit> } | null => {
      for (const entry of readdirSync('/proc')) {
        const pid = Number(entry);
        if (!Number.isInteger(pid) || !environ(pid).includes(marker)) continue;
        const stat = statOf(pid);
        if (!stat || environ(stat.ppid).includes(marker)) continue;
        // Still the sh that redirects and execs: not the program yet.
        const argv = argumentsOf(pid);
        if (argv[0] === '/bin/sh' && argv[1] === '-c' && argv[2]?.startsWith('exec "$0"')) continue;
        const containerId = stream.containerOf(pid);
        if (!containerId) continue;
        return { pid, containerId, exit: stream.exitOf(containerId) };
      }
      return null;
    };
    return pollUntil(look, {
      what: `container ${tag}`,
      timeoutMs: Math.max(0, deadline - Date.now()),
      intervalMs: 10,
      timeoutMessage: () => `the kubelet did not start container ${tag} within ${START_TIMEOUT_MS / 1000} s (see ${this.node.base}/kubelet.log)`,
    });
  }

  release(): void {
    throw new Error('the kubelet cannot hold a container between its creation and its start');
  }

  has(name: string): boolean {
    return this.containers.has(name);
  }

  container(name: string): KubeletContainer {
    const c = this.containers.get(name);
    if (!c) throw new Error(`the pod has no container "${name}"`);
    return c;
  }

  get gone(): Promise<void> {
    return Promise.all([...this.containers.values()].map((c) => c.exited)).then(() => undefined);
  }

  get isGone(): boolean {
    return [...this.containers.values()].every((c) => c.exit);
  }

  /**
   * Stands in for the out-of-memory killer: SIGKILL to every process of the container, through
   * containerd (what the kernel's cgroup-wide OOM kill amounts to); the kubelet, which does not
   * restart it (restartPolicy Never), only notices.
   */
  async killContainer(name: string): Promise<void> {
    const c = this.container(name);
    const result = await execa(this.node.ctr, ['--address', this.node.socket, '--namespace', CRI_NAMESPACE, 'tasks', 'kill', '--all', '--signal', 'SIGKILL', c.containerId], { stdin: 'ignore', reject: false });
    if (result.failed && !c.exit) throw new Error(`ctr tasks kill ${c.containerId}: ${result.stderr.trim().split('\n')[0]}`);
    await c.exited;
  }

  /**
   * Removes the manifest: the kubelet deletes the pod with its termination grace period. The
   * deletion counts from the moment the kubelet starts killing the containers, as its log says:
   * a pod deleted in its first seconds waits for the kubelet to finish starting it (up to about
   * 2 s here), which in a cluster happens before the API server even shows it running.
   */
  async delete(): Promise<Deletion> {
    const removedAt = process.hrtime.bigint();
    const log = new KubeletLog(this.node.kubeletLog);
    await this.remove();
    const pattern = `"Killing container with a grace period" pod="${this.logName}"`;
    let killingAt: bigint | null = null;
    let allGone = false;
    void this.gone.then(() => (allGone = true));
    await pollUntil(
      () => {
        const line = log.next().find((l) => l.includes(pattern));
        if (line) killingAt = klogTime(line);
        return killingAt !== null || allGone;
      },
      { what: "the kubelet's kill of the pod", timeoutMs: Number.POSITIVE_INFINITY, intervalMs: 5 },
    );
    const at = killingAt ?? removedAt;
    this.scenario.figure(`the kubelet started killing the containers ${formatMs(elapsedMs(removedAt, at))} after the ${this.api ? 'pod was deleted' : 'manifest was removed'}`);
    await this.gone;
    const all = [...this.containers.entries()];
    // The kubelet's SIGKILL at the end of the period is what a container that did not end in time dies of.
    const killedOnes = all.filter(([, c]) => c.exit!.signal === 'SIGKILL' && c.exit!.at > at);
    // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers only)
    const killedAt = killedOnes.length ? killedOnes.map(([, c]) => c.exit!.at).reduce((a, b) => (a < b ? a : b)) : null;
    // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers only)
    const goneAt = all.map(([, c]) => c.exit!.at).reduce((a, b) => (a > b ? a : b), at);
    this.deletion = { at, killedAt, killed: killedOnes.map(([n]) => n), goneAt };
    return this.deletion;
  }

  /** The manifest goes, or the pod is deleted through the API server (with its own grace period); once. */
  private remove(): Promise<void> {
    this.deleted ??= this.api ? this.api.delete(this.apiPath) : Promise.resolve(rmSync(this.manifest, { force: true }));
    return this.deleted;
  }

  /** After the scenario: the pod goes (the kubelet stops whatever is left of it). */
  async stop(): Promise<void> {
    await this.remove();
  }
}
