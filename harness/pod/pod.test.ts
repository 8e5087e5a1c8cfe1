// The pod simulator kills like a kubelet: SIGTERM to each container's first process, SIGKILL to
// what is left after the termination grace period, and a container's every process goes with it,
// even one that left its process group. Each test runs on both runtimes (namespaces where this
// machine allows them); the last ones check what only real PID namespaces do. Real processes:
// shell scripts stand in for the programs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedPod, type Pod, type PodSpec } from './pod.js';
import { Scenario } from '../scenario.js';
import { Timing } from '../timing.js';
import { findTagged } from '../process/tree.js';
import { namespacePids } from '../process/proc.js';
import { elapsedMs } from '../timing.js';
import { namespaceLauncher } from './runtimes/launcher.js';
import type { PodRuntime } from './runtimes/runtime.js';

const launcher = await namespaceLauncher().catch((error: Error) => error);
const namespaces: PodRuntime | null = typeof launcher === 'string' ? { kind: 'namespaces', launcher } : null;
const runtimes: PodRuntime[] = [{ kind: 'process-group', why: 'test' }, ...(namespaces ? [namespaces] : [])];
const needsNamespaces = namespaces ? {} : { skip: `no PID namespaces here: ${(launcher as Error).message}` };

async function withPod(runtime: PodRuntime, spec: PodSpec, body: (pod: Pod, scenario: Scenario) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pod-test-'));
  // Every "program" is sh running the script given as the container's args.
  const profile = { name: 'shells', file: join(root, 'p.json'), roles: { entrypoint: { command: ['/bin/sh', '-c'] }, sidecar: { command: ['/bin/sh', '-c'] } }, capabilities: [], expectedFailures: [] };
  const scenario = await Scenario.create({ profile, timing: new Timing(1), tmpRoot: root, runTag: `pc-podtest${process.pid}-` });
  try {
    const pod = new SimulatedPod(scenario, spec, runtime);
    await pod.start();
    await body(pod, scenario);
  } finally {
    await scenario.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
}

/** A script that leaves a process running outside its process group, then waits. */
const ESCAPES = 'setsid sleep 600 & wait';
const IGNORES_TERM = "trap '' TERM; sleep 600 & wait";
const EXITS_ON_TERM = "trap 'exit 0' TERM; sleep 600 & wait";
const container = (name: string, script: string) => ({ name, role: 'entrypoint' as const, args: [script], env: {} });

function tagged(scenario: Scenario, name: string) {
  const tag = scenario.containerTag(name);
  return findTagged((t) => t === tag);
}

/** Waits until the container's script has started its sleep (so its traps are in place). */
async function sleeping(scenario: Scenario, name: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!tagged(scenario, name).some((p) => p.command.startsWith('sleep'))) {
    assert.ok(Date.now() < deadline, `${name} never started`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const runtime of runtimes) {
  test(`${runtime.kind}: a container whose first process ends takes its other processes with it`, async () => {
    await withPod(runtime, { terminationGraceMs: 1000, containers: [container('test', 'setsid sleep 600 & exit 0')] }, async (pod, scenario) => {
      await pod.gone;
      assert.equal(tagged(scenario, 'test').length, 0);
    });
  });

  test(`${runtime.kind}: deletion: SIGTERM ends a container that exits on it; SIGKILL ends the rest after the grace period`, async () => {
    const spec = { terminationGraceMs: 500, containers: [container('polite', EXITS_ON_TERM), { ...container('stubborn', IGNORES_TERM), role: 'sidecar' as const }] };
    await withPod(runtime, spec, async (pod, scenario) => {
      await sleeping(scenario, 'polite');
      await sleeping(scenario, 'stubborn');
      const deletion = await pod.delete();
      assert.deepEqual(deletion.killed, ['stubborn']);
      assert.equal(pod.container('polite').exit?.code, 0);
      assert.equal(pod.container('stubborn').exit?.signal, 'SIGKILL');
      assert.ok(elapsedMs(deletion.at, deletion.killedAt!) >= 500);
      assert.equal(tagged(scenario, 'polite').length + tagged(scenario, 'stubborn').length, 0);
    });
  });

  test(`${runtime.kind}: killing a container (as the OOM killer does) ends all of it, escaped processes included`, async () => {
    await withPod(runtime, { terminationGraceMs: 1000, containers: [container('test', ESCAPES)] }, async (pod, scenario) => {
      await sleeping(scenario, 'test');
      await pod.killContainer('test');
      assert.equal(pod.container('test').exit?.signal, 'SIGKILL');
      assert.equal(tagged(scenario, 'test').length, 0);
    });
  });
}

test('namespaces: the first process is PID 1, and a SIGTERM it has no handler for is dropped', needsNamespaces, async () => {
  await withPod(namespaces!, { terminationGraceMs: 300, containers: [container('test', 'sleep 600')] }, async (pod) => {
    const first = pod.container('test');
    assert.equal(namespacePids(first.pid).at(-1), 1);
    const deletion = await pod.delete();
    assert.deepEqual(deletion.killed, ['test'], 'sh as PID 1 without a trap should have survived SIGTERM');
    assert.equal(first.exit?.signal, 'SIGKILL');
  });
});

test('namespaces: when PID 1 ends, the kernel has killed the rest before the runtime looks', needsNamespaces, async () => {
  await withPod(namespaces!, { terminationGraceMs: 1000, containers: [container('test', "(trap '' TERM INT HUP; exec sleep 600) & exit 0")] }, async (pod) => {
    await pod.gone;
    assert.deepEqual(pod.leftAtEnd.get('test'), []);
  });
});

test('namespaces: in a shared process namespace the first process is no PID 1, and the runtime kills what it leaves', needsNamespaces, async () => {
  const spec = { terminationGraceMs: 300, shareProcessNamespace: true, containers: [container('test', 'sleep 1 & sleep 600 & wait')] };
  await withPod(namespaces!, spec, async (pod, scenario) => {
    await sleeping(scenario, 'test');
    assert.notEqual(namespacePids(pod.container('test').pid).at(-1), 1);
    const deletion = await pod.delete();
    assert.deepEqual(deletion.killed, [], 'sh that is not PID 1 dies of SIGTERM');
    assert.equal(pod.container('test').exit?.signal, 'SIGTERM');
    assert.ok(pod.leftAtEnd.get('test')!.some((p) => p.command.startsWith('sleep')), 'the sleeps should have been left to the runtime');
    assert.equal(findTagged((t) => scenario.owns(t)).length, 0, 'the sandbox should be gone with the pod');
  });
});
