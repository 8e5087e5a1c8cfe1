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
  namespace: string;
  /** the Secret's name, from JOB_NAME_SAFE */
  name: string;
  waitForFile: string;
  /** nanoseconds; 0 when --wait-timeout is not given (then the wait gives up at once) */
  waitTimeoutNs: bigint;
}

/** What Go's flag package prints for -h and after a flag error (the FlagSet has no name). */
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

/** A flag error: Go prints `message`, then USAGE, and exits 2 (0 for -h/-help, where message is ''). */
export class FlagError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const BOOLS: Record<string, boolean> = { '1': true, t: true, T: true, TRUE: true, true: true, True: true, '0': false, f: false, F: false, FALSE: false, false: false, False: false };

/** Go's flag.FlagSet.Parse: "-x" or "--x", "-x=v", "-x v"; stops at "--" or the first non-flag. */
export function parseFlags(argv: string[]): Flags {
  const flags: Flags = { dryRun: false, waitForFile: '', waitTimeout: '', mode: 'manage-kubeconfig', cmd: [] };
  let i = 0;
  while (i < argv.length) {
    const s = argv[i];
    if (s.length < 2 || s[0] !== '-') break;
    const minuses = s[1] === '-' ? 2 : 1;
    if (s === '--') {
      i++;
      break;
    }
    i++;
    let name = s.slice(minuses);
    if (name === '' || name[0] === '-' || name[0] === '=') throw new FlagError(`bad flag syntax: ${s}`, 2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) [name, value] = [name.slice(0, eq), name.slice(eq + 1)];
    if (name === 'dry-run') {
      if (value === undefined) flags.dryRun = true;
      else if (value in BOOLS) flags.dryRun = BOOLS[value];
      else throw new FlagError(`invalid boolean value ${goQuote(value)} for -${name}: parse error`, 2);
      continue;
    }
    if (name !== 'mode' && name !== 'wait-for-file' && name !== 'wait-timeout') {
      if (name === 'h' || name === 'help') throw new FlagError('', 0);
      throw new FlagError(`flag provided but not defined: -${name}`, 2);
    }
    if (value === undefined) {
      if (i >= argv.length) throw new FlagError(`flag needs an argument: -${name}`, 2);
      value = argv[i++];
    }
    if (name === 'mode') flags.mode = value;
    else if (name === 'wait-for-file') flags.waitForFile = value;
    else flags.waitTimeout = value;
  }
  flags.cmd = argv.slice(i);
  return flags;
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5
  'μs': 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX = 1n << 63n;

/** Go's time.ParseDuration ("1.5s", "1h30m", "-2ms", "0"), in nanoseconds; throws Go's error text. */
export function parseGoDuration(orig: string): bigint {
  const invalid = () => new Error(`time: invalid duration ${goQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole, intDigits, fracDigits] = m;
    if (intDigits === '' && (fracDigits === undefined || fracDigits === '')) throw invalid();
    s = s.slice(whole.length);
    const unitEnd = s.search(/[.\d]/);
    const unit = unitEnd < 0 ? s : s.slice(0, unitEnd);
    if (unit === '') throw new Error(`time: missing unit in duration ${goQuote(orig)}`);
    s = s.slice(unit.length);
    const scale = UNITS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}`);
    const v = intDigits === '' ? 0n : BigInt(intDigits);
    if (v > MAX / scale) throw invalid();
    let n = v * scale;
    if (fracDigits) {
      // like Go: the digits as an integer over a power of ten (digits that would overflow are
      // dropped), scaled in float64 and truncated
      let f = 0n;
      let div = 1;
      for (const c of fracDigits) {
        if (f > (MAX - 1n) / 10n) break;
        f = f * 10n + BigInt(c);
        div *= 10;
      }
      n += BigInt(Math.trunc(Number(f) * (Number(scale) / div)));
      if (n > MAX) throw invalid();
    }
    total += n;
    if (total > MAX) throw invalid();
  }
  if (neg) return -total;
  if (total > MAX - 1n) throw invalid();
  return total;
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
  let waitTimeoutNs = 0n;
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
    namespace: env.NAMESPACE!,
    name: env.JOB_NAME_SAFE!,
    waitForFile: flags.waitForFile,
    waitTimeoutNs,
  };
}
