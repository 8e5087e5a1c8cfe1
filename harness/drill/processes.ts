// The trace turned into the processes a job author cares about: entrypoint-wrapper (in a step
// pod), entrypoint, the step itself and every process below it, each with what it ran, the
// signals it received and from whom, and how it ended. Threads count as their process; the
// programs' own helpers (anything not below the step) are left out.
import type { TraceRecord } from './strace-parse.js';
import type { ObservedProcess, ProcessRole } from './result.js';

/** Signals that say nothing about an interruption: child status and Go's scheduler preemption. */
const NOISE = new Set(['SIGCHLD', 'SIGURG']);

export interface Roles {
  /** The container's first process (host pid) and what it is. */
  root: { pid: number; role: 'entrypoint-wrapper' | 'entrypoint' };
  /** Whether a program's argv is entrypoint's (in a step pod, the wrapper's child). */
  isEntrypoint: (argv: string[]) => boolean;
  /** Whether a program's argv is the step's test command. */
  isStep: (argv: string[]) => boolean;
  /** When the test container's program started, in the trace's clock (epoch ms). */
  originEpochMs: number;
}

interface Raw {
  pid: number;
  parent: number | null;
  startMs: number | null;
  programs: { atMs: number; argv: string[] }[];
  signals: { atMs: number; signal: string; sender: number | null }[];
  sent: { atMs: number; signal: string; target: number }[];
  end: { atMs: number; code: number | null; signal: string | null } | null;
}

export function observedProcesses(records: TraceRecord[], roles: Roles): ObservedProcess[] {
  const threads = new Map<number, number>();
  const raw = new Map<number, Raw>();
  const get = (pid: number): Raw => {
    let p = raw.get(pid);
    if (!p) raw.set(pid, (p = { pid, parent: null, startMs: null, programs: [], signals: [], sent: [], end: null }));
    return p;
  };
  // Spawns first: a child's own lines may come before its parent's clone returns.
  for (const r of records) {
    if (r.type !== 'spawn') continue;
    const owner = threads.get(r.pid) ?? r.pid;
    if (r.thread) threads.set(r.child, owner);
    else Object.assign(get(r.child), { parent: owner, startMs: r.atMs - roles.originEpochMs });
  }
  const ms = (at: number) => at - roles.originEpochMs;
  for (const r of records) {
    const owner = threads.get(r.pid) ?? r.pid;
    if (r.type === 'exec') get(owner).programs.push({ atMs: ms(r.atMs), argv: r.argv });
    else if (r.type === 'signal' && !NOISE.has(r.signal)) get(owner).signals.push({ atMs: ms(r.atMs), signal: r.signal, sender: r.sender === null ? null : (threads.get(r.sender) ?? r.sender) });
    else if (r.type === 'kill' && !NOISE.has(r.signal)) get(owner).sent.push({ atMs: ms(r.atMs), signal: r.signal, target: threads.get(r.target) ?? r.target });
    // A thread's end is not its process's (all threads report the exit_group).
    else if (r.type === 'exit' && !threads.has(r.pid)) get(r.pid).end = { atMs: ms(r.atMs), code: r.code, signal: r.signal };
  }
  const root = get(roles.root.pid);
  root.startMs ??= root.programs[0]?.atMs ?? 0;
  const children = (pid: number) => [...raw.values()].filter((p) => p.parent === pid);
  const ran = (p: Raw, test: (argv: string[]) => boolean) => p.programs.some((x) => test(x.argv));
  const descendants = (pid: number): Raw[] => children(pid).flatMap((c) => [c, ...descendants(c.pid)]);

  const entrypoint = roles.root.role === 'entrypoint' ? root : children(root.pid).find((c) => ran(c, roles.isEntrypoint));
  const step = entrypoint ? descendants(entrypoint.pid).find((p) => ran(p, roles.isStep)) : undefined;
  const kept: [Raw, ProcessRole][] = [[root, roles.root.role]];
  if (entrypoint && entrypoint !== root) kept.push([entrypoint, 'entrypoint']);
  if (step) kept.push([step, 'step'], ...descendants(step.pid).map((p): [Raw, ProcessRole] => [p, 'child']));

  const ids = new Map<number, string>(kept.map(([p, role]) => [p.pid, role === 'child' ? `p${p.pid}` : role]));
  const idOf = (pid: number | null): string | null => (pid === null ? null : pid === 0 ? 'kubelet' : (ids.get(pid) ?? null));
  return kept.map(([p, role]) => {
    const label = labelOf(p, role);
    return {
      id: ids.get(p.pid)!,
      role,
      pid: p.pid,
      parent: idOf(p.parent),
      label,
      programs: p.programs.map((x) => x.argv),
      startMs: p.startMs ?? p.programs[0]?.atMs ?? 0,
      signals: p.signals.map((s) => ({ atMs: s.atMs, signal: s.signal, from: idOf(s.sender) })),
      sent: p.sent.map((s) => ({ atMs: s.atMs, signal: s.signal, to: idOf(s.target) ?? `pid ${s.target}` })),
      end: p.end,
    };
  });
}

/** A subshell (a fork that ran no program) is indented under its parent in the picture. */
function labelOf(p: Raw, role: ProcessRole): string {
  if (role === 'entrypoint-wrapper' || role === 'entrypoint') return role;
  const first = p.programs[0]?.argv;
  if (role === 'step') {
    const shell = first && /(^|\/)(ba|da|z)?sh$/.test(first[0]) && first[1] === '-c';
    const then = p.programs.length > 1 ? `, then exec ${short(p.programs.at(-1)!.argv)}` : '';
    return `the step (${shell ? `${first[0].split('/').pop()} -c` : short(first ?? ['?'])}${then})`;
  }
  if (!first) return 'subshell';
  return short(p.programs.at(-1)!.argv);
}

function short(argv: string[]): string {
  const text = [argv[0].split('/').pop(), ...argv.slice(1)].join(' ').replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A process dying this close to its container's first process died with the namespace. */
const WITH_CONTAINER_MS = 250;

/**
 * Who sent each fatal SIGKILL, which no tracer sees arrive: a traced kill() to the process, else
 * the kubelet (at the end of the termination grace period), else the kernel (a process still
 * running when its container's first process ends dies with the namespace).
 */
export function attributeKills(processes: ObservedProcess[], kubeletKilledAtMs: number | null): void {
  const root = processes[0];
  for (const p of processes) {
    if (p.end?.signal !== 'SIGKILL') continue;
    const end = p.end;
    const sender = processes.find((q) => q.sent.some((s) => s.signal === 'SIGKILL' && s.to === p.id && s.atMs <= end.atMs));
    if (sender) end.killedBy = sender.id;
    else if (kubeletKilledAtMs !== null && end.atMs >= kubeletKilledAtMs) end.killedBy = 'kubelet';
    else if (p !== root && root.end && Math.abs(end.atMs - root.end.atMs) <= WITH_CONTAINER_MS) end.killedBy = 'kernel';
    else end.killedBy = null;
  }
}
