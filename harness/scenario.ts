// Everything one scenario owns outside cucumber: its temp dir, its tag, the probe listener, the
// programs it started, and the cleanup that leaves nothing behind. The World holds one of these.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ProbeListener } from './probe/listener.js';
import type { Behaviour } from './probe/behaviour.js';
import { probeCommand } from './probe/command.js';
import { startProgram, type RunningProgram } from './process/program.js';
import { sendSignal, type SignalName } from './process/signals.js';
import { aMomentAgo, killGroup, sweep, TAG_VARIABLE, type FoundProcess } from './process/tree.js';
import type { Profile, Role } from './profiles/profile.js';
import type { Timing } from './timing.js';

/** Variables a program under test must not inherit from whoever runs the harness. */
const PRODUCTION_VARIABLES = ['ENTRYPOINT_OPTIONS', 'SIDECAR_OPTIONS', 'JOB_SPEC', 'ARTIFACTS'];

export interface ScenarioSettings {
  profile: Profile;
  timing: Timing;
  /** Folder holding every scenario dir of this run (removed by the CLI at the end). */
  tmpRoot?: string;
  /** Prefix of every tag of this run: "pc-<run id>-". */
  runTag: string;
}

let sequence = 0;

/** How a program is started: its stdout held unread for a while, or another working directory (default: the scenario's). */
export interface StartOptions {
  stdoutHeldMs?: number;
  cwd?: string;
}

export class Scenario {
  readonly programs: RunningProgram[] = [];
  readonly figures: string[] = [];
  /**
   * How long the scenario must take however fast the implementation is: the configured
   * durations that have to pass (timeouts, grace periods, run times), in ms from the start.
   */
  inherentWaitMs = 0;
  /** Every process of the scenario starts after this (the sweep passes over older ones). */
  private readonly since = aMomentAgo();

  private constructor(
    readonly settings: ScenarioSettings,
    readonly dir: string,
    readonly tag: string,
    readonly probes: ProbeListener,
  ) {}

  static async create(settings: ScenarioSettings): Promise<Scenario> {
    const root = settings.tmpRoot ?? tmpdir();
    mkdirSync(root, { recursive: true });
    const dir = mkdtempSync(join(root, 's-'));
    const tag = `${settings.runTag}${process.pid}.${++sequence}`;
    const probes = await ProbeListener.listen(join(dir, 'probe.sock'));
    return new Scenario(settings, dir, tag, probes);
  }

  get timing(): Timing {
    return this.settings.timing;
  }

  get profile(): Profile {
    return this.settings.profile;
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  private tmp(): string {
    const dir = this.path('tmp');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** The command line that runs the probe with `behaviour`. */
  probeCommand(behaviour: Behaviour): string[] {
    return probeCommand(behaviour);
  }

  /** The command line that runs the profile's program for `role`. */
  command(role: Role): string[] {
    const command = this.profile.roles[role]?.command;
    if (!command) throw new Error(`profile ${this.profile.name} has no ${role}`);
    return command;
  }

  /**
   * Starts the profile's program for `role` with the production environment `env`. A pod's
   * container gives its own name (its tag is the scenario's with the name appended) and, on the
   * namespaces runtime, the launcher that makes it PID 1 of its own namespaces.
   */
  start(role: Role, env: Record<string, string>, args: string[] = [], container?: string, launcher?: string[] | null, output: StartOptions = {}): RunningProgram {
    return this.startCommand(container ?? `${role}-${this.programs.length + 1}`, [...this.command(role), ...args], env, container, launcher, output);
  }

  /** Starts any command (a pod container's own, not the profile's), as `start` does. */
  startCommand(name: string, command: string[], env: Record<string, string>, container?: string, launcher?: string[] | null, output: StartOptions = {}): RunningProgram {
    const tag = container ? this.containerTag(container) : this.tag;
    // undefined removes a variable inherited from the harness's own environment
    const inherited = Object.fromEntries(PRODUCTION_VARIABLES.map((v) => [v, undefined])) as unknown as Record<string, string>;
    const program = startProgram(name, {
      command,
      cwd: output.cwd ?? this.dir,
      // A TMPDIR of the scenario's own: whatever a program leaves there goes with the scenario.
      env: { ...inherited, TMPDIR: this.tmp(), ...env, [TAG_VARIABLE]: tag },
      stdoutFile: this.path(`${name}.stdout`),
      stderrFile: this.path(`${name}.stderr`),
      launcher: launcher ?? undefined,
      held: launcher?.includes('--hold'),
      stdoutHeldMs: output.stdoutHeldMs,
    });
    this.programs.push(program);
    return program;
  }

  containerTag(container: string): string {
    return `${this.tag}/${container}`;
  }

  /** Whether a process's tag makes it one of this scenario's (a container's included). */
  owns(tag: string): boolean {
    return tag === this.tag || tag.startsWith(`${this.tag}/`);
  }

  signal(program: RunningProgram, signal: SignalName): bigint {
    return sendSignal(program.pid, signal);
  }

  /** Records a measured figure (shown in reports, read by the matrix). */
  figure(text: string): void {
    this.figures.push(text);
  }

  /** Notes that the scenario cannot end before `ms` after its start. */
  needsWait(ms: number): void {
    this.inherentWaitMs = Math.max(this.inherentWaitMs, ms);
  }

  /**
   * Kills every process of the scenario: each program's process group, then anything carrying
   * the scenario's tag that escaped its group. Returns what was still alive (for the report).
   */
  async cleanup(): Promise<FoundProcess[]> {
    for (const program of this.programs) if (!program.exit) killGroup(program.pgid);
    const leftovers = await sweep((tag) => this.owns(tag), { startedAfterNs: this.since });
    await this.probes.close();
    rmSync(this.dir, { recursive: true, force: true });
    return leftovers;
  }
}
