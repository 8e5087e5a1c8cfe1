// Steps about entrypoint: its options, running it, signalling it, and what it leaves behind
// (exit status, marker file, process log, stdout).
import { Given, When, Then, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { ConformanceWorld } from './world.js';
import { encodeEntrypointOptions, type EntrypointOptions } from '../harness/options/entrypoint.js';
import { parseDurationMs, elapsedMs } from '../harness/timing.js';
import { sleepUntil } from '../harness/wait.js';
import type { SignalName } from '../harness/process/signals.js';
import { writeAtomically } from '../harness/files/atomic.js';
import { MarkerWatcher } from '../harness/files/marker-watcher.js';
import { splitLogLines, logLineProblems } from '../harness/logs.js';
import { checkStream } from '../harness/probe/output.js';
import { readyWhileWaiting } from '../harness/process/readiness.js';
import { findTagged } from '../harness/process/tree.js';
import { dirname, join } from 'node:path';
import { assertTiming } from './support/checks.js';
import { assertTmpdirEmpty, emptyTmpdir } from './support/tmpdir.js';
import { testReady, waitForTestGone } from './support/probe.js';
import { unescapeText } from './support/text.js';

const PROCESS_LOG = ['logs', 'process-log.txt'];
const MARKER = ['logs', 'marker-file.txt'];

/** Where entrypoint is told to write its process log and marker (a scenario may override them). */
function paths(world: ConformanceWorld): { processLog: string; marker: string } {
  return {
    processLog: world.entrypointOptions.processLog ?? world.scenario.path(...PROCESS_LOG),
    marker: world.entrypointOptions.markerFile ?? world.scenario.path(...MARKER),
  };
}

// ---- options ----

Given('entrypoint has a timeout of {duration} and a grace period of {duration}', function (this: ConformanceWorld, timeout: number, grace: number) {
  this.entrypointOptions.timeoutMs = timeout;
  this.entrypointOptions.gracePeriodMs = grace;
});

Given('entrypoint has the options:', function (this: ConformanceWorld, table: DataTable) {
  for (const [key, value] of table.raw()) applyOption(this, key, value);
});

function applyOption(world: ConformanceWorld, key: string, value: string): void {
  const o = world.entrypointOptions;
  switch (key) {
    case 'timeout': o.timeoutMs = value === 'absent' ? undefined : value === '0' ? 0 : parseDurationMs(value); break;
    case 'grace_period': o.gracePeriodMs = value === 'absent' ? undefined : value === '0' ? 0 : parseDurationMs(value); break;
    case 'always_zero': o.alwaysZero = value === 'true'; break;
    case 'propagate_error_code': o.propagateErrorCode = value === 'true'; break;
    case 'artifact_dir': o.artifactDir = world.scenario.path(value); break;
    case 'previous_marker': o.previousMarker = world.scenario.path(value); break;
    case 'container_name': o.containerName = value; break;
    default: throw new Error(`unknown entrypoint option in the feature: ${key}`);
  }
}

Given('the test checks that the artifact directory exists when it starts', function (this: ConformanceWorld) {
  assert.ok(this.entrypointOptions.artifactDir, 'no artifact_dir configured');
  this.test.checkDirs.push(this.entrypointOptions.artifactDir);
});

Given('the test command is a file that does not exist', function (this: ConformanceWorld) {
  this.commandOverride = [this.scenario.path('no-such-dir', 'run-tests.sh')];
});

/** Makes the scenario's file `name` the test command. */
function testCommandFile(world: ConformanceWorld, name: string, content: string, mode: number): void {
  const file = world.scenario.path(name);
  writeFileSync(file, content);
  chmodSync(file, mode);
  world.commandOverride = [file];
}

Given('the test command is a file that is not executable', function (this: ConformanceWorld) {
  testCommandFile(this, 'run-tests.sh', '#!/bin/sh\nexit 0\n', 0o644);
});

Given('the test command is an executable file that is neither a script nor a program', function (this: ConformanceWorld) {
  // No "#!" and not ELF: the kernel refuses it (ENOEXEC). A shell would run it as a script; Go does not.
  testCommandFile(this, 'run-tests', 'exit 0\n', 0o755);
});

Given('entrypoint\'s $PATH begins with an empty entry, then {string}, the test command {string}', function (this: ConformanceWorld, dir: string, name: string) {
  const nodeOnly = this.scenario.path('node-only');
  for (const d of [dir, 'node-only']) mkdirSync(this.scenario.path(d), { recursive: true });
  symlinkSync(process.execPath, join(nodeOnly, 'node'));
  // "" stands for the working directory, as "." does
  this.entrypointEnv.PATH = ['', this.scenario.path(dir), nodeOnly].join(':');
  this.commandOverride = [name];
});

Given('entrypoint\'s $PATH is {string} and {string}, the test command {string}', function (this: ConformanceWorld, first: string, second: string, name: string) {
  // These two folders and one that holds only node (an implementation may be a Node script
  // started by `#!/usr/bin/env node`): no system folder, and so no mkfifo either.
  const nodeOnly = this.scenario.path('node-only');
  for (const dir of [first, second, 'node-only']) mkdirSync(this.scenario.path(dir), { recursive: true });
  symlinkSync(process.execPath, join(nodeOnly, 'node'));
  this.entrypointEnv.PATH = [this.scenario.path(first), this.scenario.path(second), nodeOnly].join(':');
  this.commandOverride = [name];
});

Given('{string} holds a file {string} that is not executable', function (this: ConformanceWorld, dir: string, name: string) {
  writeFileSync(this.scenario.path(dir, name), '#!/bin/sh\necho "the file that is not executable ran"\nexit 9\n');
  chmodSync(this.scenario.path(dir, name), 0o644);
});

Given('{string} holds a script {string} that prints {string} and exits with code {int}', function (this: ConformanceWorld, dir: string, name: string, text: string, code: number) {
  mkdirSync(dirname(this.scenario.path(dir, name)), { recursive: true });
  writeFileSync(this.scenario.path(dir, name), `#!/bin/sh\necho ${JSON.stringify(text)}\nexit ${code}\n`);
  chmodSync(this.scenario.path(dir, name), 0o755);
});

Given('the previous marker is in a folder that does not exist', function (this: ConformanceWorld) {
  this.entrypointOptions.previousMarker = this.scenario.path('no-such-folder', 'previous-marker.txt');
});

Given('the previous marker is a folder, not a file', function (this: ConformanceWorld) {
  assert.ok(this.entrypointOptions.previousMarker, 'no previous_marker configured');
  mkdirSync(this.entrypointOptions.previousMarker, { recursive: true });
});

Given('nobody reads entrypoint\'s stdout for the first {duration}', function (this: ConformanceWorld, ms: number) {
  this.entrypointStdoutHeldMs = ms;
  this.scenario.needsWait(ms);
});

Given('entrypoint is given no container_name', function (this: ConformanceWorld) {
  this.entrypointOptions.containerName = undefined; // present, so that it replaces the harness's default
});

// Why a file entrypoint needs cannot be made; the first of each is what "cannot be ..." alone means.
const UNWRITABLE: Record<string, Record<string, (world: ConformanceWorld) => void>> = {
  'artifact directory': {
    // A regular file where a parent directory should be: no directory can be made below it.
    'since a file is where a folder above it should be': (world) => {
      writeFileSync(world.scenario.path('not-a-directory'), '');
      world.entrypointOptions.artifactDir = world.scenario.path('not-a-directory', 'artifacts');
    },
    // A symbolic link to nothing: stat finds no directory, mkdir finds the name taken.
    'since a link to nothing has its name': (world) => {
      world.entrypointOptions.artifactDir = world.scenario.path('dangling');
      symlinkSync(world.scenario.path('nowhere'), world.entrypointOptions.artifactDir);
    },
    // A name of 300 bytes (the limit is 255): every call on it fails, and Go reports the mkdir.
    'since its name is too long': (world) => {
      world.entrypointOptions.artifactDir = world.scenario.path('a'.repeat(300));
    },
  },
  'process log': {
    'since its folder does not exist': (world) => {
      world.entrypointOptions.processLog = world.scenario.path('missing-directory', 'process-log.txt');
    },
    'since a folder has its name': (world) => {
      world.entrypointOptions.processLog = world.scenario.path('a-folder');
      mkdirSync(world.entrypointOptions.processLog);
    },
  },
  'marker file': {
    'since its folder does not exist': (world) => {
      world.entrypointOptions.markerFile = world.scenario.path('missing-directory', 'marker-file.txt');
    },
    'since its folder is a file': (world) => {
      writeFileSync(world.scenario.path('not-a-directory'), '');
      world.entrypointOptions.markerFile = world.scenario.path('not-a-directory', 'marker-file.txt');
    },
    'since a folder has its name': (world) => {
      world.entrypointOptions.markerFile = world.scenario.path('a-folder');
      mkdirSync(world.entrypointOptions.markerFile);
    },
    'since its name is too long': (world) => {
      world.entrypointOptions.markerFile = world.scenario.path('m'.repeat(300));
    },
    // Its folder's parent is a file: the folder is not missing, so Go reports the mkdir, not a stat.
    'since a folder above it is a file': (world) => {
      writeFileSync(world.scenario.path('not-a-directory'), '');
      world.entrypointOptions.markerFile = world.scenario.path('not-a-directory', 'below', 'marker-file.txt');
    },
  },
};

Given(/^the (artifact directory|process log|marker file) cannot be (?:created|written)(?:, (.+))?$/, function (this: ConformanceWorld, what: string, why: string | null) {
  const causes = UNWRITABLE[what];
  const make = why === null ? Object.values(causes)[0] : causes[why];
  if (!make) throw new Error(`unknown cause "${why}" for the ${what}; known: ${Object.keys(causes).join('; ')}`);
  make(this);
});

const BROKEN_OPTIONS: Record<string, (o: Record<string, unknown>) => string | undefined> = {
  'it is not set at all': () => undefined,
  'the JSON is malformed': (o) => JSON.stringify(o).slice(0, -3),
  'the JSON is a list, not an object': (o) => JSON.stringify([o]),
  'args is a string, not a list': (o) => JSON.stringify({ ...o, args: (o.args as string[]).join(' ') }),
  'args is missing': ({ args: _args, ...o }) => JSON.stringify(o),
  'args is empty': (o) => JSON.stringify({ ...o, args: [] }),
  'process_log is missing': ({ process_log: _log, ...o }) => JSON.stringify(o),
  'marker_file is missing': ({ marker_file: _marker, ...o }) => JSON.stringify(o),
  'always_zero and propagate_error_code are both set': (o) => JSON.stringify({ ...o, always_zero: true, propagate_error_code: true }),
  'the JSON is null': () => 'null',
  'container_name is a number': (o) => JSON.stringify({ ...o, container_name: 5 }),
  'always_zero is a string': (o) => JSON.stringify({ ...o, always_zero: 'yes' }),
  'the timeout is not a whole number of nanoseconds': (o) => JSON.stringify({ ...o, timeout: 1.5 }),
  'args holds a number': (o) => JSON.stringify({ ...o, args: [...(o.args as string[]), 7] }),
};

Given('ENTRYPOINT_OPTIONS also holds an unknown key and a null timeout', function (this: ConformanceWorld) {
  this.breakOptions = (o) => JSON.stringify({ ...o, an_option_from_the_future: { x: 1 }, timeout: null });
});

Given('ENTRYPOINT_OPTIONS is broken: {}', function (this: ConformanceWorld, problem: string) {
  const breakIt = BROKEN_OPTIONS[problem];
  if (!breakIt) throw new Error(`unknown problem "${problem}"; known: ${Object.keys(BROKEN_OPTIONS).join('; ')}`);
  this.breakOptions = breakIt;
});

Given('a watcher reads the process log the moment the marker appears', function (this: ConformanceWorld) {
  mkdirSync(this.scenario.path('logs'), { recursive: true });
  const { marker, processLog } = paths(this);
  this.markerWatcher = new MarkerWatcher(marker, () => (this.processLogAtMarker = readFileSync(processLog, 'utf8')));
});

Then('the process log held everything the test wrote when the marker appeared', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  assert.ok(this.processLogAtMarker !== null, 'the marker was not seen');
  const problem = checkStream(this.processLogAtMarker, 'stdout', this.test.stdoutBytes);
  assert.equal(problem, null, `when the marker appeared, the process log was not complete: ${problem}`);
});

Given('a watcher reads the marker file on every change in its directory', function (this: ConformanceWorld) {
  mkdirSync(this.scenario.path('logs'), { recursive: true });
  this.markerWatcher = new MarkerWatcher(paths(this).marker);
});

// ---- running and signalling ----

function fullOptions(world: ConformanceWorld): EntrypointOptions {
  const { processLog, marker } = paths(world);
  return {
    args: world.commandOverride ?? world.scenario.probeCommand(world.test),
    containerName: 'test',
    ...world.entrypointOptions,
    processLog,
    markerFile: marker,
  };
}

When('entrypoint runs the test', function (this: ConformanceWorld) {
  mkdirSync(this.scenario.path('logs'), { recursive: true });
  let json: string | undefined = encodeEntrypointOptions(fullOptions(this));
  if (this.breakOptions) json = this.breakOptions(JSON.parse(json));
  this.entrypoint = this.scenario.start('entrypoint', { ...this.entrypointEnv, ...(json === undefined ? {} : { ENTRYPOINT_OPTIONS: json }) }, [], undefined, null, { stdoutHeldMs: this.entrypointStdoutHeldMs, cwd: this.entrypointCwd });
  this.scenario.needsWait(Math.max(this.test.runMs ?? 0, this.test.grandchild?.runMs ?? 0));
});

When('the test has started', async function (this: ConformanceWorld) {
  await testStarted(this);
});

async function testStarted(world: ConformanceWorld): Promise<void> {
  const probes = world.scenario.probes;
  await testReady(world);
  if (world.test.grandchild) await probes.waitFor('the background process to report ready', () => probes.byRole('grandchild'), world.scenario.timing.deadlineMs());
}

function signalEntrypoint(world: ConformanceWorld, signal: SignalName): void {
  assert.ok(world.entrypoint, 'entrypoint was not started');
  world.sentSignals.push({ signal, at: world.scenario.signal(world.entrypoint, signal), inherentAtMs: world.scenario.inherentWaitMs, to: world.entrypoint.name });
}

When('entrypoint receives {signal}', async function (this: ConformanceWorld, signal: SignalName) {
  // Signals go only to a test that is ready for them, as the scenarios promise.
  await testStarted(this);
  signalEntrypoint(this, signal);
});

When('entrypoint receives {signal} again {duration} later', async function (this: ConformanceWorld, signal: SignalName, ms: number) {
  const previous = this.sentSignals.at(-1);
  assert.ok(previous, 'no earlier signal');
  this.scenario.needsWait(previous.inherentAtMs + ms);
  // The spacing is part of the scenario (two separate interrupts), not a wait for an event.
  await sleepUntil(previous.at, ms);
  signalEntrypoint(this, signal);
});

When('entrypoint receives {signal} while it waits for the previous marker', async function (this: ConformanceWorld, signal: SignalName) {
  await waitingForPreviousMarker(this);
  signalEntrypoint(this, signal);
});

When('the previous step\'s marker appears holding {string}', async function (this: ConformanceWorld, content: string) {
  assert.ok(this.entrypointOptions.previousMarker, 'no previous_marker configured');
  await waitingForPreviousMarker(this);
  writeAtomically(this.entrypointOptions.previousMarker, unescapeText(content));
  this.fileAppearedAt = process.hrtime.bigint();
});

Given('the previous step\'s marker already holds {string}', function (this: ConformanceWorld, content: string) {
  assert.ok(this.entrypointOptions.previousMarker, 'no previous_marker configured');
  mkdirSync(dirname(this.entrypointOptions.previousMarker), { recursive: true });
  writeAtomically(this.entrypointOptions.previousMarker, unescapeText(content));
});

Then('the test started as soon as the previous marker appeared', async function (this: ConformanceWorld) {
  const probe = await testReady(this);
  assert.ok(this.fileAppearedAt, 'the previous marker has not appeared');
  const check = this.scenario.timing.checkAtMost('test start after the previous marker', elapsedMs(this.fileAppearedAt, probe.startedAt), 0);
  assertTiming(this, check);
});

Then('the test started without waiting', async function (this: ConformanceWorld) {
  const probe = await testReady(this);
  assert.ok(this.entrypoint, 'entrypoint was not started');
  const check = this.scenario.timing.checkAtMost('test start after entrypoint started', elapsedMs(this.entrypoint.launchedAt, probe.startedAt), this.scenario.timing.startupMs);
  assertTiming(this, check);
});

async function waitingForPreviousMarker(world: ConformanceWorld): Promise<void> {
  const entrypoint = world.entrypoint;
  assert.ok(entrypoint, 'entrypoint was not started');
  const timing = world.scenario.timing;
  await readyWhileWaiting(entrypoint, dirname(world.entrypointOptions.previousMarker!), {
    startupMs: timing.startupMs,
    deadlineMs: timing.deadlineMs(),
    // entrypoint creates its process log before it waits
    alsoRequired: () => existsSync(paths(world).processLog),
  });
}

Then('the test has not started while entrypoint waits for the previous marker', async function (this: ConformanceWorld) {
  await waitingForPreviousMarker(this);
  assert.equal(this.scenario.probes.connections, 0, 'the test started');
  assert.deepEqual(findTagged((tag) => tag === this.scenario.tag, true).map((p) => p.command), [], 'the test process is running');
});

// ---- results ----

async function entrypointExit(world: ConformanceWorld, withinMs = 60_000) {
  assert.ok(world.entrypoint, 'entrypoint was not started');
  return world.entrypoint.waitForExit(world.scenario.timing.deadlineMs(withinMs));
}

Then('entrypoint exits with status {int}', async function (this: ConformanceWorld, status: number) {
  const exit = await entrypointExit(this);
  assert.equal(exit.signal, null, `entrypoint was killed by ${exit.signal}`);
  assert.equal(exit.code, status);
});

Then('entrypoint exits with a non-zero status', async function (this: ConformanceWorld) {
  const exit = await entrypointExit(this);
  assert.equal(exit.signal, null, `entrypoint was killed by ${exit.signal}`);
  assert.notEqual(exit.code, 0);
});

Then('entrypoint exits as soon as the test has ended', async function (this: ConformanceWorld) {
  const probe = await waitForTestGone(this, this.scenario.timing.deadlineMs(60_000));
  const exit = await entrypointExit(this);
  const check = this.scenario.timing.checkAtMost('entrypoint exit after the test', elapsedMs(probe.goneAt!, exit.at), 0);
  assertTiming(this, check);
});

Then('entrypoint exits only once the background process has ended', async function (this: ConformanceWorld) {
  const timing = this.scenario.timing;
  const probes = this.scenario.probes;
  const test = await waitForTestGone(this, timing.deadlineMs(60_000));
  const background = await probes.waitFor('the background process to end', () => {
    const p = probes.byRole('grandchild');
    return p?.goneAt ? p : undefined;
  }, timing.deadlineMs(60_000));
  const exit = await entrypointExit(this);
  // The background process outlives the test by about its run time: entrypoint must wait for it.
  assert.ok(exit.at > test.goneAt! && elapsedMs(test.goneAt!, exit.at) >= elapsedMs(test.goneAt!, background.goneAt!) - timing.toleranceMs,
    'entrypoint exited while the background process still held the output open');
  const check = timing.checkAbout('entrypoint exit after the output closed', elapsedMs(background.goneAt!, exit.at), 0);
  assertTiming(this, check);
});

Then('entrypoint\'s error output mentions {string}', async function (this: ConformanceWorld, pattern: string) {
  await entrypointExit(this);
  const stderr = readFileSync(this.scenario.path(`${this.entrypoint!.name}.stderr`), 'utf8');
  assert.match(stderr, new RegExp(pattern, 'i'));
});

Then('the marker file contains {string}', async function (this: ConformanceWorld, content: string) {
  await entrypointExit(this);
  const { marker } = paths(this);
  assert.ok(existsSync(marker), 'no marker file was written');
  assert.equal(readFileSync(marker, 'utf8'), content);
});

Then('no marker file was written', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  assert.equal(existsSync(paths(this).marker), false, 'a marker file was written');
});

Then('the marker file is readable by every user', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  const mode = statSync(paths(this).marker).mode & 0o777;
  assert.equal(mode & 0o444, 0o444, `marker mode is ${mode.toString(8)}`);
});

Then('beside the marker file is one empty folder named {string} and digits, which only its owner may open', async function (this: ConformanceWorld, prefix: string) {
  await entrypointExit(this);
  const dir = dirname(paths(this).marker);
  const named = (name: string): boolean => name.startsWith(prefix) && /^[0-9]+$/.test(name.slice(prefix.length));
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && named(e.name));
  assert.equal(folders.length, 1, `folders beside the marker named "${prefix}" and digits: ${folders.map((e) => e.name).join(', ') || 'none'} (all: ${readdirSync(dir).join(', ')})`);
  const folder = join(dir, folders[0].name);
  assert.deepEqual(readdirSync(folder), [], `${folders[0].name} is not empty`);
  const mode = statSync(folder).mode & 0o777;
  assert.equal(mode, 0o700, `${folders[0].name} has mode ${mode.toString(8)}, not 700`);
});

Then('the watcher never saw the marker file empty, partial or modified in place', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  assert.ok(this.markerWatcher, 'no watcher');
  const seen = this.markerWatcher.close();
  this.markerWatcher = null;
  const final = readFileSync(paths(this).marker, 'utf8');
  assert.ok(seen.reads.length > 0, 'the watcher never read the marker');
  assert.deepEqual(seen.reads.filter((r) => r !== final), [], `reads other than the final "${final}"`);
  assert.equal(seen.inPlaceChanges, 0, 'the marker file was modified in place after it appeared');
});

Then('the marker file appears only once the test has ended', async function (this: ConformanceWorld) {
  assert.ok(this.markerWatcher, 'no watcher');
  const timing = this.scenario.timing;
  const test = await waitForTestGone(this, timing.deadlineMs(60_000));
  await entrypointExit(this);
  const appeared = this.markerWatcher.appearedAt();
  assert.ok(appeared !== null, 'no marker file was written');
  // The sidecar uploads as soon as the marker appears: one that comes while the test is still
  // wrapping up (or before the SIGKILL that ends its grace period) loses what it writes then.
  const check = timing.checkNotEarlier('marker after the test ended', elapsedMs(test.goneAt!, appeared), 0);
  assertTiming(this, check);
});

function processLogText(world: ConformanceWorld): string {
  const { processLog } = paths(world);
  assert.ok(existsSync(processLog), 'no process log was written');
  return readFileSync(processLog, 'utf8');
}

Then('the process log contains the entrypoint messages:', async function (this: ConformanceWorld, table: DataTable) {
  await entrypointExit(this);
  const messages = splitLogLines(processLogText(this)).json.map((l) => l.msg);
  for (const [expected] of table.raw()) {
    assert.ok(messages.includes(expected), `no log line with msg "${expected}"; messages: ${JSON.stringify(messages)}`);
  }
});

Then('the process log contains what the test wrote to stdout and stderr', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  const log = processLogText(this);
  assert.ok(log.includes('probe says hello on stdout\n'), 'stdout line missing');
  assert.ok(log.includes('probe says hello on stderr\n'), 'stderr line missing');
});

Then('every other line of the process log is an entrypoint JSON log line', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  const { json, other } = splitLogLines(processLogText(this));
  assert.deepEqual(other.filter((l) => !l.startsWith('probe ')), [], 'lines neither from the test nor JSON log lines');
  assert.ok(json.length > 0, 'entrypoint wrote no log line');
  for (const line of json) assert.deepEqual(logLineProblems(line), [], JSON.stringify(line));
});

Then('every line of the process log also appears on entrypoint\'s stdout', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  const stdout = readFileSync(this.scenario.path(`${this.entrypoint!.name}.stdout`), 'utf8');
  const available = new Map<string, number>();
  for (const line of stdout.split('\n')) available.set(line, (available.get(line) ?? 0) + 1);
  const missing: string[] = [];
  for (const line of processLogText(this).split('\n').filter(Boolean)) {
    const left = available.get(line) ?? 0;
    if (left === 0) missing.push(line);
    else available.set(line, left - 1);
  }
  assert.deepEqual(missing, [], 'process log lines missing from stdout');
});

Then('everything the test wrote arrived complete and in order in the process log and on entrypoint\'s stdout', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  const stdout = readFileSync(this.scenario.path(`${this.entrypoint!.name}.stdout`), 'utf8');
  for (const [where, text] of [['process log', processLogText(this)], ['stdout', stdout]] as const) {
    for (const stream of ['stdout', 'stderr'] as const) {
      const bytes = stream === 'stdout' ? this.test.stdoutBytes : this.test.stderrBytes;
      const problem = checkStream(text, stream, bytes);
      assert.equal(problem, null, `${where}: ${problem}`);
    }
  }
});

Then('the process log contains the line {string}', async function (this: ConformanceWorld, line: string) {
  await entrypointExit(this);
  // "<command>" stands for the test command the scenario gave
  const expected = this.commandOverride ? line.replaceAll('<command>', this.commandOverride[0]) : line;
  assert.ok(processLogText(this).split('\n').includes(expected), `the process log lacks the line ${JSON.stringify(expected)}:\n${processLogText(this)}`);
});

Then('the artifact directory existed when the test started', async function (this: ConformanceWorld) {
  const probe = await testReady(this);
  assert.equal(probe.dirs[this.entrypointOptions.artifactDir!], true);
});

/** entrypoint's own JSON log lines, wherever they went (stderr before the process log exists, stdout after). */
async function entrypointLogLines(world: ConformanceWorld) {
  await entrypointExit(world);
  const text = ['stdout', 'stderr'].map((s) => readFileSync(world.scenario.path(`${world.entrypoint!.name}.${s}`), 'utf8')).join('\n');
  return splitLogLines(text).json;
}

Then('entrypoint logged {string}', async function (this: ConformanceWorld, msg: string) {
  const lines = await entrypointLogLines(this);
  assert.ok(lines.some((l) => l.msg === msg), `no log line with msg "${msg}"; messages: ${JSON.stringify(lines.map((l) => l.msg))}`);
});

Then('entrypoint logged no {string}', async function (this: ConformanceWorld, msg: string) {
  const lines = await entrypointLogLines(this);
  assert.deepEqual(lines.filter((l) => l.msg === msg), [], `a log line with msg "${msg}"`);
});

Then('entrypoint logged {string} with an error matching {string}', async function (this: ConformanceWorld, msg: string, pattern: string) {
  const lines = (await entrypointLogLines(this)).filter((l) => l.msg === msg);
  assert.ok(lines.length > 0, `no log line with msg "${msg}"`);
  const errors = lines.map((l) => String(l.error));
  assert.ok(errors.some((e) => new RegExp(pattern).test(e)), `"${msg}" errors ${JSON.stringify(errors)} do not match /${pattern}/`);
});

Given('the test command is a script that writes {string} to \\/dev\\/stdout and {string} to \\/dev\\/stderr', function (this: ConformanceWorld, out: string, err: string) {
  testCommandFile(this, 'run-tests.sh', `#!/bin/sh\necho ${JSON.stringify(out)} > /dev/stdout\necho ${JSON.stringify(err)} > /dev/stderr\n`, 0o755);
});

Given('entrypoint\'s TMPDIR is an empty folder', function (this: ConformanceWorld) {
  emptyTmpdir(this, 'entrypoint', this.entrypointEnv);
});

Then('entrypoint\'s TMPDIR is still empty', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  assertTmpdirEmpty(this, 'entrypoint');
});

Given('entrypoint works in an empty folder', function (this: ConformanceWorld) {
  this.entrypointCwd = this.scenario.path('entrypoint-cwd');
  mkdirSync(this.entrypointCwd);
});

Then('entrypoint\'s working folder is still empty', async function (this: ConformanceWorld) {
  await entrypointExit(this);
  assert.ok(this.entrypointCwd, 'entrypoint was not given a folder of its own');
  assert.deepEqual(readdirSync(this.entrypointCwd), [], 'entrypoint left files in its working folder');
});

Then('entrypoint\'s log messages are, in order:', async function (this: ConformanceWorld, table: DataTable) {
  const messages = (await entrypointLogLines(this)).map((l) => l.msg);
  assert.deepEqual(messages, table.raw().map(([m]) => m));
});

Given('the test command is a file that is neither executable nor a script', function (this: ConformanceWorld) {
  // Without "#!": an implementation that read the file before checking the bit would call it an exec format error.
  testCommandFile(this, 'run-tests', 'exit 0\n', 0o644);
});

Then('the process log does not mention {string}', async function (this: ConformanceWorld, text: string) {
  await entrypointExit(this);
  assert.ok(!processLogText(this).includes(text), `the process log mentions ${JSON.stringify(text)}:\n${processLogText(this)}`);
});

Then('the process log says {string}', async function (this: ConformanceWorld, text: string) {
  await entrypointExit(this);
  assert.ok(processLogText(this).includes(text), `the process log does not say "${text}"`);
});
