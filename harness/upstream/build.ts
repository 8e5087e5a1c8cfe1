// Builds the real upstream programs (Prow's entrypoint and sidecar, OpenShift ci-tools'
// entrypoint-wrapper) from the Go module proxy, at the versions pinned in upstream/versions.json,
// into .cache/upstream/bin/ (ignored by git). Nothing of upstream's source is kept in this
// repository: Prow is built with `go install pkg@version`; ci-tools needs a `replace` that
// `go install pkg@version` refuses, so it is built from our own small module upstream/ci-tools/
// (go.mod + go.sum + a build-tagged tools.go) that requires it.
//
// A binary is rebuilt only when its stamp (<name>.version beside it: module@version, package,
// flags) differs from what versions.json asks for, or with force. Each build goes to a temporary
// folder first and is renamed into place, so an interrupted build never leaves half a binary.
//
// Run through the CLI: npx podutils-conformance upstream build [--force]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files/json.js';
import { ROOT } from '../paths.js';

export const VERSIONS_FILE = join(ROOT, 'upstream', 'versions.json');
/** Oldest Go that builds the pinned versions (`go install` of Prow needs 1.26). */
export const MIN_GO: readonly [number, number] = [1, 26];
/** Where `pkg/version.Name` / `.Version` live: Prow's own commands and ci-tools' both set them. */
const PROW_VERSION_PKG = 'sigs.k8s.io/prow/pkg/version';
/** Temporary build folders older than this are leftovers of an interrupted build. */
const STALE_TMP_MS = 6 * 3600 * 1000;

export function upstreamBinDir(): string {
  return join(ROOT, '.cache', 'upstream', 'bin');
}

export interface UpstreamModule {
  /** Key in versions.json ("prow", "ci-tools"). */
  key: string;
  module: string;
  version: string;
  /** Command packages relative to the module ("cmd/entrypoint"). */
  commands: string[];
  /** Our own Go module (relative to the project root) to build from, when `go install pkg@version` cannot be used. */
  buildModule?: string;
}

export interface Target {
  /** Binary name: the command folder's base name. */
  name: string;
  module: string;
  version: string;
  /** Full package path ("sigs.k8s.io/prow/cmd/entrypoint"). */
  pkg: string;
  ldflags: string;
  /** Absolute path of our own build module, if any. */
  buildModule?: string;
}

/** A Go pseudo-version: its commit time (group 1) and short revision (group 2). */
export const PSEUDO_VERSION = /^v\d+\.\d+\.\d+-(?:[0-9A-Za-z.]+\.)?(?:0\.)?(\d{14})-([0-9a-f]{12})(?:\+incompatible)?$/;
const SEMVER = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const MODULE_PATH = /^[a-z0-9.-]+\.[a-z]+(?:\/[A-Za-z0-9._~-]+)+$/;
const COMMAND_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/** Validates the parsed versions.json; every problem is a one-line UsageError. */
export function parseVersions(raw: unknown, file: string = VERSIONS_FILE): UpstreamModule[] {
  const where = `upstream versions ${file}`;
  if (!isObject(raw) || Object.keys(raw).length === 0) throw new UsageError(`${where}: must be a non-empty JSON object of {"module", "version", "commands"} entries`);
  const modules: UpstreamModule[] = [];
  const names = new Set<string>();
  for (const [key, entry] of Object.entries(raw)) {
    if (!isObject(entry)) throw new UsageError(`${where}: "${key}" must be an object`);
    const { module, version, commands, buildModule } = entry;
    if (typeof module !== 'string' || !MODULE_PATH.test(module)) throw new UsageError(`${where}: ${key}.module must be a Go module path`);
    if (typeof version !== 'string' || !SEMVER.test(version)) throw new UsageError(`${where}: ${key}.version must be an exact module version (tag or pseudo-version), not ${JSON.stringify(version)}`);
    if (!Array.isArray(commands) || commands.length === 0 || !commands.every((c) => typeof c === 'string' && COMMAND_PATH.test(c))) {
      throw new UsageError(`${where}: ${key}.commands must be a non-empty array of package paths inside the module ("cmd/x")`);
    }
    if (buildModule !== undefined && (typeof buildModule !== 'string' || buildModule === '' || buildModule.startsWith('/') || buildModule.split('/').includes('..'))) {
      throw new UsageError(`${where}: ${key}.buildModule must be a folder relative to the project root`);
    }
    for (const command of commands as string[]) {
      const name = basename(command);
      if (names.has(name)) throw new UsageError(`${where}: two commands would both build .cache/upstream/bin/${name}`);
      names.add(name);
    }
    modules.push({ key, module, version, commands: commands as string[], ...(buildModule ? { buildModule: buildModule as string } : {}) });
  }
  return modules;
}

export function readVersions(file: string = VERSIONS_FILE): UpstreamModule[] {
  return parseVersions(readJsonFile(file, 'upstream versions'), file);
}

/**
 * The value upstream's release builds give `version.Version`: "v<build date>-<git describe>"
 * (Prow's hack/tools/prowimagebuilder, ci-tools' hack/install.sh). We have no checkout, so a
 * pseudo-version gives the commit's date and revision instead, which keeps builds reproducible.
 */
export function releaseVersionString(version: string): string {
  const pseudo = PSEUDO_VERSION.exec(version);
  return pseudo ? `v${pseudo[1].slice(0, 8)}-${pseudo[2]}` : version;
}

/**
 * The -ldflags upstream's own release builds use:
 * - Prow: .ko.yaml, builds[id=entrypoint|sidecar].ldflags = "-s -w",
 *   "-X sigs.k8s.io/prow/pkg/version.Version={{.Env.VERSION}}", "-X sigs.k8s.io/prow/pkg/version.Name=<command>";
 * - ci-tools: hack/install.sh, `go install -ldflags "-X '...version.Name=${command}' -X '...version.Version=${version}'"`
 *   (no -s -w). Both build with CGO_ENABLED=0.
 * Without Name, the log lines say "component":"unset".
 */
export function ldflagsFor(module: string, version: string, name: string): string {
  const v = releaseVersionString(version);
  if (module === 'sigs.k8s.io/prow') return `-s -w -X ${PROW_VERSION_PKG}.Version=${v} -X ${PROW_VERSION_PKG}.Name=${name}`;
  return `-X ${PROW_VERSION_PKG}.Name=${name} -X ${PROW_VERSION_PKG}.Version=${v}`;
}

export function targetsOf(modules: UpstreamModule[], root: string = ROOT): Target[] {
  return modules.flatMap((m) =>
    m.commands.map((command) => {
      const name = basename(command);
      return {
        name,
        module: m.module,
        version: m.version,
        pkg: `${m.module}/${command}`,
        ldflags: ldflagsFor(m.module, m.version, name),
        ...(m.buildModule ? { buildModule: resolve(root, m.buildModule) } : {}),
      };
    }),
  );
}

/**
 * Our build module must require exactly the pinned versions of every module in versions.json
 * that it names (ci-tools itself, and Prow so the wrapper links the same Prow as the others).
 */
export function checkBuildModule(dir: string, modules: UpstreamModule[]): void {
  const goMod = join(dir, 'go.mod');
  if (!existsSync(goMod)) throw new UsageError(`upstream build module ${dir}: no go.mod`);
  const required = requiredVersions(readFileSync(goMod, 'utf8'));
  for (const m of modules) {
    const have = required.get(m.module);
    if (have === undefined) {
      if (m.buildModule && resolve(ROOT, m.buildModule) === resolve(dir)) throw new UsageError(`${goMod} does not require ${m.module}; upstream/versions.json pins ${m.version}`);
      continue;
    }
    if (have !== m.version) {
      throw new UsageError(`${goMod} requires ${m.module} ${have} but upstream/versions.json pins ${m.version}: run \`go get ${m.module}@${m.version} && go mod tidy\` in ${dir}`);
    }
  }
}

/** module -> version from a go.mod's require directives (replace lines are ignored). */
export function requiredVersions(goMod: string): Map<string, string> {
  const out = new Map<string, string>();
  let inRequire = false;
  for (const rawLine of goMod.split('\n')) {
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    if (/^require\s*\($/.test(line)) {
      inRequire = true;
      continue;
    }
    if (inRequire && line === ')') {
      inRequire = false;
      continue;
    }
    const m = inRequire ? /^(\S+)\s+(\S+)$/.exec(line) : /^require\s+(\S+)\s+(\S+)$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/** What the stamp file holds for a target; a binary whose stamp differs is rebuilt. */
export function stampText(target: Target, buildModuleDigest?: string): string {
  const lines = [
    `${target.module}@${target.version}`,
    `package ${target.pkg}`,
    `ldflags ${target.ldflags}`,
    `flags -trimpath CGO_ENABLED=0`,
  ];
  if (target.buildModule) lines.push(`build-module ${buildModuleDigest ?? digestOf(target.buildModule)}`);
  return lines.join('\n') + '\n';
}

/** sha256 of our build module's go.mod and go.sum: a change there (e.g. a bumped dependency) rebuilds. */
export function digestOf(buildModule: string): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) {
    const path = join(buildModule, file);
    hash.update(`${file}\0`);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}

export function stampPath(binDir: string, name: string): string {
  return join(binDir, `${name}.version`);
}

/** True when the binary exists and its stamp says it was built exactly as asked now. */
export function isUpToDate(binDir: string, name: string, expectedStamp: string): boolean {
  const bin = join(binDir, name);
  const stamp = stampPath(binDir, name);
  if (!existsSync(bin) || !existsSync(stamp)) return false;
  try {
    return statSync(bin).isFile() && readFileSync(stamp, 'utf8') === expectedStamp;
  } catch {
    return false;
  }
}

/**
 * Builds one binary unless it is up to date. `build(tmpDir)` must leave the executable at
 * join(tmpDir, name); it is then renamed onto binDir/name and the stamp written. The old stamp is
 * removed first, so a build interrupted at any point is redone next time.
 */
export async function ensureBuilt(
  binDir: string,
  name: string,
  expectedStamp: string,
  opts: { force?: boolean; build: (tmpDir: string) => Promise<void> },
): Promise<'built' | 'cached'> {
  if (!opts.force && isUpToDate(binDir, name, expectedStamp)) return 'cached';
  mkdirSync(binDir, { recursive: true });
  rmSync(stampPath(binDir, name), { force: true });
  const tmpDir = mkdtempSync(join(binDir, `.tmp-${name}-`));
  try {
    await opts.build(tmpDir);
    const produced = join(tmpDir, name);
    if (!existsSync(produced)) throw new Error(`the build of ${name} produced no ${produced}`);
    renameSync(produced, join(binDir, name));
    const stampTmp = join(tmpDir, `${name}.version`);
    writeFileSync(stampTmp, expectedStamp);
    renameSync(stampTmp, stampPath(binDir, name));
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  return 'built';
}

/** Removes temporary build folders left by interrupted builds (old enough not to be in use). */
export function removeStaleTmpDirs(binDir: string, now: number = Date.now()): void {
  if (!existsSync(binDir)) return;
  for (const entry of readdirSync(binDir)) {
    if (!entry.startsWith('.tmp-')) continue;
    const path = join(binDir, entry);
    try {
      if (now - statSync(path).mtimeMs > STALE_TMP_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/** Checks that `go` is on PATH and new enough; returns its version ("go1.26.8"). */
export async function checkGo(): Promise<string> {
  let goVersion: string;
  try {
    goVersion = (await execa('go', ['env', 'GOVERSION'], { stdin: 'ignore' })).stdout.trim();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new UsageError(`building the upstream programs needs Go >= ${MIN_GO.join('.')} on PATH, and \`go\` was not found`);
    throw new UsageError(`building the upstream programs needs Go, and \`go env GOVERSION\` failed: ${firstLine((error as Error).message)}`);
  }
  const m = /^go(\d+)\.(\d+)/.exec(goVersion);
  if (!m || Number(m[1]) < MIN_GO[0] || (Number(m[1]) === MIN_GO[0] && Number(m[2]) < MIN_GO[1])) {
    throw new UsageError(`building the upstream programs needs Go >= ${MIN_GO.join('.')}, and \`go\` on PATH is ${goVersion || 'of an unknown version'}`);
  }
  return goVersion;
}

async function runGo(args: string[], cwd: string, env: Record<string, string>, log: (line: string) => void): Promise<void> {
  log(`  $ go ${args.map(shellQuote).join(' ')}   (in ${cwd})`);
  const tail: string[] = [];
  const subprocess = execa('go', args, { cwd, env, stdin: 'ignore', all: true, reject: false });
  for await (const line of subprocess.iterable({ from: 'all' })) {
    log(`  | ${line}`);
    tail.push(line);
    if (tail.length > 20) tail.shift();
  }
  const result = await subprocess;
  if (result.failed) {
    const why = result.exitCode !== undefined ? `exit status ${result.exitCode}` : result.signal ? `signal ${result.signal}` : firstLine(result.message ?? 'unknown error');
    throw new Error(`go ${args[0]} failed (${why}) in ${cwd}:\n${tail.join('\n')}`);
  }
}

async function buildTarget(target: Target, tmpDir: string, log: (line: string) => void): Promise<void> {
  const env = { CGO_ENABLED: '0' };
  const common = ['-trimpath', '-v', '-ldflags', target.ldflags];
  if (target.buildModule) {
    // -mod=readonly on the command line wins over any GOFLAGS=-mod=mod in the environment: the
    // committed go.mod/go.sum are used as they are.
    await runGo(['build', '-mod=readonly', ...common, '-o', join(tmpDir, target.name), target.pkg], target.buildModule, env, log);
  } else {
    // `go install pkg@version` ignores any go.mod around it and writes GOBIN/<base name of pkg>.
    await runGo(['install', ...common, `${target.pkg}@${target.version}`], tmpDir, { ...env, GOBIN: tmpDir }, log);
  }
}

export interface BuildResult {
  built: string[];
  cached: string[];
  seconds: number;
}

export async function buildUpstream(opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<BuildResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = performance.now();
  const modules = readVersions();
  const goVersion = await checkGo();
  for (const m of modules) if (m.buildModule) checkBuildModule(resolve(ROOT, m.buildModule), modules);
  const binDir = upstreamBinDir();
  mkdirSync(binDir, { recursive: true });
  removeStaleTmpDirs(binDir);

  const result: BuildResult = { built: [], cached: [], seconds: 0 };
  for (const target of targetsOf(modules)) {
    const t0 = performance.now();
    const bin = join(binDir, target.name);
    const stamp = stampText(target);
    if (opts.force || !isUpToDate(binDir, target.name, stamp)) {
      log(`upstream: building ${target.name} from ${target.module}@${target.version} with ${goVersion}${target.buildModule ? ` (module ${target.buildModule})` : ''} (the first build on a machine downloads modules and takes a few minutes)`);
    }
    const outcome = await ensureBuilt(binDir, target.name, stamp, { force: opts.force, build: (tmpDir) => buildTarget(target, tmpDir, log) });
    result[outcome].push(target.name);
    log(`upstream: ${target.name.padEnd(18)} ${target.module}@${target.version}  ${bin}  ${outcome} (${seconds(t0)} s)`);
  }
  result.seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  log(`upstream: ${result.built.length} built, ${result.cached.length} cached in ${result.seconds} s`);
  return result;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
