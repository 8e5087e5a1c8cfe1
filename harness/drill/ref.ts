// A step-registry ref (`<name>-ref.yaml` beside `<name>-commands.sh`): the few fields a drill
// needs (commands, timeout, grace_period, env defaults), every other field of ci-operator's
// step known by name so that a misspelt one is reported rather than silently ignored.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';
import { parseDuration } from './duration.js';

/** The fields of ci-operator's LiteralTestStep (and the registry's documentation). */
const KNOWN_FIELDS = new Set([
  'as', 'from', 'from_image', 'commands', 'resources', 'timeout', 'grace_period', 'credentials', 'env', 'dependencies',
  'dnsConfig', 'leases', 'optional_on_success', 'best_effort', 'cli', 'observers', 'run_as_script', 'documentation',
]);

export interface StepRef {
  /** The ref's `as`. */
  name: string;
  commandsFile: string;
  commands: string;
  timeoutMs?: number;
  gracePeriodMs?: number;
  /** The env parameters with their defaults (null: no default, the drill must be given one). */
  parameters: { name: string; default: string | null }[];
}

export function isRefFile(path: string): boolean {
  return /\.ya?ml$/.test(path);
}

export function readRef(file: string): StepRef {
  const where = basename(file);
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${where}: not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(document) || !isObject(document.ref)) throw new UsageError(`${where}: a step-registry ref starts with "ref:"`);
  const extra = Object.keys(document).filter((k) => k !== 'ref');
  if (extra.length) throw new UsageError(`${where}: unknown top-level field "${extra[0]}" (a ref file holds only "ref")`);
  const ref = document.ref;
  const unknown = Object.keys(ref).find((k) => !KNOWN_FIELDS.has(k));
  if (unknown) throw new UsageError(`${where}: unknown ref field "${unknown}"`);
  const name = typeof ref.as === 'string' && ref.as ? ref.as : basename(file).replace(/-ref\.ya?ml$|\.ya?ml$/, '');
  const commandsName = ref.commands === undefined ? `${name}-commands.sh` : ref.commands;
  if (typeof commandsName !== 'string' || commandsName === '') throw new UsageError(`${where}: "commands" must name the commands file`);
  const commandsFile = join(dirname(file), commandsName);
  if (!existsSync(commandsFile)) throw new UsageError(`${where}: its commands file ${commandsName} is not beside it`);
  return {
    name,
    commandsFile,
    commands: readFileSync(commandsFile, 'utf8'),
    timeoutMs: duration(ref.timeout, 'timeout', where),
    gracePeriodMs: duration(ref.grace_period, 'grace_period', where),
    parameters: parameters(ref.env, where),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function duration(value: unknown, field: string, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return parseDuration(String(value));
  } catch (error) {
    throw new UsageError(`${where}: ${field}: ${(error as Error).message}`);
  }
}

function parameters(value: unknown, where: string): StepRef['parameters'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new UsageError(`${where}: env must be a list of parameters`);
  return value.map((p, i) => {
    if (!isObject(p) || typeof p.name !== 'string') throw new UsageError(`${where}: env[${i}] has no name`);
    const unknown = Object.keys(p).find((k) => !['name', 'default', 'documentation'].includes(k));
    if (unknown) throw new UsageError(`${where}: env[${i}] (${p.name}): unknown field "${unknown}"`);
    return { name: p.name, default: p.default === undefined || p.default === null ? null : String(p.default) };
  });
}
