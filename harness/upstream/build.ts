// Builds the real upstream programs (Prow's entrypoint and sidecar, OpenShift ci-tools'
// entrypoint-wrapper) from the Go module proxy, at the versions pinned in upstream/versions.json,
// into .cache/upstream/bin/ (ignored by git). Nothing of upstream's source is kept in this
// repository: Prow is built with `go install pkg@version`; ci-tools needs a `replace` that
// `go install pkg@version` refuses, so it is built from our own small module upstream/ci-tools/
// (go.mod + go.sum + a build-tagged tools.go) that requires it.
//
// Each binary is stamped (<name>.version beside it: module@version, package, flags) and built
// through the locked build cache of go-build.ts: only when versions.json asks for another stamp.
//
// Run through the CLI: npx podutils-conformance upstream build [--force]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../files/json.js';
import { ROOT } from '../paths.js';
import { MODULE_PATH, PSEUDO_VERSION, SEMVER, checkGo, ensureBuilt, goInstall, isUpToDate, removeStaleTmpDirs, runGo, type Log } from './go-build.js';

export const VERSIONS_FILE = join(ROOT, 'upstream', 'versions.json');
/** Where `pkg/version.Name` / `.Version` live: Prow's own commands and ci-tools' both set them. */
const PROW_VERSION_PKG = 'sigs.k8s.io/prow/pkg/version';

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







async function buildTarget(target: Target, tmpDir: string, log: Log): Promise<void> {
  const env = { CGO_ENABLED: '0' };
  const common = ['-trimpath', '-v', '-ldflags', target.ldflags];
  if (target.buildModule) {
    // -mod=readonly on the command line wins over any GOFLAGS=-mod=mod in the environment: the
    // committed go.mod/go.sum are used as they are.
    await runGo(['build', '-mod=readonly', ...common, '-o', join(tmpDir, target.name), target.pkg], target.buildModule, env, log);
  } else {
    await goInstall(target.pkg, target.version, common, tmpDir, target.name, log);
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
    const outcome = await ensureBuilt(binDir, target.name, stamp, { force: opts.force, log, build: (tmpDir) => buildTarget(target, tmpDir, log) });
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



function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
