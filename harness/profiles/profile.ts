// Implementation profiles: which program plays each role, what optional features it has, and
// which scenarios it is expected to fail. See the README's "Profiles" section.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { PROFILES_DIR } from '../paths.js';

export const ROLES = ['entrypoint', 'sidecar', 'entrypoint-wrapper'] as const;
export type Role = (typeof ROLES)[number];
export const CAPABILITIES = ['local-output', 's3'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface ExpectedFailure {
  /** "<feature file relative to features/>: <scenario name>" */
  scenario: string;
  reason: string;
  evidence?: string;
}

export interface Profile {
  name: string;
  /** The profile file, absolute. */
  file: string;
  roles: Partial<Record<Role, { command: string[] }>>;
  capabilities: Capability[];
  expectedFailures: ExpectedFailure[];
}

/** A bundled profile name ("reference") or a path to a profile JSON file. */
export function loadProfile(nameOrFile: string): Profile {
  const bundled = join(PROFILES_DIR, `${nameOrFile}.json`);
  const looksLikePath = nameOrFile.includes('/') || nameOrFile.endsWith('.json');
  const file = looksLikePath ? resolve(nameOrFile) : bundled;
  if (!existsSync(file)) {
    throw new UsageError(looksLikePath ? `profile file not found: ${file}` : `unknown profile "${nameOrFile}" (bundled: reference, upstream, upstream@<history version>; or give a path to a profile JSON file)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`profile ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parseProfile(raw, file);
  } catch (error) {
    // The bundled upstream profile points at binaries built on demand.
    if (file === join(PROFILES_DIR, 'upstream.json') && error instanceof UsageError && /not found/.test(error.message)) {
      throw new UsageError(`${error.message} (build the upstream programs first: npx podutils-conformance upstream build)`);
    }
    // So do the history versions (upstream/history.json).
    if (dirname(file) === PROFILES_DIR && basename(file).startsWith('upstream@') && error instanceof UsageError && /not found/.test(error.message)) {
      throw new UsageError(`${error.message} (build the history versions first: npx podutils-conformance upstream build --history)`);
    }
    throw error;
  }
}

export function parseProfile(raw: unknown, file: string): Profile {
  const where = `profile ${file}`;
  if (!isObject(raw)) throw new UsageError(`${where}: must be a JSON object`);
  if (typeof raw.name !== 'string' || raw.name === '') throw new UsageError(`${where}: "name" must be a non-empty string`);
  if (!isObject(raw.roles)) throw new UsageError(`${where}: "roles" must be an object`);
  const dir = dirname(file);
  const roles: Profile['roles'] = {};
  for (const [role, value] of Object.entries(raw.roles)) {
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`${where}: unknown role "${role}" (known: ${ROLES.join(', ')})`);
    if (!isObject(value) || !Array.isArray(value.command) || value.command.length === 0 || !value.command.every((c) => typeof c === 'string' && c !== '')) {
      throw new UsageError(`${where}: roles.${role}.command must be a non-empty array of strings`);
    }
    roles[role as Role] = { command: resolveCommand(value.command as string[], dir, `${where}: roles.${role}`) };
  }
  const capabilities = raw.capabilities ?? [];
  if (!Array.isArray(capabilities) || !capabilities.every((c) => (CAPABILITIES as readonly unknown[]).includes(c))) {
    throw new UsageError(`${where}: "capabilities" must be an array of ${CAPABILITIES.map((c) => `"${c}"`).join(', ')}`);
  }
  let expectedFailures: ExpectedFailure[] = [];
  if (raw.expectations !== undefined) {
    if (typeof raw.expectations !== 'string') throw new UsageError(`${where}: "expectations" must be a file path`);
    expectedFailures = loadExpectations(resolve(dir, raw.expectations));
  }
  return { name: raw.name, file, roles, capabilities: capabilities as Capability[], expectedFailures };
}

function loadExpectations(file: string): ExpectedFailure[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`expectations ${file}: ${(error as Error).message}`);
  }
  const list = isObject(raw) ? raw['expected-failures'] : undefined;
  if (!Array.isArray(list) || !list.every((e) => isObject(e) && typeof e.scenario === 'string' && typeof e.reason === 'string')) {
    throw new UsageError(`expectations ${file}: must be {"expected-failures": [{"scenario": "...", "reason": "..."}]}`);
  }
  return list as ExpectedFailure[];
}

/**
 * The executable (first element) resolves against the profile's folder when it is a path, or
 * through PATH when it is a bare name; later elements starting with ./ or ../ resolve against the
 * profile's folder too (e.g. ["python3", "./my_entrypoint.py"]).
 */
export function resolveCommand(command: string[], dir: string, where: string): string[] {
  const [first, ...rest] = command;
  const executable = first.includes('/') ? resolve(dir, first) : lookUpPath(first);
  if (!executable) throw new UsageError(`${where}: command "${first}" not found on PATH`);
  if (!existsSync(executable)) throw new UsageError(`${where}: command not found: ${executable}`);
  if (!statSync(executable).isFile()) throw new UsageError(`${where}: command is not a file: ${executable}`);
  try {
    accessSync(executable, constants.X_OK);
  } catch {
    throw new UsageError(`${where}: command is not executable: ${executable}`);
  }
  return [executable, ...rest.map((arg) => (arg.startsWith('./') || arg.startsWith('../') ? resolve(dir, arg) : arg))];
}

function lookUpPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
