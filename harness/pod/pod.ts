// A pod as the kubelet runs it. Each container's first process is started by the pod's runtime
// (runtimes/runtime.ts): PID 1 of namespaces of its own, or, where the machine cannot make them,
// the first process of a tagged process group. The containers share a volume directory. When a
// container's first process ends, the container ends: on the namespaces runtime the kernel has
// already killed the rest of its namespace; whatever is still running (a shared process
// namespace, the process-group model) is killed by the runtime, as containerd kills a
// container's cgroup, and recorded. Deleting the pod sends SIGTERM to every container's first
// process (by host pid, as runc does) at the same moment and, after the termination grace
// period, SIGKILL to all that is left.
import type { RunningProgram } from '../process/program.js';
import type { FoundProcess } from '../process/tree.js';
import type { Role } from '../profiles/profile.js';
import type { Scenario } from '../scenario.js';
import { findTagged, killGroup, sweep } from '../process/tree.js';
import { launcherFor, type PodRuntime } from './runtimes/runtime.js';
import { settlesWithin } from '../wait.js';

export interface ContainerSpec {
  name: string;
  /** The profile's program that is the container's first process... */
  role?: Role;
  /** ...or a command of the pod's own (a container without entrypoint). */
  command?: string[];
  args: string[];
  env: Record<string, string>;
  /**
   * Created but not started: its first process exists (PID 1 of its namespace) and waits for
   * `Pod.release` before its program runs. Only on the namespaces runtime.
   */
  held?: boolean;
}

export interface PodSpec {
  containers: ContainerSpec[];
  terminationGraceMs: number;
  /** One process namespace for the whole pod, with a pause process as its PID 1. */
  shareProcessNamespace?: boolean;
}

export interface Deletion {
  /** When the kubelet sent SIGTERM to the containers. */
  at: bigint;
  /** When it sent SIGKILL, or null when every container ended within the grace period. */
  killedAt: bigint | null;
  /** The containers still running at the end of the grace period. */
  killed: string[];
  /** When the last container's first process ended. */
  goneAt: bigint;
}

/** The hostname of every pod's containers (the pod's name, as Kubernetes sets it). */
export const POD_HOSTNAME = 'conformance-pod';

/**
 * A pod as the steps drive it, whoever runs it: the simulator below (the harness plays the
 * kubelet and the runtime) or the real kubelet (runtimes/kubelet.ts).
 */
export interface Pod {
  readonly spec: PodSpec;
  /** Per container: the processes still running when its first process had ended, which the runtime killed. */
  readonly leftAtEnd: Map<string, FoundProcess[]>;
  readonly deletion: Deletion | null;
  /** Starts the containers; resolves once each container's first process is known by its host pid. */
  start(): Promise<void>;
  /** Starts the program of a held container. */
  release(name: string): void;
  has(name: string): boolean;
  /** A container's first process. */
  container(name: string): RunningProgram;
  /** Resolves once every container has ended. */
  readonly gone: Promise<void>;
  readonly isGone: boolean;
  /** Kills the whole container at once, as the kernel's OOM killer does to a container's cgroup. */
  killContainer(name: string): Promise<void>;
  /** Deletes the pod as the API server's deletion makes the kubelet do; resolves when it is gone. */
  delete(): Promise<Deletion>;
}

export class SimulatedPod implements Pod {
  private readonly programs = new Map<string, RunningProgram>();
  private readonly ended: Promise<void>[] = [];
  private sandbox: RunningProgram | null = null;
  /** Per container: the processes still running when its first process had ended, which the runtime killed. */
  readonly leftAtEnd = new Map<string, FoundProcess[]>();
  deletion: Deletion | null = null;

  constructor(
    private readonly scenario: Scenario,
    readonly spec: PodSpec,
    readonly runtime: PodRuntime,
  ) {}

  /** Starts the containers; resolves once each container's first process is known by its host pid. */
  async start(): Promise<void> {
    if (this.spec.shareProcessNamespace && this.runtime.kind === 'namespaces') {
      this.sandbox = this.scenario.startCommand('sandbox', ['pause'], {}, 'sandbox', [this.runtime.launcher, '--hostname', POD_HOSTNAME, '--pause']);
      await this.sandbox.started;
    }
    for (const c of this.spec.containers) {
      if (c.held && this.runtime.kind !== 'namespaces') throw new Error('only the namespaces runtime can hold a container before its program starts');
      const launcher = launcherFor(this.runtime, POD_HOSTNAME, this.sandbox?.pid ?? null, c.held);
      const program = c.role
        ? this.scenario.start(c.role, c.env, c.args, c.name, launcher)
        : this.scenario.startCommand(c.name, [...(c.command ?? []), ...c.args], c.env, c.name, launcher);
      this.programs.set(c.name, program);
      this.ended.push(
        program.exited.then(async () => {
          this.leftAtEnd.set(c.name, await this.stopRest(c.name));
        }),
      );
    }
    await Promise.all([...this.programs.values()].map((p) => p.started));
  }

  /** Starts the program of a held container. */
  release(name: string): void {
    this.container(name).release();
  }

  has(name: string): boolean {
    return this.programs.has(name);
  }

  container(name: string): RunningProgram {
    const program = this.programs.get(name);
    if (!program) throw new Error(`the pod has no container "${name}"`);
    return program;
  }

  /** Resolves once every container has ended (and the sandbox with them). */
  get gone(): Promise<void> {
    return Promise.all(this.ended).then(async () => {
      if (this.sandbox && !this.sandbox.exit) {
        killGroup(this.sandbox.pgid);
        await this.sandbox.exited;
      }
      // The launcher's exit can come before the kernel has ended the namespace's PID 1 (pause)
      // under it: wait for every process of the sandbox to be gone (seen once in CI).
      if (this.sandbox) await sweep((t) => t === this.scenario.containerTag('sandbox'));
    });
  }

  get isGone(): boolean {
    return [...this.programs.values()].every((p) => p.exit);
  }

  /** Kills the whole container at once, as the kernel's OOM killer does to a container's cgroup. */
  async killContainer(name: string): Promise<void> {
    const program = this.container(name);
    await this.stopRest(name);
    await program.exited;
  }

  async delete(): Promise<Deletion> {
    const running = [...this.programs.values()].filter((p) => !p.exit);
    const at = process.hrtime.bigint();
    for (const program of running) {
      try {
        process.kill(program.pid, 'SIGTERM');
      } catch {
        // ended meanwhile
      }
    }
    let killedAt: bigint | null = null;
    const killed: string[] = [];
    if (!(await settlesWithin(this.gone, this.spec.terminationGraceMs))) {
      killedAt = process.hrtime.bigint();
      for (const [name, program] of this.programs) {
        if (program.exit) continue;
        killed.push(name);
        await this.stopRest(name);
      }
      await this.gone;
    }
    // (bigints: Math.max does not take them)
    const goneAt = [at, ...[...this.programs.values()].map((p) => p.exit!.at)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).at(-1) ?? at;
    this.deletion = { at, killedAt, killed, goneAt };
    return this.deletion;
  }

  /**
   * SIGKILL to every process of a container: its first process (on the namespaces runtime the
   * kernel then ends its namespace), its process group, then anything else carrying its tag.
   * Returns the processes found alive besides the first one.
   */
  private async stopRest(name: string): Promise<FoundProcess[]> {
    const program = this.container(name);
    const tag = this.scenario.containerTag(name);
    const isRest = (p: FoundProcess): boolean => p.pid !== program.pid && p.pid !== program.pgid;
    // Looked at before anything is killed: the group kill below would hide them from the sweep.
    const rest = new Map(findTagged((t) => t === tag).filter(isRest).map((p) => [p.pid, p]));
    if (!program.exit) {
      try {
        process.kill(program.pid, 'SIGKILL');
      } catch {
        // ended meanwhile
      }
    }
    killGroup(program.pgid);
    for (const p of (await sweep((t) => t === tag)).filter(isRest)) rest.set(p.pid, p);
    return [...rest.values()];
  }
}
