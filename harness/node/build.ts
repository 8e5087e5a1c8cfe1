// What the real node is made of, all built or found on this machine (no registry, no network but
// the Go module proxy):
// - the kubelet, built from k8s.io/kubernetes at the version pinned in upstream/node.json (the one
//   place the node's pins live) through our own module upstream/kubernetes/, which repeats the
//   staging `replace` lines that `go install pkg@version` cannot honour; into .cache/node/bin/,
//   rebuilt only when the pin or the module changes (the same stamps as the upstream programs);
//   kube-apiserver (the cluster mode) the same way, from the same module;
// - containerd and runc from Debian's packages (`apt-get install containerd runc`), found on PATH,
//   and etcd (the cluster mode's store) from Debian's etcd-server;
// - the pause program (pause.c beside this file), compiled statically with cc.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { readJsonFile } from '../files/json.js';
import { ensureC } from '../process/c-build.js';
import { ROOT } from '../paths.js';
import { digestOf, requiredVersions } from '../upstream/build.js';
import { checkGo, ensureBuilt } from '../upstream/go-build.js';

export const NODE_PINS_FILE = join(ROOT, 'upstream', 'node.json');

export interface NodePins {
  kubernetes: { module: string; version: string; stagingVersion: string; commands: string[]; buildModule: string };
  debian: { packages: string[]; commands: string[] };
  /** The cluster mode's Debian commands (etcd). */
  cluster: { packages: string[]; commands: string[] };
}

export function readNodePins(file: string = NODE_PINS_FILE): NodePins {
  const raw = readJsonFile(file, 'node pins') as NodePins;
  const k = raw?.kubernetes;
  if (!k || typeof k.version !== 'string' || typeof k.stagingVersion !== 'string' || typeof k.buildModule !== 'string' || !Array.isArray(k.commands)) {
    throw new Error(`${file}: kubernetes needs module, version, stagingVersion, commands and buildModule`);
  }
  if (!raw.debian || !Array.isArray(raw.debian.commands)) throw new Error(`${file}: debian needs packages and commands`);
  if (!raw.cluster || !Array.isArray(raw.cluster.commands)) throw new Error(`${file}: cluster needs packages and commands`);
  return raw;
}

export function nodeCacheDir(): string {
  return join(ROOT, '.cache', 'node');
}

/**
 * Our build module must require the pinned Kubernetes and replace every staging module with the
 * pinned staging version: a bumped pin without `go mod tidy` there is a clear error, not a build
 * of something else.
 */
export function checkKubernetesModule(pins: NodePins): string {
  const dir = resolve(ROOT, pins.kubernetes.buildModule);
  const goModPath = join(dir, 'go.mod');
  if (!existsSync(goModPath)) throw new Error(`the kubelet's build module ${dir} has no go.mod`);
  const goMod = readFileSync(goModPath, 'utf8');
  const have = requiredVersions(goMod).get(pins.kubernetes.module);
  if (have !== pins.kubernetes.version) {
    throw new Error(`${goModPath} requires ${pins.kubernetes.module} ${have ?? '(nothing)'} but upstream/node.json pins ${pins.kubernetes.version}`);
  }
  const replaced = [...goMod.matchAll(/^\s*(k8s\.io\/\S+)\s+=>\s+(\S+)\s+(\S+)\s*$/gm)];
  const wrong = replaced.filter((m) => m[3] !== pins.kubernetes.stagingVersion);
  if (replaced.length === 0 || wrong.length > 0) {
    throw new Error(`${goModPath}: every staging replace must point at ${pins.kubernetes.stagingVersion}${wrong.length ? ` (${wrong[0][1]} is at ${wrong[0][3]})` : ' (none found)'}`);
  }
  return dir;
}

/** What a release build stamps into a Kubernetes command (`--version` says the pin). */
function versionLdflags(version: string): string {
  const [major, minor] = version.replace(/^v/, '').split('.');
  const pkg = 'k8s.io/component-base/version';
  return `-s -w -X ${pkg}.gitVersion=${version} -X ${pkg}.gitMajor=${major} -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean`;
}

export interface KubernetesBuild {
  binary: string;
  outcome: 'built' | 'cached';
  seconds: number;
}

/** The commands the node can build: the kubelet always, kube-apiserver for the cluster mode. */
export type KubernetesCommand = 'kubelet' | 'kube-apiserver';

/**
 * Builds one pinned Kubernetes command (cmd/<name> of upstream/node.json) unless the cached one
 * matches the pins; throws with one line.
 */
export async function ensureKubernetesCommand(name: KubernetesCommand, opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<KubernetesBuild> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = performance.now();
  const pins = readNodePins();
  if (!pins.kubernetes.commands.includes(`cmd/${name}`)) throw new Error(`upstream/node.json does not pin cmd/${name} (kubernetes.commands)`);
  const moduleDir = checkKubernetesModule(pins);
  const binDir = join(nodeCacheDir(), 'bin');
  const ldflags = versionLdflags(pins.kubernetes.version);
  const pkg = `${pins.kubernetes.module}/cmd/${name}`;
  const stamp = [`${pins.kubernetes.module}@${pins.kubernetes.version}`, `package ${pkg}`, `ldflags ${ldflags}`, 'flags -trimpath CGO_ENABLED=0', `build-module ${digestOf(moduleDir)}`].join('\n') + '\n';
  let goVersion = '';
  const outcome = await ensureBuilt(binDir, name, stamp, {
    force: opts.force,
    build: async (tmpDir: string) => {
      goVersion ||= await checkGo();
      log(`node: building ${name} from ${pins.kubernetes.module}@${pins.kubernetes.version} with ${goVersion} (module ${moduleDir}); the first build on a machine takes a few minutes`);
      const result = await execa('go', ['build', '-mod=readonly', '-trimpath', '-ldflags', ldflags, '-o', join(tmpDir, name), pkg], {
        cwd: moduleDir,
        env: { CGO_ENABLED: '0' },
        stdin: 'ignore',
        all: true,
        reject: false,
      });
      if (result.failed) {
        const tail = (result.all ?? '').trim().split('\n').slice(-5).join(' | ');
        throw new Error(`the ${name} build failed (go build exit ${result.exitCode ?? result.signal}): ${tail}`);
      }
    },
  });
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  log(`node: ${name} ${pins.kubernetes.version} ${join(binDir, name)} ${outcome} (${seconds} s)`);
  return { binary: join(binDir, name), outcome, seconds };
}

/** The pinned kubelet (built unless cached). */
export function ensureKubelet(opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<KubernetesBuild> {
  return ensureKubernetesCommand('kubelet', opts);
}

/** The static pause program, compiled once per version of its source. */
export function ensurePause(): Promise<string> {
  return ensureC(join(ROOT, 'harness', 'node', 'pause.c'), join(nodeCacheDir(), 'pause'), ['-static']);
}

/** The exit watcher (exits.c: the kernel's proc connector), compiled once per version of its source. */
export function ensureExitWatcher(): Promise<string> {
  return ensureC(join(ROOT, 'harness', 'node', 'exits.c'), join(nodeCacheDir(), 'exits'));
}

/** containerd, its runc shim, ctr and runc, from PATH; throws naming what is missing. */
export function findRuntimeCommands(pins: NodePins = readNodePins()): Promise<Record<string, string>> {
  return findCommands(pins.debian);
}

/** The cluster mode's etcd, from PATH; throws naming what is missing. */
export function findClusterCommands(pins: NodePins = readNodePins()): Promise<Record<string, string>> {
  return findCommands(pins.cluster);
}

async function findCommands(wanted: { packages: string[]; commands: string[] }): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const missing: string[] = [];
  const path = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin']);
  for (const command of wanted.commands) {
    const hit = path.map((dir) => join(dir, command)).find((p) => existsSync(p));
    if (hit) found[command] = hit;
    else missing.push(command);
  }
  if (missing.length) throw new Error(`no ${missing.join(', ')} on PATH: install Debian's ${wanted.packages.join(' and ')} (apt-get install ${wanted.packages.join(' ')})`);
  return found;
}
