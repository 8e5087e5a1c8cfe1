// Steps about entrypoint-wrapper: the environment a ci-operator step pod gives it, running it
// around the test, signalling it, and what it leaves (exit status, stderr, the dry-run Secret).
import { Given, When, Then, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ConformanceWorld } from './world.js';
import type { SignalName } from '../harness/process/signals.js';
import { elapsedMs } from '../harness/timing.js';
import { readyWhileWaiting } from '../harness/process/readiness.js';
import { writeAtomically } from '../harness/files/atomic.js';
import { findTagged } from '../harness/process/tree.js';
import { pollUntil, sleep } from '../harness/wait.js';
import { assertMentions, assertTiming, programOutput } from './support/checks.js';
import { testReady, waitForTestGone } from './support/probe.js';

function sharedDir(world: ConformanceWorld): string {
  return world.scenario.path('shared');
}

Given('a step pod environment for entrypoint-wrapper', function (this: ConformanceWorld) {
  for (const dir of ['shared', 'home', 'tmp']) mkdirSync(this.scenario.path(dir), { recursive: true });
  // A private HOME and TMPDIR: the wrapper writes $HOME/.gitconfig and $TMPDIR/secret.
  this.wrapperEnv = {
    SHARED_DIR: sharedDir(this),
    NAMESPACE: 'ci-op-conformance',
    JOB_NAME_SAFE: 'e2e-step',
    HOME: this.scenario.path('home'),
    TMPDIR: this.scenario.path('tmp'),
    PATH: process.env.PATH,
    // outside any cluster, whatever the harness runs in
    KUBERNETES_SERVICE_HOST: undefined,
    KUBERNETES_SERVICE_PORT: undefined,
    KUBECONFIG: undefined,
    CLI_DIR: undefined,
  };
  this.test.reportEnv.push('SHARED_DIR', 'HOME', 'PATH', 'KUBECONFIG');
});

Given('the environment variable {word} is {string}', function (this: ConformanceWorld, name: string, value: string) {
  this.wrapperEnv[name] = value;
});

Given('the environment variable {word} is not set', function (this: ConformanceWorld, name: string) {
  this.wrapperEnv[name] = undefined;
});

Given('HOME is a file, not a folder', function (this: ConformanceWorld) {
  writeFileSync(this.scenario.path('home-file'), '');
  this.wrapperEnv.HOME = this.scenario.path('home-file');
});

Given('KUBECONFIG points at {string}, a folder', function (this: ConformanceWorld, relative: string) {
  mkdirSync(this.scenario.path(relative), { recursive: true });
  this.wrapperEnv.KUBECONFIG = this.scenario.path(relative);
});

Given('KUBECONFIG points at {string}, a link to itself', function (this: ConformanceWorld, relative: string) {
  mkdirSync(dirname(this.scenario.path(relative)), { recursive: true });
  symlinkSync(this.scenario.path(relative), this.scenario.path(relative));
  this.wrapperEnv.KUBECONFIG = this.scenario.path(relative);
});

Given('the test links {string} in its SHARED_DIR to {string}', function (this: ConformanceWorld, name: string, target: string) {
  this.test.links[`$SHARED_DIR/${name}`] = target;
});

Given('HOME is not set', function (this: ConformanceWorld) {
  this.wrapperEnv.HOME = undefined;
});

Given('entrypoint-wrapper\'s TMPDIR names a folder that does not exist yet', function (this: ConformanceWorld) {
  this.wrapperEnv.TMPDIR = this.scenario.path('not-yet', 'tmp');
});

Given('HOME names a directory that does not exist', function (this: ConformanceWorld) {
  this.wrapperEnv.HOME = this.scenario.path('no-such-home');
});

Given('the home directory holds {string} with:', function (this: ConformanceWorld, name: string, content: string) {
  writeFileSync(this.scenario.path('home', name), `${content}\n`);
});

Given('KUBECONFIG points at {string} holding {string}', function (this: ConformanceWorld, relative: string, content: string) {
  mkdirSync(dirname(this.scenario.path(relative)), { recursive: true });
  writeFileSync(this.scenario.path(relative), content);
  this.wrapperEnv.KUBECONFIG = this.scenario.path(relative);
});

Given('KUBECONFIG points at {string}, which does not exist yet', function (this: ConformanceWorld, relative: string) {
  mkdirSync(dirname(this.scenario.path(relative)), { recursive: true });
  this.wrapperEnv.KUBECONFIG = this.scenario.path(relative);
});

Given('the environment variable {word} is empty', function (this: ConformanceWorld, name: string) {
  this.wrapperEnv[name] = '';
});

Given('the shared directory holds {string} with {string}', function (this: ConformanceWorld, name: string, content: string) {
  writeFileSync(join(sharedDir(this), name), content);
});

Given('the shared directory is empty', function (this: ConformanceWorld) {
  for (const name of readdirSync(sharedDir(this))) rmSync(join(sharedDir(this), name), { recursive: true });
});

Given('the test writes {int} bytes to {string} in its SHARED_DIR', function (this: ConformanceWorld, size: number, name: string) {
  this.test.files[`$SHARED_DIR/${name}`] = size;
});

Given('entrypoint-wrapper runs with {string}', function (this: ConformanceWorld, flags: string) {
  this.wrapperFlags = flags.split(' ').map((f) => f.replace('<scenario>', this.scenario.dir));
});

Given('entrypoint-wrapper is given no command', function (this: ConformanceWorld) {
  this.wrapperRunsTest = false;
});

When('entrypoint-wrapper runs the test', function (this: ConformanceWorld) {
  const command = this.commandOverride ?? this.scenario.probeCommand(this.test);
  const args = [...this.wrapperFlags, ...(this.wrapperRunsTest ? command : [])];
  this.wrapper = this.scenario.start('entrypoint-wrapper', this.wrapperEnv as Record<string, string>, args);
});

When('entrypoint-wrapper receives the signals {string}, {duration} apart', async function (this: ConformanceWorld, list: string, ms: number) {
  const wrapper = this.wrapper;
  assert.ok(wrapper, 'entrypoint-wrapper was not started');
  await testReady(this);
  const signals = list.split(/,\s*/) as SignalName[];
  this.scenario.needsWait(signals.length * ms);
  // Spaced so that no two are pending at once: each is a separate delivery.
  for (const [i, signal] of signals.entries()) {
    if (i > 0) await sleep(ms);
    this.sentSignals.push({ signal, at: this.scenario.signal(wrapper, signal), inherentAtMs: this.scenario.inherentWaitMs, to: wrapper.name });
  }
});

/** The file given to --wait-for-file. */
function waitedFile(world: ConformanceWorld): string {
  const at = world.wrapperFlags.indexOf('--wait-for-file');
  assert.ok(at >= 0, 'entrypoint-wrapper was given no --wait-for-file');
  return world.wrapperFlags[at + 1];
}

When('entrypoint-wrapper receives {signal}', async function (this: ConformanceWorld, signal: SignalName) {
  assert.ok(this.wrapper, 'entrypoint-wrapper was not started');
  await testReady(this);
  this.sentSignals.push({ signal, at: this.scenario.signal(this.wrapper, signal), inherentAtMs: this.scenario.inherentWaitMs, to: this.wrapper.name });
});

When('{string} is written with {string} while the test runs', async function (this: ConformanceWorld, relative: string, content: string) {
  await testReady(this);
  writeAtomically(this.scenario.path(relative), content);
});

When('the test\'s copy of KUBECONFIG is changed to {string}', async function (this: ConformanceWorld, content: string) {
  writeFileSync(String(await testEnv(this, 'KUBECONFIG')), content);
});

Then('the test\'s copy of KUBECONFIG still holds {string} {duration} later', async function (this: ConformanceWorld, content: string, ms: number) {
  this.scenario.needsWait(this.scenario.inherentWaitMs + ms);
  // The wait is the scenario: a re-copy would come with the next look, a second later.
  await sleep(ms);
  assert.equal(readFileSync(String(await testEnv(this, 'KUBECONFIG')), 'utf8'), content);
  assert.equal(this.scenario.probes.byRole('test')!.goneAt, null, 'the test has ended');
});

When('the file {string} appears {duration} later', async function (this: ConformanceWorld, relative: string, ms: number) {
  this.scenario.needsWait(ms);
  // The delay is the scenario: the test must not start before the file exists.
  await sleep(ms);
  assert.equal(this.scenario.probes.connections, 0, 'the test started before the file appeared');
  this.fileAppearedAt = process.hrtime.bigint();
  writeAtomically(this.scenario.path(relative), 'ready');
});

async function wrapperExit(world: ConformanceWorld) {
  assert.ok(world.wrapper, 'entrypoint-wrapper was not started');
  return world.wrapper.waitForExit(world.scenario.timing.deadlineMs(60_000));
}

function wrapperOutput(world: ConformanceWorld, stream: 'stdout' | 'stderr'): string {
  return programOutput(world, world.wrapper, stream);
}

Then('the test receives exactly the signals {string}, in that order', async function (this: ConformanceWorld, list: string) {
  const expected = list.split(/,\s*/);
  const probes = this.scenario.probes;
  const probe = await probes.waitFor(`the test to receive ${expected.length} signals`, () => {
    const p = probes.byRole('test');
    return p && (p.signals.length >= expected.length || p.goneAt) ? p : undefined;
  }, this.scenario.timing.deadlineMs(expected.length * 1000));
  assert.deepEqual(probe.signals.map((s) => s.signal), expected);
  const delays = probe.signals.map((s, i) => elapsedMs(this.sentSignals[i].at, s.at));
  assertTiming(this, this.scenario.timing.checkAtMost('slowest forwarding', Math.max(...delays), 0));
});

Then('entrypoint-wrapper exits with status {int}', async function (this: ConformanceWorld, status: number) {
  const exit = await wrapperExit(this);
  assert.equal(exit.signal, null, `entrypoint-wrapper was killed by ${exit.signal}`);
  assert.equal(exit.code, status);
});

Then('entrypoint-wrapper\'s error output has the lines:', async function (this: ConformanceWorld, table: DataTable) {
  await wrapperExit(this);
  const lines = wrapperOutput(this, 'stderr').split('\n');
  let from = 0;
  for (const [expected] of table.raw()) {
    const at = lines.indexOf(expected, from);
    assert.ok(at >= 0, `no line "${expected}" (in order) in:\n${lines.join('\n')}`);
    from = at + 1;
  }
});

Then('entrypoint-wrapper\'s error output mentions {string}', async function (this: ConformanceWorld, pattern: string) {
  await wrapperExit(this);
  assertMentions(wrapperOutput(this, 'stderr'), pattern);
});

Then('the test never started under entrypoint-wrapper', async function (this: ConformanceWorld) {
  await wrapperExit(this);
  assert.equal(this.scenario.probes.connections, 0, 'the test was started');
  assert.deepEqual(findTagged((tag) => tag === this.scenario.tag, true).map((p) => p.command), []);
});

Then('the test saw SHARED_DIR pointing at a copy of the shared files', async function (this: ConformanceWorld) {
  const probe = await testReady(this);
  const seen = probe.env.SHARED_DIR;
  assert.ok(seen, 'the test had no SHARED_DIR');
  assert.notEqual(seen, sharedDir(this), 'SHARED_DIR is the original directory, not a copy');
  for (const name of readdirSync(sharedDir(this))) {
    assert.equal(readFileSync(join(seen, name), 'utf8'), readFileSync(join(sharedDir(this), name), 'utf8'), `${name} in the copy`);
  }
});

Given('the shared directory is a file, not a folder', function (this: ConformanceWorld) {
  const file = this.scenario.path('shared-file');
  writeFileSync(file, '');
  this.wrapperEnv.SHARED_DIR = file;
});

Given('the shared directory holds a link to {string} named {string}', function (this: ConformanceWorld, target: string, name: string) {
  symlinkSync(target, join(sharedDir(this), name));
});

Given('the shared directory holds a folder {string}', function (this: ConformanceWorld, name: string) {
  mkdirSync(join(sharedDir(this), name));
});

Then('the test saw SHARED_DIR pointing at a copy of the shared files, without {string}', async function (this: ConformanceWorld, name: string) {
  const seen = (await testReady(this)).env.SHARED_DIR;
  assert.ok(seen, 'the test had no SHARED_DIR');
  const expected = readdirSync(sharedDir(this)).filter((n) => n !== name).sort();
  assert.deepEqual(readdirSync(seen).sort(), expected);
});

Then('the test sees entrypoint-wrapper\'s PATH unchanged', async function (this: ConformanceWorld) {
  assert.equal(await testEnv(this, 'PATH'), this.wrapperEnv.PATH);
});

Then('the test\'s copy of KUBECONFIG is {string} and digits in entrypoint-wrapper\'s TMPDIR, readable by its owner only', async function (this: ConformanceWorld, prefix: string) {
  const seen = String(await testEnv(this, 'KUBECONFIG'));
  assert.equal(dirname(seen), String(this.wrapperEnv.TMPDIR));
  assert.match(basename(seen), new RegExp(`^${prefix}\\d+$`), 'the copy is named as os.CreateTemp names it');
  assert.equal(statSync(seen).mode & 0o777, 0o600, `the copy has mode ${(statSync(seen).mode & 0o777).toString(8)}`);
});

Then('the original shared directory holds no {string}', async function (this: ConformanceWorld, name: string) {
  await wrapperExit(this);
  assert.equal(existsSync(join(sharedDir(this), name)), false);
});

Then('entrypoint-wrapper prints the Secret {string} holding:', async function (this: ConformanceWorld, name: string, table: DataTable) {
  await wrapperExit(this);
  const lines = wrapperOutput(this, 'stdout').trim().split('\n');
  // The Secret is the last line; earlier copies may appear while the test runs.
  const secret = JSON.parse(lines.at(-1)!);
  assert.equal(secret.kind, 'Secret');
  assert.equal(secret.apiVersion, 'v1');
  assert.equal(secret.metadata?.name, name);
  assert.equal(secret.metadata?.labels?.['ci.openshift.io/skip-censoring'], 'true');
  const data = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]));
  const expected = Object.fromEntries(table.raw().map(([k, v]) => [k, v.replace(/^<(\d+) a>$/, (_, n: string) => 'a'.repeat(Number(n)))]));
  assert.deepEqual(data, expected);
});

Then('the printed Secret\'s line spells the key {string} as {string}', async function (this: ConformanceWorld, key: string, spelled: string) {
  await wrapperExit(this);
  const line = wrapperOutput(this, 'stdout').trim().split('\n').at(-1)!;
  assert.ok(JSON.parse(line).data?.[key] !== undefined, `the Secret has no key ${JSON.stringify(key)}`);
  assert.ok(line.includes(`"${spelled}":`), `the Secret's line does not spell ${JSON.stringify(key)} as ${spelled}: ${line}`);
});

Then('the test started as soon as the file appeared', async function (this: ConformanceWorld) {
  const probe = await testReady(this);
  assert.ok(this.fileAppearedAt, 'the file has not appeared');
  assertTiming(this, this.scenario.timing.checkAtMost('test start after the file appeared', elapsedMs(this.fileAppearedAt, probe.startedAt), 0));
});

Given('the file {string} is already there', function (this: ConformanceWorld, relative: string) {
  writeAtomically(this.scenario.path(relative), 'ready');
});

When('the test\'s SHARED_DIR is removed while the test runs', async function (this: ConformanceWorld) {
  rmSync(String((await testReady(this)).env.SHARED_DIR), { recursive: true });
});

When('the test\'s SHARED_DIR is replaced by a file while the test runs', async function (this: ConformanceWorld) {
  const dir = String((await testReady(this)).env.SHARED_DIR);
  rmSync(dir, { recursive: true });
  writeFileSync(dir, 'not a folder');
});

Then('the test started only after the file appeared', async function (this: ConformanceWorld) {
  const probe = await testReady(this);
  assert.ok(this.fileAppearedAt && probe.startedAt >= this.fileAppearedAt - 20_000_000n, 'the test started before the file appeared');
});

Then('the test starts {duration} after entrypoint-wrapper began waiting for the file', async function (this: ConformanceWorld, ms: number) {
  this.scenario.needsWait(ms);
  const timing = this.scenario.timing;
  await readyWhileWaiting(this.wrapper!, dirname(waitedFile(this)), { startupMs: timing.startupMs, deadlineMs: timing.deadlineMs() });
  const waitingSeenAt = process.hrtime.bigint();
  const probe = await this.scenario.probes.waitFor('the test to start', () => this.scenario.probes.byRole('test'), timing.deadlineMs(ms));
  // both ends are seen with some delay: when the watch shows in /proc, when the test was exec'd
  assertTiming(this, timing.checkAbout('test start after the wait began', elapsedMs(waitingSeenAt, probe.startedAt), ms));
});

Then('the test ran and exited with code {int}', async function (this: ConformanceWorld, code: number) {
  await wrapperExit(this);
  // The test's last reports are in the socket's buffers by now, not necessarily read yet.
  const probe = await waitForTestGone(this, this.scenario.timing.deadlineMs());
  assert.equal(probe.exiting?.code, code);
});

async function testEnv(world: ConformanceWorld, name: string): Promise<string | null> {
  return (await testReady(world)).env[name];
}

Then('the test sees HOME unchanged', async function (this: ConformanceWorld) {
  assert.equal(await testEnv(this, 'HOME'), this.wrapperEnv.HOME);
});

Then('the test sees HOME set to {string}', async function (this: ConformanceWorld, home: string) {
  assert.equal(await testEnv(this, 'HOME'), home);
});

Then('the test sees PATH {string}', async function (this: ConformanceWorld, path: string) {
  assert.equal(await testEnv(this, 'PATH'), path);
});

Then('the test sees entrypoint-wrapper\'s PATH followed by {string}', async function (this: ConformanceWorld, dir: string) {
  assert.equal(await testEnv(this, 'PATH'), `${this.wrapperEnv.PATH}:${dir}`);
});

Then('{string} in the home directory holds:', async function (this: ConformanceWorld, name: string, content: string) {
  await wrapperExit(this);
  assert.equal(readFileSync(this.scenario.path('home', name), 'utf8'), `${content}\n`);
});

Then('the test\'s KUBECONFIG is a private copy of {string}', async function (this: ConformanceWorld, relative: string) {
  await wrapperExit(this);
  const seen = await testEnv(this, 'KUBECONFIG');
  assert.ok(seen, 'the test had no KUBECONFIG');
  assert.notEqual(seen, this.scenario.path(relative), 'KUBECONFIG is the original, not a copy');
  assert.equal(readFileSync(seen, 'utf8'), readFileSync(this.scenario.path(relative), 'utf8'));
});

Then('the test\'s KUBECONFIG is {string} itself', async function (this: ConformanceWorld, relative: string) {
  assert.equal(await testEnv(this, 'KUBECONFIG'), this.scenario.path(relative));
});

Then('the test\'s KUBECONFIG becomes a copy of {string} while it runs', async function (this: ConformanceWorld, relative: string) {
  const original = readFileSync(this.scenario.path(relative), 'utf8');
  const seen = await testEnv(this, 'KUBECONFIG');
  assert.ok(seen && seen !== this.scenario.path(relative), `the test's KUBECONFIG is ${seen}, not a copy`);
  // upstream looks for the original once a second
  await pollUntil(() => existsSync(seen) && readFileSync(seen, 'utf8') === original, { what: `a copy of ${relative} at ${seen}`, timeoutMs: this.scenario.timing.deadlineMs(1000) });
  assert.equal(this.scenario.probes.byRole('test')!.goneAt, null, 'the test has ended');
});

/** The Secrets printed so far (complete lines only). */
function printedSecrets(world: ConformanceWorld): { data?: Record<string, string> }[] {
  const lines = wrapperOutput(world, 'stdout').split('\n').slice(0, -1);
  return lines.filter((l) => l.startsWith('{"kind":"Secret"')).map((l) => JSON.parse(l));
}

Then('entrypoint-wrapper printed these Secrets, one per line:', async function (this: ConformanceWorld, table: DataTable) {
  await wrapperExit(this);
  const printed = printedSecrets(this).map((s) => Object.keys(s.data ?? {}).join(', '));
  assert.deepEqual(printed, table.raw().map(([keys]) => keys), 'the keys of each Secret printed, in the order printed');
});

Then('the printed Secret\'s keys are, in order: {string}', async function (this: ConformanceWorld, keys: string) {
  await wrapperExit(this);
  const last = printedSecrets(this).at(-1);
  assert.ok(last, 'no Secret was printed');
  assert.equal(Object.keys(last.data ?? {}).join(', '), keys);
});

Then('entrypoint-wrapper prints no Secret', async function (this: ConformanceWorld) {
  await wrapperExit(this);
  assert.deepEqual(printedSecrets(this), []);
});

Then('entrypoint-wrapper prints a Secret holding {string} while the test still runs', async function (this: ConformanceWorld, name: string) {
  const probe = await testReady(this);
  // upstream looks at the directory once a second
  await pollUntil(() => printedSecrets(this).some((s) => s.data?.[name] !== undefined), { what: `a Secret holding ${name}`, timeoutMs: this.scenario.timing.deadlineMs(1000) });
  assert.equal(probe.goneAt, null, 'the test has ended');
});

Then('entrypoint-wrapper\'s output has the line {string}', async function (this: ConformanceWorld, line: string) {
  await wrapperExit(this);
  assert.ok(wrapperOutput(this, 'stdout').split('\n').includes(line), `no line "${line}" on entrypoint-wrapper's stdout`);
});

Then('entrypoint-wrapper\'s error output is just the line {string}', async function (this: ConformanceWorld, line: string) {
  await wrapperExit(this);
  assert.equal(wrapperOutput(this, 'stderr'), `${line}\n`);
});

Then('the test\'s SHARED_DIR is {string} in entrypoint-wrapper\'s TMPDIR, which other users cannot open', async function (this: ConformanceWorld, name: string) {
  const probe = await testReady(this);
  const seen = String(probe.env.SHARED_DIR);
  assert.equal(seen, join(String(this.wrapperEnv.TMPDIR), name));
  const mode = statSync(seen).mode & 0o777;
  assert.equal(mode & 0o007, 0, `SHARED_DIR's copy has mode ${mode.toString(8)}`);
});
