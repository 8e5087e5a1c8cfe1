// The real node comes up, runs one static pod as the kubelet runs pods, deletes it with its
// termination grace period, and goes away leaving the machine as it found it: no process, no
// mount, no cgroup folder, no sysctl changed, no file outside its temp folder. The same in the
// cluster mode, the pod created and deleted through the API server (etcd and kube-apiserver
// gone after too). Needs root, Debian's containerd and runc (and etcd-server), and the kubelet
// (and kube-apiserver) built (`podutils-conformance node build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeletNode, CRI_NAMESPACE } from './node.js';
import { findClusterCommands, findRuntimeCommands, nodeCacheDir } from './build.js';
import { KubeletPod, stopNodeEvents } from '../pod/runtimes/kubelet.js';
import { Scenario } from '../scenario.js';
import { Timing, elapsedMs } from '../timing.js';
import { namespacePids } from '../process/proc.js';

const why =
  process.getuid?.() !== 0
    ? 'needs root'
    : !existsSync(join(nodeCacheDir(), 'bin', 'kubelet'))
      ? 'the kubelet is not built (podutils-conformance node build)'
      : await findRuntimeCommands().then(
          () => null,
          (error: Error) => error.message,
        );

const whyNotCluster =
  why ??
  (!existsSync(join(nodeCacheDir(), 'bin', 'kube-apiserver'))
    ? 'kube-apiserver is not built (podutils-conformance node build)'
    : await findClusterCommands().then(
        () => null,
        (error: Error) => error.message,
      ));

function machineState(): Record<string, string> {
  const sysctls = ['vm/overcommit_memory', 'vm/panic_on_oom', 'kernel/panic', 'kernel/panic_on_oops'].map((s) => `${s}=${readFileSync(`/proc/sys/${s}`, 'utf8').trim()}`);
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ').slice(3, 5).join(' ')).sort();
  const paths = ['/run/containerd', '/var/lib/kubelet', '/var/log/containers', '/var/log/pods', '/usr/libexec/kubernetes', `/sys/fs/cgroup/memory/${CRI_NAMESPACE}`, `/sys/fs/cgroup/pids/${CRI_NAMESPACE}`, `/sys/fs/cgroup/cpu/${CRI_NAMESPACE}`].map((p) => `${p} ${existsSync(p)}`);
  return { sysctls: sysctls.join(' '), mounts: mounts.join('\n'), paths: paths.join('\n') };
}

/** containerd, its shims and the kubelet: every one of ours has the node's folder in its arguments. */
function daemons(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ');
      if (cmdline.includes('/tmp/podutils-node-')) found.push(`${entry} ${cmdline}`);
    } catch {
      // gone
    }
  }
  if (readFileSync('/proc/self/mountinfo', 'utf8').includes('podutils-node-')) found.push('a mount under /tmp/podutils-node-*');
  return found;
}

test('the node runs a static pod, deletes it like the kubelet, and leaves nothing behind', { skip: why ?? false, timeout: 180_000 }, () => podOnTheNode(false));

test('cluster mode: the pod is created and deleted through the API server, and etcd and kube-apiserver leave nothing behind', { skip: whyNotCluster ?? false, timeout: 240_000 }, () => podOnTheNode(true));

async function podOnTheNode(cluster: boolean): Promise<void> {
  const before = machineState();
  const root = mkdtempSync(join(tmpdir(), 'node-test-'));
  const node = await KubeletNode.start({ log: () => undefined, cluster });
  assert.equal(Boolean(node.handle.kubeconfig), cluster);
  let base = node.base;
  try {
    const profile = { name: 'shells', file: join(root, 'p.json'), roles: {}, capabilities: [], expectedFailures: [] };
    const scenario = await Scenario.create({ profile, timing: new Timing(3), tmpRoot: root, runTag: `pc-nodetest${process.pid}-` });
    try {
      const pod = new KubeletPod(
        scenario,
        {
          terminationGraceMs: 2000,
          containers: [
            { name: 'trapping', command: ['/bin/sh', '-c', 'trap "exit 3" TERM; echo up; while :; do sleep 0.05; done'], args: [], env: {} },
            { name: 'sleeping', command: ['/bin/sleep', '600'], args: [], env: {} },
          ],
        },
        node.handle,
      );
      const t0 = process.hrtime.bigint();
      await pod.start();
      const startMs = elapsedMs(t0, process.hrtime.bigint());
      assert.deepEqual(namespacePids(pod.container('sleeping').pid).at(-1), 1, 'sleep is PID 1 of its namespace');
      // A pod is deleted once it runs (the kubelet finishes starting it first).
      await new Promise((resolve) => setTimeout(resolve, Number(process.env.NODE_TEST_WAIT ?? 1000)));
      const deletion = await pod.delete();
      const trapping = pod.container('trapping').exit!;
      const sleeping = pod.container('sleeping').exit!;
      assert.equal(trapping.code, 3, 'the trapping container took the SIGTERM');
      const termAfter = elapsedMs(deletion.at, trapping.at);
      assert.ok(termAfter < 1500, `the SIGTERM came ${termAfter} ms after the manifest went`);
      assert.equal(sleeping.signal, 'SIGKILL', 'sleep as PID 1 ignored SIGTERM and was killed');
      const killedAfter = elapsedMs(deletion.at, sleeping.at);
      assert.ok(killedAfter >= 2000 && killedAfter < 4000, `SIGKILL ${killedAfter} ms after the deletion, with a 2 s grace period`);
      assert.deepEqual(deletion.killed, ['sleeping']);
      process.stderr.write(`node: ${node.handle.figures.join('; ')}; pod running ${startMs.toFixed(0)} ms after its ${cluster ? 'creation' : 'manifest'}; trapping container gone ${termAfter.toFixed(0)} ms and SIGKILL ${killedAfter.toFixed(0)} ms after its deletion\n`);
    } finally {
      await scenario.cleanup();
    }
  } finally {
    await stopNodeEvents();
    if (process.env.NODE_TEST_KEEP_LOG) (await import('node:fs')).copyFileSync(join(node.base, 'kubelet.log'), process.env.NODE_TEST_KEEP_LOG);
    await node.stop();
    rmSync(root, { recursive: true, force: true });
  }
  assert.deepEqual(daemons(), [], 'node processes left');
  assert.equal(existsSync(base), false, 'the node folder is left');
  const after = machineState();
  assert.equal(after.sysctls, before.sysctls);
  assert.equal(after.paths, before.paths);
  assert.equal(after.mounts, before.mounts);
  base = '';
}

test('Ctrl-C during a run on the node leaves no container, daemon, mount, cgroup folder or sysctl behind', { skip: why ?? false, timeout: 180_000 }, () => ctrlC('kubelet'));

test('Ctrl-C during a run in the cluster mode leaves no etcd or kube-apiserver behind either', { skip: whyNotCluster ?? false, timeout: 180_000 }, () => ctrlC('cluster'));

async function ctrlC(runtime: 'kubelet' | 'cluster'): Promise<void> {
  const { spawn } = await import('node:child_process');
  const { mkdirSync, readdirSync, realpathSync } = await import('node:fs');
  const { ROOT } = await import('../paths.js');
  const before = machineState();
  const dir = mkdtempSync(join(tmpdir(), 'node-ctrlc-'));
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  // The containers' processes run in their scenario's folder, under the run's TMPDIR.
  const processesOfRun = (): number[] =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .map(Number)
      .filter((pid) => {
        try {
          return realpathSync(`/proc/${pid}/cwd`).startsWith(tmp);
        } catch {
          return false;
        }
      });
  try {
    const child = spawn(join(ROOT, 'harness', 'bin', 'podutils-conformance'), ['run', '--parallel', '2', '--time-scale', '3', '--pod-runtime', runtime, '--tags', '@clause:SC-IGNORE-HAZARD and @capability:local-output', '--report-dir', join(dir, 'reports'), join(ROOT, 'features', 'pod')], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp },
      stdio: 'ignore',
    });
    // Step pods up: entrypoint-wrapper, entrypoint, the shell, its sleep, the sidecar.
    const deadline = Date.now() + 60_000;
    while (processesOfRun().length < 5) {
      assert.ok(Date.now() < deadline, `the pods never started (${processesOfRun().length} processes)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    const status = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    assert.equal(status, 130);
    assert.deepEqual(processesOfRun(), [], 'container processes left');
    assert.deepEqual(daemons(), [], 'node processes left');
    assert.deepEqual(readdirSync(tmp), [], 'temp dirs left behind');
    const after = machineState();
    assert.equal(after.sysctls, before.sysctls);
    assert.equal(after.paths, before.paths);
    assert.equal(after.mounts, before.mounts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
