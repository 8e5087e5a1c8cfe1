// entrypoint-wrapper's command line: Go flag-package flags, then the command to run. Then the
// checks of upstream's options.complete(), in its order: a command, the wait flags, the
// environment (SHARED_DIR, NAMESPACE, JOB_NAME_SAFE), the mode, and last whether a Secret can
// be stored in a cluster (which this implementation never can: only --dry-run prints it).

import path from 'node:path';
import { goQuote } from './golog.js';

export type Mode = 'manage-kubeconfig' | 'skip-kubeconfig' | 'observer';
const MODES: readonly string[] = ['manage-kubeconfig', 'skip-kubeconfig', 'observer'];

export interface Flags {
  dryRun: boolean;
  waitForFile: string;
  waitTimeout: string;
  mode: string;
  cmd: string[];
}

export interface WrapperOptions {
  dryRun: boolean;
  cmd: string[];
  mode: Mode;
  /** the SHARED_DIR we were given */
  srcDir: string;
  /** the private copy the child gets as SHARED_DIR: $TMPDIR/secret */
  dstDir: string;
  /** the Secret's name, from JOB_NAME_SAFE */
  name: string;
  waitForFile: string;
  /** nanoseconds; 0 when --wait-timeout is not given (then the wait gives up at once) */
  waitTimeoutNs: number;
}

/** What Go's flag package prints after a flag error (the FlagSet has no name). */
export const USAGE = `Usage:
  -dry-run
    \tPrint the secret instead of creating it
  -mode string
    \tSet how kubeconfig should be managed. Allowed values are: manage-kubeconfig, skip-kubeconfig or observer (default "manage-kubeconfig")
  -wait-for-file string
    \tWait for a file to appear at this path before starting the program
  -wait-timeout string
    \tUsed with --wait-for-file, maximum wait time before starting the program
`;

/** A flag error: Go prints the message, then USAGE, and exits 2. */
export class FlagError extends Error {}

const STRING_FLAGS = { mode: 'mode', 'wait-for-file': 'waitForFile', 'wait-timeout': 'waitTimeout' } as const;

/** Go's flag parsing: "-x" or "--x", "-x=v" or "-x v"; stops at "--" or the first non-flag. */
export function parseFlags(argv: string[]): Flags {
  const flags: Flags = { dryRun: false, waitForFile: '', waitTimeout: '', mode: 'manage-kubeconfig', cmd: [] };
  let i = 0;
  for (; i < argv.length && argv[i].length > 1 && argv[i][0] === '-'; i++) {
    if (argv[i] === '--') {
      i++;
      break;
    }
    const [name, value] = argv[i].replace(/^--?/, '').split(/=(.*)/s);
    if (name === 'dry-run') {
      // Go's flag package takes any strconv.ParseBool value
      if (value !== undefined && !/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(value)) throw new FlagError(`invalid boolean value ${goQuote(value)} for -dry-run: parse error`);
      flags.dryRun = value === undefined || /^(1|t|T|TRUE|true|True)$/.test(value);
    } else if (name in STRING_FLAGS) {
      if (value === undefined && i + 1 >= argv.length) throw new FlagError(`flag needs an argument: -${name}`);
      flags[STRING_FLAGS[name as keyof typeof STRING_FLAGS]] = value ?? argv[++i];
    } else {
      throw new FlagError(`flag provided but not defined: -${name}`);
    }
  }
  flags.cmd = argv.slice(i);
  return flags;
}

const UNIT_NS: Record<string, bigint> = { ns: 1n, us: 1_000n, '\u00b5s': 1_000n, '\u03bcs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
const LIMIT = 1n << 63n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Go's leadingFraction: the fraction's first digits while they fit in 63 bits (18 or 19), and 10 to their count. */
function leadingFraction(digits: string): { x: bigint; scale: number } {
  let x = 0n;
  let scale = 1;
  for (const c of digits) {
    const y = x * 10n + BigInt(c);
    // (Go stops at the first digit that would overflow, and skips the rest)
    if (x > (LIMIT - 1n) / 10n || y > LIMIT) break;
    x = y;
    scale *= 10;
  }
  return { x, scale };
}

/**
 * Go's time.ParseDuration ("1.5s", "1h30m", "-2ms", "0"), in nanoseconds, scanned as Go scans
 * it, so that each mistake gets Go's own error text (missing unit, unknown unit, overflow).
 */
export function parseGoDuration(text: string): number {
  const invalid = (): Error => new Error(`time: invalid duration ${goQuote(text)}`);
  let rest = text;
  const negative = rest.startsWith('-');
  if (negative || rest.startsWith('+')) rest = rest.slice(1);
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let total = 0n;
  while (rest !== '') {
    if (rest[0] !== '.' && !isDigit(rest[0])) throw invalid();
    const whole = /^\d*/.exec(rest)![0];
    rest = rest.slice(whole.length);
    let fraction = '';
    if (rest.startsWith('.')) {
      fraction = /^\d*/.exec(rest.slice(1))![0];
      rest = rest.slice(1 + fraction.length);
    }
    if (whole === '' && fraction === '') throw invalid(); // "." alone
    const unitLength = [...rest].findIndex((c) => c === '.' || isDigit(c));
    const unit = unitLength === -1 ? rest : [...rest].slice(0, unitLength).join('');
    if (unit === '') throw new Error(`time: missing unit in duration ${goQuote(text)}`);
    rest = rest.slice(unit.length);
    const scale = UNIT_NS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`);
    const count = BigInt(whole || '0');
    if (count > LIMIT / scale) throw invalid();
    let value = count * scale;
    // Go adds the fraction in floating point, from the digits that fit in 63 bits.
    const leading = leadingFraction(fraction);
    value += BigInt(Math.trunc(Number(leading.x) * (Number(scale) / leading.scale)));
    total += value;
    if (value > LIMIT || total > LIMIT) throw invalid();
  }
  if (!negative && total > LIMIT - 1n) throw invalid();
  return Number(negative ? -total : total);
}

/** Go's os.TempDir(): $TMPDIR, or /tmp when it is empty. */
export function goTempDir(env: NodeJS.ProcessEnv): string {
  return env.TMPDIR || '/tmp';
}

/**
 * upstream's options.complete(): returns the options, or the message for "error: ..." (exit 1).
 * The in-cluster check comes last and before anything runs, as upstream loads its client there.
 */
export function completeOptions(flags: Flags, env: NodeJS.ProcessEnv): WrapperOptions | string {
  if (flags.cmd.length === 0) return 'a command is required';
  let waitTimeoutNs = 0;
  if (flags.waitTimeout !== '') {
    if (flags.waitForFile === '') return '--wait-timeout requires --wait-for-file';
    try {
      waitTimeoutNs = parseGoDuration(flags.waitTimeout);
    } catch (err) {
      return `invalid wait timeout duration ${goQuote(flags.waitTimeout)}: ${(err as Error).message}`;
    }
  }
  for (const variable of ['SHARED_DIR', 'NAMESPACE', 'JOB_NAME_SAFE']) {
    if (!env[variable]) return `environment variable ${variable} is empty`;
  }
  if (!MODES.includes(flags.mode)) return `unrecognized mode: ${flags.mode}`;
  if (!flags.dryRun && flags.mode !== 'skip-kubeconfig') {
    return 'failed to load cluster config: storing the Secret in a cluster is not supported by this implementation (use --dry-run, or --mode skip-kubeconfig)';
  }
  return {
    dryRun: flags.dryRun,
    cmd: flags.cmd,
    mode: flags.mode as Mode,
    srcDir: env.SHARED_DIR!,
    dstDir: path.join(goTempDir(env), 'secret'),
    name: env.JOB_NAME_SAFE!,
    waitForFile: flags.waitForFile,
    waitTimeoutNs,
  };
}
