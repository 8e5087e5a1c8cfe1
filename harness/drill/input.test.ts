// The drill's input contract: bad input exits 2 with one line naming the problem, before any
// process starts; --help exits 0; a real drill exits 0 whatever it finds, 1 with --strict when
// it finds a problem. And the parsers the drill relies on: Go durations, refs, strace lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../paths.js';
import { findTagged } from '../process/tree.js';
import { pollUntil, withTimeout } from '../wait.js';
import { parseDuration } from './duration.js';
import { parseDrillArgs } from './options.js';
import { TraceParser } from './strace-parse.js';

const cli = join(ROOT, 'harness', 'bin', 'podutils-conformance');
const dir = mkdtempSync(join(tmpdir(), 'drill-input-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function drill(...args: string[]) {
  const r = spawnSync(cli, ['drill', ...args], { encoding: 'utf8', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

test('bad input exits 2 with one line naming what is wrong', () => {
  const script = file('ok-commands.sh', 'echo hi\n');
  file('typo-commands.sh', 'echo hi\n');
  const typo = file('typo-ref.yaml', 'ref:\n  as: typo\n  commands: typo-commands.sh\n  grace_peroid: 10s\n');
  const badGrace = file('bad-ref.yaml', 'ref:\n  as: bad\n  commands: typo-commands.sh\n  grace_period: soon\n');
  const lonely = file('lonely-ref.yaml', 'ref:\n  as: lonely\n');
  const needs = file('needs-ref.yaml', 'ref:\n  as: needs\n  commands: typo-commands.sh\n  env:\n  - name: CLUSTER\n');
  const notExecutable = file('plain.sh', 'echo hi\n');
  chmodSync(notExecutable, 0o644);
  const cases: [string[], RegExp][] = [
    [['missing-commands.sh'], /no such step file: missing-commands\.sh/],
    [[script, '--grace', 'soon'], /--grace: not a duration: "soon"/],
    [[script, '--delete-after', '10'], /--delete-after: not a duration/],
    [[typo], /typo-ref\.yaml: unknown ref field "grace_peroid"/],
    [[badGrace], /bad-ref\.yaml: grace_period: not a duration/],
    [[lonely], /its commands file lonely-commands\.sh is not beside it/],
    [[needs], /parameter CLUSTER has no default: give it with --env CLUSTER=VALUE/],
    [[script, '--env', 'NOVALUE'], /--env needs NAME=VALUE/],
    [[script, '--kind', 'job'], /--kind must be step or prow/],
    [['--kind', 'prow', '--', notExecutable], /not executable/],
    [[script, '--profile', 'nope'], /unknown profile "nope"/],
    [[], /drill needs a STEP/],
    [[script, '--colour'], /Unknown option '--colour'/],
  ];
  for (const [args, message] of cases) {
    const r = drill(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: status ${r.status} ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('without strace the drill says so in one line and exits 2', () => {
  // A PATH holding only node: the drill cannot find strace.
  const bin = join(dir, 'bin-without-strace');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  const r = spawnSync(cli, ['drill', join(ROOT, 'examples', 'drill', 'no-trap', 'no-trap-commands.sh')], { encoding: 'utf8', cwd: dir, env: { ...process.env, PATH: bin } });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^podutils-conformance: strace is missing: .*apt-get install strace\)\n$/);
});

test('--help prints the drill\'s usage and exits 0', () => {
  const r = drill('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--delete-after D/);
});

test('a drill exits 0 whatever it finds; with --strict, 1 when it finds a problem and 0 when not', () => {
  const noTrap = join(ROOT, 'examples', 'drill', 'no-trap', 'no-trap-commands.sh');
  const goodTrap = join(ROOT, 'examples', 'drill', 'good-trap', 'good-trap-ref.yaml');
  const cases: [string[], number, RegExp][] = [
    [[noTrap, '--grace', '2s', '--out', join(dir, 'a')], 0, /No trap on SIGINT/],
    [[noTrap, '--grace', '2s', '--strict', '--out', join(dir, 'b')], 1, /No trap on SIGINT/],
    [[goodTrap, '--strict', '--out', join(dir, 'c')], 0, /Findings: none/],
  ];
  for (const [args, status, says] of cases) {
    const r = drill(...args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, says);
  }
});

test('Ctrl-C during a drill stops the pod and strace, removes the drill\'s files and exits 130', async () => {
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const child = spawn(cli, ['drill', join(ROOT, 'examples', 'drill', 'foreground-sleep', 'foreground-sleep-commands.sh'), '--delete-after', '60s', '--out', join(dir, 'interrupted')], { cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stepRunning = () => findTagged((tag) => tag.startsWith('pc-drill-')).some((p) => p.command.startsWith('sleep 600'));
  await pollUntil(stepRunning, { what: 'the drill\'s step to run', timeoutMs: 20_000 });
  // strace carries no tag: it is found by its trace file, in the drill's temp dir.
  const tracers = () => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && cmdline(pid).startsWith('strace') && cmdline(pid).includes(tmp));
  assert.equal(tracers().length, 1, 'no strace found for the drill');
  child.kill('SIGINT');
  assert.equal(await withTimeout(exited, 20_000, 'the drill did not exit'), 130);
  assert.deepEqual(findTagged((tag) => tag.startsWith('pc-drill-')), [], 'processes of the drill left running');
  assert.deepEqual(readdirSync(tmp), [], 'the drill left files behind');
  assert.deepEqual(tracers(), [], 'strace left running');
});

test('the options take a ref\'s timeout, grace period and env defaults, and the command line wins', () => {
  file('both-commands.sh', 'echo "$COLOUR"\n');
  const ref = file('both-ref.yaml', 'ref:\n  as: both\n  from: cli\n  commands: both-commands.sh\n  timeout: 1h30m\n  grace_period: 3s\n  env:\n  - name: COLOUR\n    default: blue\n    documentation: a colour\n  documentation: |-\n    A step.\n');
  const fromRef = parseDrillArgs([ref], dir)!;
  assert.equal(fromRef.timeoutMs, 5_400_000);
  assert.equal(fromRef.gracePeriodMs, 3000);
  assert.equal(fromRef.terminationGraceMs, 3750);
  assert.equal(fromRef.deleteAfterMs, 1000);
  assert.deepEqual(fromRef.env, { COLOUR: 'blue' });
  assert.deepEqual(fromRef.step.test, ['/bin/bash', '-c', 'echo "$COLOUR"\n']);
  const given = parseDrillArgs([ref, '--grace', '1s', '--timeout', '2s', '--env', 'COLOUR=red'], dir)!;
  assert.deepEqual([given.gracePeriodMs, given.timeoutMs, given.deleteAfterMs, given.env.COLOUR], [1000, 2000, null, 'red']);
});

test('Go durations', () => {
  assert.deepEqual(['2s', '1.5s', '250ms', '1m30s', '2h0m0s', '0'].map(parseDuration), [2000, 1500, 250, 90_000, 7_200_000, 0]);
  for (const bad of ['', '10', 's', '1x', '1s ago']) assert.throws(() => parseDuration(bad), /not a duration/);
});

test('strace lines become records; a call split by another line is joined', () => {
  const p = new TraceParser();
  assert.deepEqual(p.line('7635  1796174038.965488 execve("/bin/bash", ["/bin/bash", "-c", "echo \\"hi\\"\\n"], 0x2a28e890 /* 48 vars */) = 0'), { type: 'exec', pid: 7635, atMs: 1796174038965.488, argv: ['/bin/bash', '-c', 'echo "hi"\n'] });
  assert.equal(p.line('7602  1796174038.950207 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD <unfinished ...>'), null);
  assert.deepEqual(p.line('7602  1796174038.951000 <... clone resumed>, child_tidptr=0x7f5d9b45ef50) = 24 /* 7635 in strace\'s PID NS */'), { type: 'spawn', pid: 7602, atMs: 1796174038951, child: 7635, thread: false });
  assert.equal((p.line('20232 1796173289.896640 clone3({flags=CLONE_VM|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0} => {parent_tid=[2 /* 20270 in strace\'s PID NS */]}, 88) = 2 /* 20270 in strace\'s PID NS */') as { thread: boolean }).thread, true);
  assert.deepEqual(p.line('7602  1796174039.846941 kill(24 /* 7635 in strace\'s PID NS */, SIGINT) = 0'), { type: 'kill', pid: 7602, atMs: 1796174039846.941, target: 7635, signal: 'SIGINT' });
  assert.deepEqual(p.line('7635  1796174039.856671 --- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=12 /* 7602 in strace\'s PID NS */, si_uid=0} ---'), { type: 'signal', pid: 7635, atMs: 1796174039856.671, signal: 'SIGINT', sender: 7602 });
  assert.deepEqual(p.line('7572  1796174039.843037 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=0, si_uid=0} ---'), { type: 'signal', pid: 7572, atMs: 1796174039843.037, signal: 'SIGTERM', sender: 0 });
  assert.deepEqual(p.line('7635  1796174039.857307 +++ killed by SIGTERM +++'), { type: 'exit', pid: 7635, atMs: 1796174039857.307, code: null, signal: 'SIGTERM' });
  assert.deepEqual(p.line('7616  1796174041.887312 +++ exited with 130 +++'), { type: 'exit', pid: 7616, atMs: 1796174041887.312, code: 130, signal: null });
  assert.equal(p.line('7616  1796174041.887312 execve("/nope", ["nope"], 0x1 /* 2 vars */) = -1 ENOENT (No such file or directory)'), null);
});
