// Historical builds of the upstream programs, for the history matrix (npm run history).
//
// upstream/history.json lists them: each entry is one module at one version (Prow's pod utilities
// from k8s.io/test-infra before April 2024, sigs.k8s.io/prow since; ci-tools' entrypoint-wrapper)
// and becomes one bundled profile, upstream@<name>, whose programs are built here into
// .cache/upstream/history/<name>/bin/. Every entry is built from our own small build module
// (upstream/history/<dir>/: go.mod, go.sum, a build-tagged tools.go) that requires the version and
// repeats the replace lines of that version's go.mod: the proxy refuses version lists for these
// modules and `go install pkg@version` refuses a module with replace lines. Nothing of upstream's
// source is committed.
//
// The binaries are kept and rebuilt with the same stamp mechanism as the current pins (build.ts):
// a binary is rebuilt only when what it is built from changes, or with --force.
//
// Run through the CLI: npx podutils-conformance upstream build --history [--force] [--only NAME]
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files/json.js';
import { ROOT } from '../paths.js';
import { digestOf, releaseVersionString, requiredVersions, stampText, type Target } from './build.js';
import { checkGo, ensureBuilt, PSEUDO_VERSION, removeStaleTmpDirs, runGo } from './go-build.js';

export const HISTORY_FILE = join(ROOT, 'upstream', 'history.json');
/** Profile name prefix of the history versions: upstream@<name>. */
export const HISTORY_PROFILE_PREFIX = 'upstream@';

export interface HistoryVersion {
  /** "prow-2021-01": the profile is upstream@<name>, the binaries .cache/upstream/history/<name>/bin/. */
  name: string;
  /** The commit date (YYYY-MM-DD), the matrix's column order. */
  date: string;
  module: string;
  version: string;
  /** Command packages relative to the module. */
  commands: string[];
  /** Where this version's `version.Name` lives (its logs' "component"). */
  versionPackage: string;
  /** Our build module, relative to the project root. */
  buildModule: string;
  /** One line: what this version is before (or a control). */
  why: string;
}

const NAME = /^[a-z0-9][a-z0-9.-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MODULE_PATH = /^[a-z0-9.-]+\.[a-z]+(?:\/[A-Za-z0-9._~-]+)+$/;
const COMMAND_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export function parseHistory(raw: unknown, file: string = HISTORY_FILE): HistoryVersion[] {
  const where = `upstream history ${file}`;
  const list = isObject(raw) ? raw.versions : undefined;
  if (!Array.isArray(list) || list.length === 0) throw new UsageError(`${where}: must be {"versions": [...]} with at least one entry`);
  const names = new Set<string>();
  return list.map((entry, i) => {
    if (!isObject(entry)) throw new UsageError(`${where}: versions[${i}] must be an object`);
    const { name, date, module, version, commands, versionPackage, buildModule, why } = entry;
    const at = `${where}: versions[${i}]`;
    if (typeof name !== 'string' || !NAME.test(name)) throw new UsageError(`${at}.name must be a lower-case name ("prow-2021-01")`);
    if (names.has(name)) throw new UsageError(`${at}: two entries are named ${name}`);
    names.add(name);
    if (typeof date !== 'string' || !DATE.test(date)) throw new UsageError(`${at}.date must be YYYY-MM-DD`);
    if (typeof module !== 'string' || !MODULE_PATH.test(module)) throw new UsageError(`${at}.module must be a Go module path`);
    const pseudo = typeof version === 'string' ? PSEUDO_VERSION.exec(version) : null;
    if (!pseudo) throw new UsageError(`${at}.version must be a pseudo-version (the proxy serves no tags of these modules)`);
    const commitDate = `${pseudo[1].slice(0, 4)}-${pseudo[1].slice(4, 6)}-${pseudo[1].slice(6, 8)}`;
    if (commitDate !== date) throw new UsageError(`${at}.date is ${date} but the version's commit date is ${commitDate}`);
    if (!Array.isArray(commands) || commands.length === 0 || !commands.every((c) => typeof c === 'string' && COMMAND_PATH.test(c))) {
      throw new UsageError(`${at}.commands must be a non-empty array of package paths inside the module`);
    }
    if (typeof versionPackage !== 'string' || !COMMAND_PATH.test(versionPackage)) throw new UsageError(`${at}.versionPackage must be a Go package path`);
    if (typeof buildModule !== 'string' || buildModule === '' || buildModule.startsWith('/') || buildModule.split('/').includes('..')) {
      throw new UsageError(`${at}.buildModule must be a folder relative to the project root`);
    }
    if (typeof why !== 'string' || why === '') throw new UsageError(`${at}.why must say what the version is for`);
    return { name, date, module, version: version as string, commands: commands as string[], versionPackage, buildModule, why };
  });
}

export function readHistory(file: string = HISTORY_FILE): HistoryVersion[] {
  return parseHistory(readJsonFile(file, 'upstream history'), file);
}

/** The history versions in date order (the matrix's columns). */
export function historyInDateOrder(versions: HistoryVersion[] = readHistory()): HistoryVersion[] {
  return [...versions].sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
}

export function historyBinDir(name: string): string {
  return join(ROOT, '.cache', 'upstream', 'history', name, 'bin');
}

/**
 * The -ldflags of upstream's release builds (see ldflagsFor in build.ts), with this version's
 * version package: Prow strips symbols (-s -w), ci-tools' hack/install.sh does not.
 */
export function historyLdflags(v: HistoryVersion, name: string): string {
  const version = releaseVersionString(v.version);
  const set = `-X ${v.versionPackage}.Name=${name} -X ${v.versionPackage}.Version=${version}`;
  return v.module === 'github.com/openshift/ci-tools' ? set : `-s -w ${set}`;
}

export function historyTargets(v: HistoryVersion, root: string = ROOT): Target[] {
  return v.commands.map((command) => {
    const name = basename(command);
    return { name, module: v.module, version: v.version, pkg: `${v.module}/${command}`, ldflags: historyLdflags(v, name), buildModule: resolve(root, v.buildModule) };
  });
}

/** The build module must require exactly the pinned version. */
export function checkHistoryModule(v: HistoryVersion, root: string = ROOT): void {
  const goMod = join(resolve(root, v.buildModule), 'go.mod');
  if (!existsSync(goMod)) throw new UsageError(`history ${v.name}: no ${goMod}`);
  const have = requiredVersions(readFileSync(goMod, 'utf8')).get(v.module);
  if (have !== v.version) {
    throw new UsageError(`history ${v.name}: ${goMod} requires ${v.module} ${have ?? '(nothing)'} but upstream/history.json pins ${v.version}`);
  }
}

export interface HistoryBuildResult {
  built: string[];
  cached: string[];
  seconds: number;
}

/** Builds every history version (or those named in only), one binary at a time. */
export async function buildHistory(opts: { force?: boolean; only?: string[]; log?: (line: string) => void } = {}): Promise<HistoryBuildResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = performance.now();
  let versions = readHistory();
  if (opts.only && opts.only.length > 0) {
    const unknown = opts.only.filter((n) => !versions.some((v) => v.name === n));
    if (unknown.length > 0) throw new UsageError(`upstream build --history --only: unknown version ${unknown.join(', ')} (known: ${versions.map((v) => v.name).join(', ')})`);
    versions = versions.filter((v) => opts.only!.includes(v.name));
  }
  const goVersion = await checkGo();
  const result: HistoryBuildResult = { built: [], cached: [], seconds: 0 };
  for (const v of historyInDateOrder(versions)) {
    checkHistoryModule(v);
    const binDir = historyBinDir(v.name);
    mkdirSync(binDir, { recursive: true });
    removeStaleTmpDirs(binDir);
    for (const target of historyTargets(v)) {
      const t0 = performance.now();
      const stamp = stampText(target, digestOf(target.buildModule!));
      const outcome = await ensureBuilt(binDir, target.name, stamp, {
        force: opts.force,
        build: async (tmpDir: string) => {
          log(`history: building ${v.name}/${target.name} from ${target.module}@${target.version} with ${goVersion}`);
          // -mod=readonly: the committed go.mod/go.sum are used as they are.
          await runGo(['build', '-mod=readonly', '-trimpath', '-ldflags', target.ldflags, '-o', join(tmpDir, target.name), target.pkg], target.buildModule!, { CGO_ENABLED: '0' }, log);
        },
      });
      result[outcome].push(`${v.name}/${target.name}`);
      log(`history: ${`${v.name}/${target.name}`.padEnd(36)} ${outcome} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  result.seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  log(`history: ${result.built.length} built, ${result.cached.length} cached in ${result.seconds} s`);
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
