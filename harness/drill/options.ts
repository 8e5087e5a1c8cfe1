// `podutils-conformance drill` input: what to run (a step's commands file, a step-registry ref,
// or a Prow job container's command line), in which pod, and how it is interrupted. Everything
// a user can get wrong is found here, before any process starts, as one UsageError line.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { defaultTerminationGraceMs } from '../pod/kinds.js';
import { Timing } from '../timing.js';
import { parseDuration } from './duration.js';
import { isRefFile, readRef } from './ref.js';

/** entrypoint's defaults when neither the ref nor the command line gives one. */
export const DEFAULT_TIMEOUT_MS = 2 * 3_600_000;
export const DEFAULT_GRACE_MS = 15_000;
/** Without --delete-after or --timeout the drill aborts the job this soon after the step starts. */
export const DEFAULT_DELETE_AFTER_MS = 1000;

export type DrillKind = 'step' | 'prow';

export interface DrillStep {
  /** A short name for reports (the ref's `as`, the script's file name, the command's name). */
  name: string;
  /** What the user gave: the file or the command line. */
  source: string;
  /** The test's command line, as entrypoint runs it. */
  test: string[];
  /** The step's commands, when it is a script (shown in the report). */
  script: string | null;
}

export interface DrillOptions {
  kind: DrillKind;
  profile: string;
  step: DrillStep;
  /** Pod deletion this long after the step started (an abort), or null. */
  deleteAfterMs: number | null;
  timeoutMs: number;
  gracePeriodMs: number;
  terminationGraceMs: number;
  env: Record<string, string>;
  sharedDir: string | null;
  strict: boolean;
  outDir: string;
  timeScale: number;
}

export const DRILL_USAGE = `usage: podutils-conformance drill [options] STEP
  STEP                 a step's commands (a shell script), a step-registry ref (*-ref.yaml beside its
                       *-commands.sh), or with --kind prow a job container's command line (after --)
  --kind K             step (default: a ci-operator step pod) or prow (a Prow job pod)
  --profile P          the implementation (default: reference)
  --delete-after D     delete the pod D after the step started, as an abort does (default 1s unless --timeout)
  --timeout D          entrypoint's timeout (default: the ref's, else 2h)
  --grace D            entrypoint's grace period (default: the ref's, else 15s)
  --termination-grace D  the pod's termination grace period (default: 125% of the grace period)
  --env NAME=VALUE     a variable for the step (repeatable)
  --shared-dir DIR     files the step finds in SHARED_DIR
  --out DIR            where report.txt, report.html and report.json go (default reports/drill/<name>)
  --strict             exit 1 when the drill finds a problem
  --time-scale F       multiplies the harness's waiting slack on a slow machine (default 1)`;

const FLAGS = {
  kind: { type: 'string', default: 'step' },
  profile: { type: 'string', default: 'reference' },
  'delete-after': { type: 'string' },
  timeout: { type: 'string' },
  grace: { type: 'string' },
  'termination-grace': { type: 'string' },
  env: { type: 'string', multiple: true },
  'shared-dir': { type: 'string' },
  out: { type: 'string' },
  strict: { type: 'boolean' },
  'time-scale': { type: 'string', default: '1' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options, or null when only --help was asked for. */
export function parseDrillArgs(args: string[], cwd = process.cwd()): DrillOptions | null {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  const kind = values.kind;
  if (kind !== 'step' && kind !== 'prow') throw new UsageError(`--kind must be step or prow, got "${kind}"`);
  if (positionals.length === 0) throw new UsageError('drill needs a STEP: a commands file, a *-ref.yaml, or (--kind prow) a command line');
  const given = (flag: 'delete-after' | 'timeout' | 'grace' | 'termination-grace'): number | undefined => {
    const text = values[flag];
    if (text === undefined) return undefined;
    try {
      return parseDuration(text);
    } catch (error) {
      throw new UsageError(`--${flag}: ${(error as Error).message}`);
    }
  };
  const env = Object.fromEntries((values.env ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--env needs NAME=VALUE, got "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
  const resolved = kind === 'prow' ? prowStep(positionals, cwd) : stepStep(positionals, cwd, env);
  const gracePeriodMs = given('grace') ?? resolved.gracePeriodMs ?? DEFAULT_GRACE_MS;
  const timeoutMs = given('timeout') ?? resolved.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deleteAfter = given('delete-after');
  const sharedDir = values['shared-dir'] === undefined ? null : resolve(cwd, values['shared-dir']);
  if (sharedDir !== null && !(existsSync(sharedDir) && statSync(sharedDir).isDirectory())) throw new UsageError(`--shared-dir: no directory ${sharedDir}`);
  const timeScale = Number(values['time-scale']);
  try {
    new Timing(timeScale);
  } catch (error) {
    throw new UsageError(`--time-scale: ${(error as Error).message}`);
  }
  return {
    kind,
    profile: values.profile,
    step: resolved.step,
    deleteAfterMs: deleteAfter ?? (values.timeout === undefined ? DEFAULT_DELETE_AFTER_MS : null),
    timeoutMs,
    gracePeriodMs,
    terminationGraceMs: given('termination-grace') ?? defaultTerminationGraceMs(gracePeriodMs),
    env: { ...resolved.env, ...env },
    sharedDir,
    strict: Boolean(values.strict),
    outDir: resolve(cwd, values.out ?? join('reports', 'drill', resolved.step.name)),
    timeScale,
  };
}

interface Resolved {
  step: DrillStep;
  timeoutMs?: number;
  gracePeriodMs?: number;
  env: Record<string, string>;
}

/** A ci-operator step: its commands run by `bash -c`, as ci-operator runs them. */
function stepStep(positionals: string[], cwd: string, env: Record<string, string>): Resolved {
  if (positionals.length > 1) throw new UsageError(`a step is one file; unexpected "${positionals[1]}" (a command line goes with --kind prow)`);
  const file = resolve(cwd, positionals[0]);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such step file: ${positionals[0]}`);
  if (isRefFile(file)) {
    const ref = readRef(file);
    const defaults: Record<string, string> = {};
    for (const p of ref.parameters) {
      if (p.default !== null) defaults[p.name] = p.default;
      else if (!(p.name in env)) throw new UsageError(`${basename(file)}: parameter ${p.name} has no default: give it with --env ${p.name}=VALUE`);
    }
    return {
      step: { name: ref.name, source: positionals[0], test: ['/bin/bash', '-c', ref.commands], script: ref.commands },
      timeoutMs: ref.timeoutMs,
      gracePeriodMs: ref.gracePeriodMs,
      env: defaults,
    };
  }
  const script = readFileSync(file, 'utf8');
  return { step: { name: basename(file).replace(/(-commands)?\.sh$/, ''), source: positionals[0], test: ['/bin/bash', '-c', script], script }, env: {} };
}

/** A Prow job's test container: entrypoint runs the command line as given. */
function prowStep(positionals: string[], cwd: string): Resolved {
  const [program, ...args] = positionals;
  const path = program.includes('/') ? resolve(cwd, program) : onPath(program);
  if (!path || !existsSync(path)) throw new UsageError(`no such program: ${program}`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new UsageError(`not executable: ${program}`);
  }
  const script = program.endsWith('.sh') ? readFileSync(path, 'utf8') : null;
  return { step: { name: basename(program).replace(/\.sh$/, ''), source: positionals.join(' '), test: [path, ...args], script }, env: {} };
}

function onPath(program: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, program);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
