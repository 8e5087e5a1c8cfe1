// The pod simulator kills like a kubelet: SIGTERM to each container's first process, SIGKILL to
// what is left after the termination grace period, and a container's every process goes with it,
// even one that left its process group. Real processes: shell scripts stand in for the programs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pod } from './pod.js';
import { Scenario } from '../scenario.js';
import { Timing } from '../timing.js';
import { findTagged } from '../process/tree.js';
import { elapsedMs } from '../timing.js';

async function withScenario(body: (scenario: Scenario) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pod-test-'));
  // Every "program" is sh running the script given as the container's args.
  const profile = { name: 'shells', file: join(root, 'p.json'), roles: { entrypoint: { command: ['/bin/sh', '-c'] }, sidecar: { command: ['/bin/sh', '-c'] } }, capabilities: [], expectedFailures: [] };
  const scenario = await Scenario.create({ profile, timing: new Timing(1), tmpRoot: root, runTag: `pc-podtest${process.pid}-` });
  try {
    await body(scenario);
  } finally {
    await scenario.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
}

/** A script that leaves a process running outside its process group, then waits. */
const ESCAPES = 'setsid sleep 600 & echo ready; wait';
const IGNORES_TERM = "trap '' TERM; sleep 600 & wait";
const EXITS_ON_TERM = "trap 'exit 0' TERM; sleep 600 & wait";

function alive(scenario: Scenario, container: string): number {
  const tag = scenario.containerTag(container);
  return findTagged((t) => t === tag).length;
}

test('a container whose first process ends takes its other processes with it', async () => {
  await withScenario(async (scenario) => {
    const pod = new Pod(scenario, { terminationGraceMs: 1000, containers: [{ name: 'test', role: 'entrypoint', args: ['setsid sleep 600 & exit 0'], env: {} }] });
    pod.start();
    await pod.gone;
    assert.equal(alive(scenario, 'test'), 0);
  });
});

test('deletion: SIGTERM ends a container that exits on it; SIGKILL ends the rest after the grace period', async () => {
  await withScenario(async (scenario) => {
    const pod = new Pod(scenario, {
      terminationGraceMs: 500,
      containers: [
        { name: 'polite', role: 'entrypoint', args: [EXITS_ON_TERM], env: {} },
        { name: 'stubborn', role: 'sidecar', args: [IGNORES_TERM], env: {} },
      ],
    });
    pod.start();
    // Let both shells install their traps: they are running once their sleep child exists.
    const deadline = Date.now() + 5000;
    while (alive(scenario, 'polite') < 2 || alive(scenario, 'stubborn') < 2) {
      assert.ok(Date.now() < deadline, 'the containers never started');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const deletion = await pod.delete();
    assert.deepEqual(deletion.killed, ['stubborn']);
    assert.equal(pod.container('polite').exit?.code, 0);
    assert.equal(pod.container('stubborn').exit?.signal, 'SIGKILL');
    assert.ok(elapsedMs(deletion.at, deletion.killedAt!) >= 500);
    assert.equal(alive(scenario, 'polite') + alive(scenario, 'stubborn'), 0);
  });
});

test('killing a container (as the OOM killer does) ends all of it, escaped processes included', async () => {
  await withScenario(async (scenario) => {
    const pod = new Pod(scenario, { terminationGraceMs: 1000, containers: [{ name: 'test', role: 'entrypoint', args: [ESCAPES], env: {} }] });
    pod.start();
    const deadline = Date.now() + 5000;
    while (alive(scenario, 'test') < 2) {
      assert.ok(Date.now() < deadline, 'the container never started');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await pod.killContainer('test');
    assert.equal(pod.container('test').exit?.signal, 'SIGKILL');
    assert.equal(alive(scenario, 'test'), 0);
  });
});
