// Steps about the test process (the probe): what it is told to do, and what it observed.
import { Given, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { ConformanceWorld } from './world.js';
import type { SignalName } from '../harness/process/signals.js';
import type { ProbeRecord } from '../harness/probe/listener.js';
import { elapsedMs } from '../harness/timing.js';
import { PROBE_SIGNALS, type ProbeSignal } from '../harness/probe/protocol.js';
import { findTagged } from '../harness/process/tree.js';
import { START_TIME_RESOLUTION_MS } from '../harness/process/proc.js';
import { sleepUntil } from '../harness/wait.js';
import { assertTiming } from './support/checks.js';
import { testReady, waitForTestGone } from './support/probe.js';

function probeSignal(signal: SignalName): ProbeSignal {
  assert.ok((PROBE_SIGNALS as readonly string[]).includes(signal), `the probe does not watch ${signal}`);
  return signal as ProbeSignal;
}

// ---- what the test does ----

Given('the test exits with code {int}', function (this: ConformanceWorld, code: number) {
  this.test.exitCode = code;
  this.test.runMs = 0;
});

Given('the test runs for {duration} and exits with code {int}', function (this: ConformanceWorld, ms: number, code: number) {
  this.test.runMs = ms;
  this.test.exitCode = code;
});

Given('the test runs until it is stopped', function (this: ConformanceWorld) {
  this.test.runMs = null;
});

Given('the test dies of an uncaught {signal} after {duration}', function (this: ConformanceWorld, signal: SignalName, ms: number) {
  this.test.runMs = ms;
  this.test.dieBy = probeSignal(signal);
});

Given('the test exits with code {int} {duration} after it receives {signal}', function (this: ConformanceWorld, code: number, ms: number, signal: SignalName) {
  this.test.runMs = null; // it runs until the signal ends it
  this.test.reactions[probeSignal(signal)] = { kind: 'exit', code, afterMs: ms };
});

Given('the test exits with code {int} {duration} after it receives SIGINT or SIGTERM', function (this: ConformanceWorld, code: number, ms: number) {
  this.test.runMs = null; // it runs until a signal ends it
  this.test.reactions.SIGINT = { kind: 'exit', code, afterMs: ms };
  this.test.reactions.SIGTERM = { kind: 'exit', code, afterMs: ms };
});

Given('the test ignores {signal}', function (this: ConformanceWorld, signal: SignalName) {
  this.test.reactions[probeSignal(signal)] = { kind: 'ignore' };
});

Given('the test ignores SIGINT and SIGTERM', function (this: ConformanceWorld) {
  this.test.reactions.SIGINT = { kind: 'ignore' };
  this.test.reactions.SIGTERM = { kind: 'ignore' };
});

Given('the test writes {int} MiB to stdout and {int} MiB to stderr', function (this: ConformanceWorld, out: number, err: number) {
  this.test.stdoutBytes = out * 1024 * 1024;
  this.test.stderrBytes = err * 1024 * 1024;
});

Given('the test starts a background process that keeps its output open for {duration}', function (this: ConformanceWorld, ms: number) {
  this.test.grandchild = { runMs: ms, ignoreSignals: true };
});

Given('the test starts a background process that ignores signals and runs until it is stopped', function (this: ConformanceWorld) {
  this.test.grandchild = { runMs: null, ignoreSignals: true };
});

// ---- what the test observed ----

/**
 * The test's probe, once its ready report has been read: a probe that lives a millisecond can end,
 * and the program that ran it too, before the harness has read what it sent.
 */
function testProbe(world: ConformanceWorld): Promise<ProbeRecord> {
  return testReady(world).catch(() => assert.fail('the test never started (no probe reported ready)'));
}

async function waitForSignal(world: ConformanceWorld, signal: string, withinMs: number): Promise<{ signal: string; at: bigint }> {
  const probes = world.scenario.probes;
  return probes.waitFor(`the test to receive ${signal}`, () => {
    const probe = probes.byRole('test');
    const received = probe?.signals.find((s) => s.signal === signal);
    if (!received && probe?.goneAt) {
      throw new Error(`the test ended without receiving ${signal} (signals: [${probe.signals.map((s) => s.signal).join(', ')}])`);
    }
    return received;
  }, withinMs);
}


function launchedAt(world: ConformanceWorld): bigint {
  assert.ok(world.entrypoint, 'entrypoint was not started');
  return world.entrypoint.launchedAt;
}

Then('the test receives {signal} {duration} after it started', async function (this: ConformanceWorld, signal: SignalName, ms: number) {
  this.scenario.needsWait(ms);
  const timing = this.scenario.timing;
  const received = await waitForSignal(this, signal, timing.deadlineMs(ms));
  assertTiming(this, timing.checkNotBeforeStart(`${signal} after the test started`, elapsedMs((await testProbe(this)).startedAt, received.at), ms, START_TIME_RESOLUTION_MS));
});

Then('the test exits by itself {duration} after it started', async function (this: ConformanceWorld, ms: number) {
  this.scenario.needsWait(ms);
  const timing = this.scenario.timing;
  const probe = await waitForTestGone(this, timing.deadlineMs(ms));
  assert.ok(probe.exiting, 'the test was killed, it did not exit by itself');
  // The test's own clock starts when it is ready (after its runtime has booted).
  assertTiming(this, timing.checkNotBefore('test exit after it was ready', elapsedMs(probe.readyAt, probe.goneAt!), ms));
});

Then('the test is killed {duration} after it started', async function (this: ConformanceWorld, ms: number) {
  this.scenario.needsWait(ms);
  const timing = this.scenario.timing;
  const probe = await waitForTestGone(this, timing.deadlineMs(ms));
  assert.equal(probe.exiting, null, `the test exited by itself with code ${probe.exiting?.code}: it was not killed`);
  assertTiming(this, timing.checkNotBeforeStart('kill after the test started', elapsedMs(probe.startedAt, probe.goneAt!), ms, START_TIME_RESOLUTION_MS));
});

Then('the test receives {signal} at once', async function (this: ConformanceWorld, signal: SignalName) {
  const timing = this.scenario.timing;
  const received = await waitForSignal(this, signal, timing.deadlineMs());
  const sent = this.sentSignals[0];
  assert.ok(sent, 'no signal was sent to entrypoint');
  assertTiming(this, timing.checkAtMost(`${signal} forwarded`, elapsedMs(sent.at, received.at), 0));
});

Then('the test receives {signal} and then {signal}', async function (this: ConformanceWorld, first: SignalName, second: SignalName) {
  await waitForTestGone(this, this.scenario.timing.deadlineMs(60_000));
  const signals = (await testProbe(this)).signals;
  const names = signals.map((s) => s.signal);
  assert.deepEqual([...new Set(names)].sort(), [first, second].sort(), `signals received: [${names.join(', ')}]`);
  assert.equal(names.filter((n) => n === second).length, 1, `signals received: [${names.join(', ')}]`);
  const a = signals.find((s) => s.signal === first)!.at;
  const b = signals.find((s) => s.signal === second)!.at;
  const laterBy = elapsedMs(b, a);
  assert.ok(laterBy <= this.scenario.timing.simultaneousMs,
    `${first} arrived ${laterBy.toFixed(1)} ms after ${second}: [${names.join(', ')}]`);
});

Then('the test receives SIGINT at least once and no other signal', async function (this: ConformanceWorld) {
  await waitForTestGone(this, this.scenario.timing.deadlineMs(60_000));
  const signals = (await testProbe(this)).signals.map((s) => s.signal);
  assert.ok(signals.length >= 1 && signals.every((s) => s === 'SIGINT'), `signals received: [${signals.join(', ')}]`);
});

Then('the test receives no signal', async function (this: ConformanceWorld) {
  await waitForTestGone(this, this.scenario.timing.deadlineMs(60_000));
  assert.deepEqual((await testProbe(this)).signals.map((s) => s.signal), []);
});

Then('the test exits by itself {duration} after it received {signal}', async function (this: ConformanceWorld, ms: number, signal: SignalName) {
  this.scenario.needsWait(this.scenario.inherentWaitMs + ms);
  const timing = this.scenario.timing;
  const received = await waitForSignal(this, signal, timing.deadlineMs(60_000));
  const probe = await waitForTestGone(this, timing.deadlineMs(ms));
  assert.ok(probe.exiting, 'the test was killed, it did not exit by itself');
  assertTiming(this, timing.checkAbout(`exit after ${signal}`, elapsedMs(received.at, probe.goneAt!), ms));
});

Then('the test is killed {duration} after entrypoint received the signal', async function (this: ConformanceWorld, ms: number) {
  const timing = this.scenario.timing;
  const probe = await waitForTestGone(this, timing.deadlineMs(ms));
  assert.equal(probe.exiting, null, `the test exited by itself with code ${probe.exiting?.code}: it was not killed`);
  const sent = this.sentSignals[0];
  assert.ok(sent, 'no signal was sent to entrypoint');
  this.scenario.needsWait(sent.inherentAtMs + ms);
  assertTiming(this, timing.checkNotBefore('kill after the signal', elapsedMs(sent.at, probe.goneAt!), ms));
});

Then('the test is still running, with no signal received, {duration} after entrypoint started', async function (this: ConformanceWorld, ms: number) {
  this.scenario.needsWait(ms);
  const probe = await this.scenario.probes.waitFor('the test to start', () => this.scenario.probes.byRole('test'), this.scenario.timing.deadlineMs());
  // Waiting out a span of time is the assertion itself here: nothing must happen during it.
  await sleepUntil(launchedAt(this), ms);
  assert.equal(probe.goneAt, null, 'the test has ended');
  assert.deepEqual(probe.signals.map((s) => s.signal), [], 'the test received signals');
});

Then('the test is still running {duration} after entrypoint received the signal', async function (this: ConformanceWorld, ms: number) {
  const probe = (await testProbe(this));
  const sent = this.sentSignals[0];
  assert.ok(sent, 'no signal was sent to entrypoint');
  this.scenario.needsWait(sent.inherentAtMs + ms);
  await sleepUntil(sent.at, ms);
  assert.equal(probe.goneAt, null, 'the test has ended');
});

Then('the background process receives no signal', async function (this: ConformanceWorld) {
  const grandchild = this.scenario.probes.byRole('grandchild');
  assert.ok(grandchild, 'the background process never started');
  assert.deepEqual(grandchild.signals.map((s) => s.signal), []);
});

Then('the test\'s stdin is \\/dev\\/null', async function (this: ConformanceWorld) {
  assert.equal((await testProbe(this)).stdin, '/dev/null');
});

Then('the test was never started', async function (this: ConformanceWorld) {
  assert.ok(this.entrypoint?.exit, 'entrypoint is still running');
  // Once entrypoint has exited, a test it had started is either connected to us or still
  // alive with the scenario's tag: neither may be the case.
  assert.equal(this.scenario.probes.connections, 0, 'the test process was started');
  const alive = findTagged((tag) => tag === this.scenario.tag);
  assert.deepEqual(alive.map((p) => p.command), [], 'a process of the scenario is running');
});
