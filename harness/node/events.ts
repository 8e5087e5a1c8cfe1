// containerd's task events, as `ctr events` prints them: which host pid each container's first
// process has (/tasks/start) and how and when it ended (/tasks/exit). The kubelet learns the same
// through CRI, up to a second late (it polls); containerd publishes them as the shim sees them.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { pollUntil } from '../wait.js';

/** Our namespace in the node's containerd, whose label changes show that `ctr events` is subscribed. */
const EVENTS_NAMESPACE = 'podutils-events';
const SUBSCRIBED_LABEL = 'podutils-subscribed';

export interface TaskExit {
  containerId: string;
  pid: number;
  /** containerd's exit status: the code, or 128 + the signal's number for a death by signal. */
  status: number;
  /** When the shim saw it, on the harness's monotonic clock (process.hrtime.bigint()). */
  at: bigint;
}

/** Nanoseconds since the epoch of an RFC 3339 time with up to 9 fraction digits. */
export function epochNs(text: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) throw new Error(`not an RFC 3339 time: ${text}`);
  const seconds = BigInt(Date.parse(`${m[1]}${m[3]}`)) / 1000n;
  return seconds * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0').slice(0, 9));
}

/** The wall clock minus the monotonic clock, in ns (measured once: both tick at the same rate). */
let wallMinusMonotonic: bigint | null = null;
export function wallToMonotonic(epoch: bigint): bigint {
  if (wallMinusMonotonic === null) {
    const mono = process.hrtime.bigint();
    const wall = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    wallMinusMonotonic = wall - mono;
  }
  return epoch - wallMinusMonotonic;
}

export class ContainerdEvents {
  private readonly starts = new Map<number, string>();
  private readonly exits = new Map<string, TaskExit>();
  private readonly waiters = new Map<string, ((exit: TaskExit) => void)[]>();
  private ended: string | null = null;
  /** Namespace events, kept while the subscription is being checked (null after). */
  private seen: string[] | null = [];

  private constructor(private readonly child: ChildProcess) {}

  /** Starts `ctr events` against the node's containerd; resolves once it is subscribed. */
  static async start(ctr: string, socket: string): Promise<ContainerdEvents> {
    const child = spawn(ctr, ['--address', socket, 'events'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const events = new ContainerdEvents(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code, signal) => (events.ended = `ctr events ended (${code ?? signal}): ${stderr.trim().split('\n')[0] ?? ''}`));
    createInterface({ input: child.stdout! }).on('line', (line) => events.onLine(line));
    // ctr says nothing once it is subscribed: make events of our own (a label on a namespace of
    // ours, a new value each look) until one comes through the stream.
    const run = (args: string[]): Promise<unknown> => execa(ctr, ['--address', socket, ...args], { stdin: 'ignore', reject: false });
    await run(['namespaces', 'create', EVENTS_NAMESPACE]);
    let sent = 0;
    await pollUntil(
      async () => {
        if (events.ended) throw new Error(events.ended);
        if (events.seen?.some((line) => line.includes(`"${SUBSCRIBED_LABEL}":"${sent}"`))) return true;
        await run(['namespaces', 'label', EVENTS_NAMESPACE, `${SUBSCRIBED_LABEL}=${++sent}`]);
        return false;
      },
      { what: 'ctr events to subscribe', timeoutMs: 20_000, intervalMs: 20, timeoutMessage: () => `ctr events showed none of its ${sent} test events in 20 s` },
    );
    events.seen = null;
    return events;
  }

  private onLine(line: string): void {
    if (line.includes(' /namespaces/')) this.seen?.push(line);
    const m = / (\/tasks\/(?:start|exit)) (\{.*\})\s*$/.exec(line);
    if (!m) return;
    const body = JSON.parse(m[2]) as { container_id: string; id?: string; pid: number; exit_status?: number; exited_at?: string };
    if (m[1] === '/tasks/start') {
      this.starts.set(body.pid, body.container_id);
      return;
    }
    // An exec'd process has an id of its own; the container's first process has the container's.
    if (body.id && body.id !== body.container_id) return;
    const exit: TaskExit = {
      containerId: body.container_id,
      pid: body.pid,
      status: body.exit_status ?? 0,
      at: body.exited_at ? wallToMonotonic(epochNs(body.exited_at)) : process.hrtime.bigint(),
    };
    this.exits.set(body.container_id, exit);
    for (const resolve of this.waiters.get(body.container_id) ?? []) resolve(exit);
    this.waiters.delete(body.container_id);
  }

  /** The container whose first process has this host pid, once containerd said so. */
  containerOf(pid: number): string | undefined {
    return this.starts.get(pid);
  }

  exitOf(containerId: string): Promise<TaskExit> {
    const known = this.exits.get(containerId);
    if (known) return Promise.resolve(known);
    if (this.ended) return Promise.reject(new Error(this.ended));
    return new Promise((resolve) => {
      const list = this.waiters.get(containerId) ?? [];
      list.push(resolve);
      this.waiters.set(containerId, list);
    });
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

/**
 * The kernel's own record of exits and execs (harness/node/exits.c), in the order they happened:
 * for each process watched, when its last thread exited, on the monotonic clock; and, as they
 * come, its execs (its command line is only its own after the last one).
 */
export class KernelExits {
  /** The processes watched, each with what to do when it execs. */
  private readonly watched = new Map<number, () => void>();
  private readonly last = new Map<number, bigint>();

  private constructor(private readonly child: ChildProcess) {}

  static async start(binary: string): Promise<KernelExits> {
    const child = spawn(binary, [], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exits = new KernelExits(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', () => reject(new Error(`the exit watcher ended: ${stderr.trim().split('\n')[0] ?? ''}`)));
      lines.once('line', (line) => (line === 'ready' ? resolve() : reject(new Error(`the exit watcher said ${line}`))));
    });
    lines.on('line', (line) => exits.onLine(line));
    return exits;
  }

  private onLine(line: string): void {
    const [what, , tgid, ns] = line.split(' ');
    const pid = Number(tgid);
    const onExec = this.watched.get(pid);
    if (!onExec) return;
    if (what === 'exit') this.last.set(pid, BigInt(ns));
    else if (what === 'exec') onExec();
  }

  /** Records the process's exits from now on, and calls onExec at each exec it makes. */
  watch(pid: number, onExec: () => void = () => undefined): void {
    this.watched.set(pid, onExec);
  }

  /** When the process's last thread exited (so far), or undefined. */
  endOf(pid: number): bigint | undefined {
    return this.last.get(pid);
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
