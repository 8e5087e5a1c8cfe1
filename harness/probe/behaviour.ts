// The probe's behaviour, and its encoding as command-line arguments. This is the only place that
// knows the probe's flags: the harness builds a Behaviour, the probe parses it back.
import type { ProbeSignal, SignalReaction } from './protocol.js';
import { PROBE_SIGNALS } from './protocol.js';

export interface Behaviour {
  socket: string;
  /** Names the probe in its events (e.g. "test", "grandchild"). */
  role: string;
  /** A marker that the harness's leftover sweep looks for in /proc/<pid>/cmdline. */
  tag: string;
  /** Exit code when the probe ends on its own. */
  exitCode: number;
  /** How long it runs before ending on its own; null = forever. */
  runMs: number | null;
  /** Instead of exiting, end by raising this signal with its default disposition. */
  dieBy: ProbeSignal | null;
  reactions: Partial<Record<ProbeSignal, SignalReaction>>;
  stdoutBytes: number;
  stderrBytes: number;
  /** Directories whose existence the probe reports when it starts. */
  checkDirs: string[];
  /** Files to write (path -> size in bytes) as soon as the probe starts; a path may start with $VAR/. */
  files: Record<string, number>;
  /** Symbolic links to make (path -> target) as soon as the probe starts; a path may start with $VAR/. */
  links: Record<string, string>;
  /** Environment variables whose values the probe reports when it starts. */
  reportEnv: string[];
  /** A second probe started as a child of this one, sharing its stdout and stderr unless quiet. */
  grandchild: { runMs: number | null; ignoreSignals: boolean; quiet?: boolean } | null;
}

export function defaultBehaviour(socket: string, tag: string): Behaviour {
  return {
    socket, role: 'test', tag, exitCode: 0, runMs: 0, dieBy: null, reactions: {},
    stdoutBytes: 0, stderrBytes: 0, checkDirs: [], files: {}, links: {}, reportEnv: [], grandchild: null,
  };
}

export function encodeBehaviour(b: Behaviour): string[] {
  const args = ['--socket', b.socket, '--role', b.role, '--tag', b.tag, '--exit', String(b.exitCode)];
  args.push('--run', b.runMs === null ? 'forever' : String(b.runMs));
  if (b.dieBy) args.push('--die-by', b.dieBy);
  for (const [signal, reaction] of Object.entries(b.reactions)) {
    args.push('--on', `${signal}=${encodeReaction(reaction as SignalReaction)}`);
  }
  if (b.stdoutBytes) args.push('--stdout-bytes', String(b.stdoutBytes));
  if (b.stderrBytes) args.push('--stderr-bytes', String(b.stderrBytes));
  for (const dir of b.checkDirs) args.push('--check-dir', dir);
  for (const [path, size] of Object.entries(b.files)) args.push('--write-file', `${size}:${path}`);
  for (const [path, target] of Object.entries(b.links)) args.push('--link', `${path}=${target}`);
  for (const name of b.reportEnv) args.push('--report-env', name);
  if (b.grandchild) {
    args.push('--grandchild', `${b.grandchild.runMs === null ? 'forever' : b.grandchild.runMs}:${b.grandchild.ignoreSignals ? 'ignore' : 'die'}${b.grandchild.quiet ? ':quiet' : ''}`);
  }
  return args;
}

function encodeReaction(r: SignalReaction): string {
  return r.kind === 'exit' ? `exit:${r.code}:${r.afterMs}` : r.kind;
}

export function decodeBehaviour(argv: string[]): Behaviour {
  const b = defaultBehaviour('', '');
  const take = (i: number): string => {
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${argv[i]} needs a value`);
    return value;
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = take(i);
    switch (flag) {
      case '--socket': b.socket = value; break;
      case '--role': b.role = value; break;
      case '--tag': b.tag = value; break;
      case '--exit': b.exitCode = toInt(value, flag); break;
      case '--run': b.runMs = value === 'forever' ? null : toInt(value, flag); break;
      case '--die-by': b.dieBy = toSignal(value); break;
      case '--on': {
        const [signal, reaction] = value.split('=');
        b.reactions[toSignal(signal)] = decodeReaction(reaction ?? '');
        break;
      }
      case '--stdout-bytes': b.stdoutBytes = toInt(value, flag); break;
      case '--stderr-bytes': b.stderrBytes = toInt(value, flag); break;
      case '--check-dir': b.checkDirs.push(value); break;
      case '--write-file': {
        const colon = value.indexOf(':');
        b.files[value.slice(colon + 1)] = toInt(value.slice(0, colon), flag);
        break;
      }
      case '--link': {
        const equals = value.indexOf('=');
        b.links[value.slice(0, equals)] = value.slice(equals + 1);
        break;
      }
      case '--report-env': b.reportEnv.push(value); break;
      case '--grandchild': {
        const [run, mode, output] = value.split(':');
        b.grandchild = { runMs: run === 'forever' ? null : toInt(run, flag), ignoreSignals: mode === 'ignore', ...(output === 'quiet' ? { quiet: true } : {}) };
        break;
      }
      default: throw new Error(`unknown probe flag ${flag}`);
    }
  }
  if (!b.socket) throw new Error('--socket is required');
  return b;
}

function decodeReaction(text: string): SignalReaction {
  if (text === 'ignore' || text === 'die') return { kind: text };
  const match = /^exit:(-?\d+):(\d+)$/.exec(text);
  if (!match) throw new Error(`bad signal reaction "${text}"`);
  return { kind: 'exit', code: Number(match[1]), afterMs: Number(match[2]) };
}

function toInt(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text)) throw new Error(`${flag} needs an integer, got "${text}"`);
  return Number(text);
}

function toSignal(text: string | undefined): ProbeSignal {
  if (!PROBE_SIGNALS.includes(text as ProbeSignal)) throw new Error(`unsupported signal "${text}"`);
  return text as ProbeSignal;
}
