// A pod as the kubelet runs it, in processes: each container is a process tree (its own process
// group, every process tagged with the container's name) and the containers share a volume
// directory. When a container's top process ends, the container ends: whatever it left running
// goes with it, as a PID namespace does. Deleting the pod sends SIGTERM to every container's top
// process at the same moment and, after the termination grace period, SIGKILL to all that is left.
import type { RunningProgram } from '../process/program.js';
import type { Role } from '../profiles/profile.js';
import type { Scenario } from '../scenario.js';
import { killGroup, sweep } from '../process/tree.js';

export interface ContainerSpec {
  name: string;
  /** The program that is the container's top process (its PID 1). */
  role: Role;
  args: string[];
  env: Record<string, string>;
}

export interface PodSpec {
  containers: ContainerSpec[];
  terminationGraceMs: number;
}

export interface Deletion {
  /** When the kubelet sent SIGTERM to the containers. */
  at: bigint;
  /** When it sent SIGKILL, or null when every container ended within the grace period. */
  killedAt: bigint | null;
  /** The containers still running at the end of the grace period. */
  killed: string[];
  /** When the last container's top process ended. */
  goneAt: bigint;
}

export class Pod {
  private readonly programs = new Map<string, RunningProgram>();
  private readonly ended: Promise<void>[] = [];
  deletion: Deletion | null = null;

  constructor(
    private readonly scenario: Scenario,
    readonly spec: PodSpec,
  ) {}

  start(): void {
    for (const c of this.spec.containers) {
      const program = this.scenario.start(c.role, c.env, c.args, c.name);
      this.programs.set(c.name, program);
      this.ended.push(program.exited.then(() => this.stopRest(c.name)));
    }
  }

  container(name: string): RunningProgram {
    const program = this.programs.get(name);
    if (!program) throw new Error(`the pod has no container "${name}"`);
    return program;
  }

  /** Resolves once every container has ended. */
  get gone(): Promise<void> {
    return Promise.all(this.ended).then(() => undefined);
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
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace over'>((resolve) => {
      timer = setTimeout(() => resolve('grace over'), this.spec.terminationGraceMs);
    });
    const first = await Promise.race([this.gone.then(() => 'gone' as const), graceOver]);
    clearTimeout(timer);
    let killedAt: bigint | null = null;
    const killed: string[] = [];
    if (first === 'grace over') {
      killedAt = process.hrtime.bigint();
      for (const [name, program] of this.programs) {
        if (program.exit) continue;
        killed.push(name);
        await this.stopRest(name);
      }
      await this.gone;
    }
    const goneAt = [...this.programs.values()].reduce((latest, p) => (p.exit!.at > latest ? p.exit!.at : latest), at);
    this.deletion = { at, killedAt, killed, goneAt };
    return this.deletion;
  }

  /** SIGKILL to every process of a container: its group, then anything else carrying its tag. */
  private async stopRest(name: string): Promise<void> {
    killGroup(this.container(name).pid);
    const tag = this.scenario.containerTag(name);
    await sweep((t) => t === tag);
  }
}
