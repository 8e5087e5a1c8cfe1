// Steps about whole pods: a Prow job pod or a ci-operator step pod, run by the pod simulator with
// the store the scenario chose, deleted as the kubelet deletes pods, and what is left afterwards.
import { Given, When, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { ConformanceWorld } from './world.js';
import type { Pod } from '../harness/pod/pod.js';
import { createPod } from '../harness/pod/create.js';
import { podSpec, podVolume, defaultTerminationGraceMs, SIDECAR_CONTAINER, TEST_CONTAINER, type PodKind } from '../harness/pod/kinds.js';
import type { PodRuntime } from '../harness/pod/runtimes/runtime.js';
import { UploadOrder } from '../harness/pod/upload-order.js';
import { argumentsOf, childrenOf, namespacePids, START_TIME_RESOLUTION_MS } from '../harness/process/proc.js';
import type { FoundProcess } from '../harness/process/tree.js';
import { readyWhileWaiting } from '../harness/process/readiness.js';
import { isProbe } from '../harness/probe/command.js';
import { elapsedMs, formatMs } from '../harness/timing.js';
import { pollUntil, sleep, withTimeout } from '../harness/wait.js';
import { key, readFinished, sidecarExit, store } from './support/sidecar.js';

function pod(world: ConformanceWorld): Pod {
  assert.ok(world.pod, 'the pod was not started');
  return world.pod;
}

function podRuntime(world: ConformanceWorld): PodRuntime {
  return world.parameters.podRuntime ?? { kind: 'process-group', why: 'no pod runtime was chosen' };
}

function planPod(world: ConformanceWorld, kind: PodKind, timeoutMs: number, gracePeriodMs: number): void {
  world.podPlan = {
    kind,
    timeoutMs,
    gracePeriodMs,
    terminationGraceMs: defaultTerminationGraceMs(gracePeriodMs),
  };
}

// ---- the pod ----

Given('a Prow job pod whose test has a timeout of {duration} and a grace period of {duration}', function (this: ConformanceWorld, timeout: number, grace: number) {
  planPod(this, 'prow-job', timeout, grace);
});

Given('a ci-operator step pod whose step has a timeout of {duration} and a grace period of {duration}', function (this: ConformanceWorld, timeout: number, grace: number) {
  planPod(this, 'ci-operator-step', timeout, grace);
});

Given('the pod has a termination grace period of {duration}', function (this: ConformanceWorld, ms: number) {
  assert.ok(this.podPlan, 'no pod planned');
  this.podPlan.terminationGraceMs = ms;
});

Given('the step\'s commands are:', function (this: ConformanceWorld, script: string) {
  this.stepCommands = script;
});

Given('a pod whose only container runs a test script without entrypoint', function (this: ConformanceWorld) {
  planPod(this, 'undecorated', 0, 0);
});

Given('the test script is:', function (this: ConformanceWorld, script: string) {
  this.stepCommands = script;
});

Given('each container has its own process namespace', function (this: ConformanceWorld) {
  assert.ok(this.podPlan, 'no pod planned');
  this.podPlan.shareProcessNamespace = false;
});

Given('the pod shares one process namespace', function (this: ConformanceWorld) {
  assert.ok(this.podPlan, 'no pod planned');
  this.podPlan.shareProcessNamespace = true;
});

Given('the test container is created but starts its program only when told', function (this: ConformanceWorld) {
  assert.ok(this.podPlan, 'no pod planned');
  this.podPlan.holdTest = true;
});

Given('the test exits with code {int} after {duration}, leaving a process behind that ignores every signal and holds none of its output', function (this: ConformanceWorld, code: number, ms: number) {
  this.test.exitCode = code;
  this.test.runMs = ms;
  this.test.grandchild = { runMs: null, ignoreSignals: true, quiet: true };
});

When('the pod starts', async function (this: ConformanceWorld) {
  const plan = this.podPlan;
  assert.ok(plan, 'no pod planned');
  if (plan.kind === 'undecorated') {
    const test = ['/bin/bash', '-c', this.stepCommands ?? assert.fail('the test script was not given')];
    this.pod = createPod(this, podSpec(this.scenario, { ...plan, test, destination: {}, job: this.job }), podRuntime(this));
    await this.pod.start();
    return;
  }
  const test = plan.kind === 'ci-operator-step' ? ['/bin/bash', '-c', this.stepCommands ?? assert.fail('the step has no commands')] : this.scenario.probeCommand(this.test);
  this.pod = createPod(this, podSpec(this.scenario, { ...plan, test, destination: store(this).destination(), pathStrategy: this.sidecarOptions.pathStrategy, job: this.job }), podRuntime(this));
  await this.pod.start();
  // The first processes of the containers, for the steps that check entrypoint's and the
  // sidecar's own results (in a step pod the test container's first process is the wrapper).
  this.entrypoint = this.pod.container(TEST_CONTAINER);
  this.sidecar = this.pod.container(SIDECAR_CONTAINER);
  this.uploadOrder = new UploadOrder(podVolume(this.scenario).markerFile, store(this), key(this, 'finished.json'));
});

When('the step has printed {string}', async function (this: ConformanceWorld, line: string) {
  // The process log is entrypoint's copy of the step's output: polled, as a user would tail it.
  await printed(this, podVolume(this.scenario).processLog, line, 'the step');
});

/** Waits until `file` (a container's output) contains `line`, failing at once if the container ends first. */
async function printed(world: ConformanceWorld, file: string, line: string, who: string): Promise<void> {
  await pollUntil(
    () => {
      if (existsSync(file) && readFileSync(file, 'utf8').includes(line)) return true;
      assert.ok(!pod(world).container(TEST_CONTAINER).exit, `the test container ended before ${who} printed "${line}"`);
      return false;
    },
    { what: `${who} to print "${line}"`, timeoutMs: world.scenario.timing.deadlineMs(), intervalMs: 10 },
  );
}

When('the pod is deleted', async function (this: ConformanceWorld) {
  const p = pod(this);
  const timing = this.scenario.timing;
  // Deleting a pod whose sidecar is still starting would test its start-up, not the protocol.
  if (p.has(SIDECAR_CONTAINER) && !p.container(SIDECAR_CONTAINER).exit) {
    await readyWhileWaiting(p.container(SIDECAR_CONTAINER), podVolume(this.scenario).dir, { startupMs: timing.startupMs, deadlineMs: timing.deadlineMs() });
  }
  this.deletionInherentAtMs = this.scenario.inherentWaitMs;
  this.podDeletion = p.delete();
});

When('the test container has printed {string}', async function (this: ConformanceWorld, line: string) {
  await printed(this, this.scenario.path(`${TEST_CONTAINER}.stdout`), line, 'the test container');
});

When('the pod is deleted, and the test container\'s program then starts', async function (this: ConformanceWorld) {
  const p = pod(this);
  await readyWhileWaiting(p.container(SIDECAR_CONTAINER), podVolume(this.scenario).dir, { startupMs: this.scenario.timing.startupMs, deadlineMs: this.scenario.timing.deadlineMs() });
  this.deletionInherentAtMs = this.scenario.inherentWaitMs;
  // delete() has sent its SIGTERMs before it returns its promise: the program starts after them.
  this.podDeletion = p.delete();
  p.release(TEST_CONTAINER);
});

When('the test container is killed, as by the out-of-memory killer', async function (this: ConformanceWorld) {
  await pod(this).killContainer(TEST_CONTAINER);
});

// ---- what the pod did ----

async function deletion(world: ConformanceWorld) {
  assert.ok(world.podDeletion, 'the pod was not deleted');
  return world.podDeletion;
}

Then('the pod is gone within its termination grace period', async function (this: ConformanceWorld) {
  const done = await deletion(this);
  this.scenario.figure(`pod gone ${formatMs(elapsedMs(done.at, done.goneAt))} after its deletion`);
  assert.deepEqual(done.killed, [], `the termination grace period ran out with ${done.killed.join(' and ')} still running`);
});

Then('the kubelet kills the containers {string} at the end of the termination grace period', async function (this: ConformanceWorld, list: string) {
  this.scenario.needsWait(this.deletionInherentAtMs + pod(this).spec.terminationGraceMs);
  const done = await deletion(this);
  assert.deepEqual(done.killed, list.split(/,\s*/), 'containers still running when the termination grace period ran out');
});

Then('the test container is killed with SIGKILL at the end of the termination grace period', async function (this: ConformanceWorld) {
  this.scenario.needsWait(this.deletionInherentAtMs + pod(this).spec.terminationGraceMs);
  const done = await deletion(this);
  assert.deepEqual(done.killed, [TEST_CONTAINER], 'the test container ended within the termination grace period: the SIGTERM reached it');
  assert.equal(pod(this).container(TEST_CONTAINER).exit?.signal, 'SIGKILL');
});

Then('the test container dies of SIGTERM at once', async function (this: ConformanceWorld) {
  const done = await deletion(this);
  const exit = pod(this).container(TEST_CONTAINER).exit!;
  assert.equal(exit.signal, 'SIGTERM', `the test container ended with ${exit.code ?? exit.signal}`);
  const check = this.scenario.timing.checkAtMost('test container gone after SIGTERM', elapsedMs(done.at, exit.at), 0);
  this.scenario.figure(check.figure);
  assert.ok(check.ok, check.message);
});

Then('entrypoint is PID 1 of the test container', function (this: ConformanceWorld) {
  const first = pod(this).container(TEST_CONTAINER);
  assert.ok(isProcess(this, 'entrypoint', first.pid), `the container's first process is not entrypoint: ${argumentsOf(first.pid).join(' ')}`);
  const pids = namespacePids(first.pid);
  this.scenario.figure(`entrypoint: host pid ${pids[0]}, NSpid ${pids.join(' ')}`);
  assert.equal(pids.at(-1), 1, `entrypoint is pid ${pids.at(-1)} in its namespace`);
});

Then('the test receives no signal before the kubelet kills the containers {string} at the end of the termination grace period', async function (this: ConformanceWorld, list: string) {
  this.scenario.needsWait(this.deletionInherentAtMs + pod(this).spec.terminationGraceMs);
  const done = await deletion(this);
  assert.deepEqual([...done.killed].sort(), list.split(/,\s*/).sort(), 'containers still running when the termination grace period ran out');
  const probe = this.scenario.probes.byRole('test');
  assert.ok(probe, 'the test never started');
  assert.deepEqual(probe.signals.map((s) => s.signal), [], 'the test received signals: the SIGTERM was not lost');
});

function leftBehind(world: ConformanceWorld): FoundProcess[] {
  const left = pod(world).leftAtEnd.get(TEST_CONTAINER);
  assert.ok(left, 'the test container has not ended');
  return left.filter((p) => p.command.includes(' --role grandchild '));
}

/** Waits for the background process's death to be reported (its socket closing is an event of its own). */
async function backgroundGone(world: ConformanceWorld): Promise<void> {
  const probes = world.scenario.probes;
  const background = probes.byRole('grandchild');
  assert.ok(background, 'the background process never started');
  await probes.waitFor('the background process to be gone', () => background.goneAt, world.scenario.timing.deadlineMs());
}

Then('the background process was gone before the test container\'s end was noticed', async function (this: ConformanceWorld) {
  assert.deepEqual(leftBehind(this), [], 'the background process was still running when the container ended: nothing killed it with PID 1');
  await backgroundGone(this);
});

Then('the background process was still running when the test container ended, and the runtime killed it', async function (this: ConformanceWorld) {
  assert.equal(leftBehind(this).length, 1, 'the background process was already gone when the container ended: something killed it with the first process');
  await backgroundGone(this);
});

Then('the pod ends by itself', async function (this: ConformanceWorld) {
  await withTimeout(pod(this).gone, this.scenario.timing.deadlineMs(), 'the pod is still running');
});

/** Each name of a tree description, as /proc shows the process. */
function isProcess(world: ConformanceWorld, name: string, pid: number): boolean {
  const argv = argumentsOf(pid);
  switch (name) {
    case 'the test':
      return isProbe(argv);
    case 'the step\'s shell':
      return argv[0] === '/bin/bash' && argv[1] === '-c' && argv[2] === world.stepCommands;
    case 'entrypoint':
    case 'entrypoint-wrapper':
      // A script's argv starts with its interpreter; a binary's is its path.
      return argv.includes(world.scenario.command(name).at(-1)!);
    default:
      throw new Error(`unknown process "${name}" (known: entrypoint-wrapper, entrypoint, the test, the step's shell)`);
  }
}

Then('the test container\'s process tree is {string}', function (this: ConformanceWorld, chain: string) {
  const [top, ...below] = chain.split(/\s*>\s*/);
  let pid = pod(this).container(TEST_CONTAINER).pid;
  assert.ok(isProcess(this, top, pid), `the container's first process is not ${top}: ${argumentsOf(pid).join(' ')}`);
  // What /proc shows, with each process's pid in every namespace it is in (the report's proof
  // that the container is a namespace of its own).
  const seen = [`${top} (NSpid ${namespacePids(pid).join(' ')})`];
  for (const name of below) {
    const children = childrenOf(pid);
    const child = children.find((c) => isProcess(this, name, c));
    assert.ok(child, `${argumentsOf(pid)[0]} (pid ${pid}) has no child that is ${name}; its children: ${children.map((c) => argumentsOf(c).join(' ')).join('; ') || 'none'}`);
    pid = child;
    seen.push(`${name} (NSpid ${namespacePids(pid).join(' ')})`);
  }
  this.scenario.figure(`process tree: ${seen.join(' > ')}`);
});

Then('finished.json soon says the job was aborted while the test is still running', async function (this: ConformanceWorld) {
  let last: Record<string, unknown> | null = null;
  const finished = await pollUntil(
    async (): Promise<{ passed: unknown; testGone: boolean } | false> => {
      const seen = await readFinished(this);
      last = seen;
      // The test's state at the moment the upload was seen, not after the wait.
      return seen?.result === 'ABORTED' && { passed: seen.passed, testGone: Boolean(this.scenario.probes.byRole('test')?.goneAt) };
    },
    { what: 'finished.json to say ABORTED', timeoutMs: this.scenario.timing.deadlineMs() },
  ).catch((error: Error) => assert.fail(`${error.message}; last seen: ${JSON.stringify(last)}`));
  assert.equal(finished.passed, false);
  assert.ok(this.scenario.probes.byRole('test') && !finished.testGone, 'the test had ended before the sidecar uploaded');
});

Then('the build log uploaded with it does not mention {string}', async function (this: ConformanceWorld, text: string) {
  // The objects of one upload go up side by side: build-log.txt may follow finished.json.
  const log = await pollUntil(() => store(this).read(key(this, 'build-log.txt')), { what: 'build-log.txt to be uploaded', timeoutMs: this.scenario.timing.deadlineMs() });
  assert.ok(!log.toString('utf8').includes(text), `build-log.txt mentions "${text}"`);
});

Then('the marker is written no earlier than {duration} after the test started, and finished.json only after the marker', async function (this: ConformanceWorld, ms: number) {
  await sidecarExit(this);
  const order = this.uploadOrder;
  assert.ok(order, 'the pod was not started');
  await order.stop();
  const probe = this.scenario.probes.byRole('test');
  assert.ok(probe, 'the test never started');
  assert.ok(order.markerSeenAt, 'no marker was written');
  assert.ok(order.finishedSeenAt, 'no finished.json was uploaded');
  assert.ok(!order.uploadedBeforeMarker, 'finished.json was uploaded before the marker was written');
  // entrypoint writes the marker once it has sent SIGKILL, without waiting for the kernel to end the test.
  const check = this.scenario.timing.checkSeenNotBefore('marker after the test started', elapsedMs(probe.startedAt, order.markerSeenAt), ms, START_TIME_RESOLUTION_MS);
  this.scenario.figure(check.figure);
  this.scenario.figure(`finished.json seen ${formatMs(elapsedMs(order.markerSeenAt, order.finishedSeenAt))} after the marker`);
  assert.ok(check.ok, check.message);
});

Then('the sidecar is still waiting {duration} later, having uploaded nothing', async function (this: ConformanceWorld, ms: number) {
  this.scenario.needsWait(this.scenario.inherentWaitMs + ms);
  // The assertion is about a span of time: nothing may happen in it.
  await sleep(ms);
  assert.equal(pod(this).container(SIDECAR_CONTAINER).exit, null, 'the sidecar exited');
  assert.deepEqual(await store(this).list(), [], 'objects were uploaded');
});
