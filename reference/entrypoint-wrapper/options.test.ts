import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeOptions, FlagError, parseFlags, parseGoDuration, type WrapperOptions } from './options.js';

const ENV = { SHARED_DIR: '/shared', NAMESPACE: 'ns', JOB_NAME_SAFE: 'job', TMPDIR: '/t/' };

/** The "error: ..." message for a command line and environment, or the options. */
const complete = (argv: string[], env: NodeJS.ProcessEnv = ENV) => completeOptions(parseFlags(argv), env);

test('flags are parsed like Go: one or two dashes, =value or next argument, stop at the command or --', () => {
  assert.deepEqual(parseFlags(['--dry-run', '-mode', 'observer', '--wait-for-file=/f', 'sh', '-c', '--mode']), {
    dryRun: true,
    mode: 'observer',
    waitForFile: '/f',
    waitTimeout: '',
    cmd: ['sh', '-c', '--mode'],
  });
  assert.deepEqual(parseFlags(['--', '--dry-run']).cmd, ['--dry-run']);
  assert.deepEqual(parseFlags(['-', 'x']).cmd, ['-', 'x']);
  assert.equal(parseFlags(['--dry-run=false', 'x']).dryRun, false);
  assert.equal(parseFlags(['--mode=a', '--mode=b']).mode, 'b');
  assert.equal(parseFlags(['--wait-for-file=a=b']).waitForFile, 'a=b');
  assert.equal(parseFlags([]).mode, 'manage-kubeconfig');
});

test('flag errors: Go flag messages (exit 2 in main)', () => {
  const cases: [string[], string][] = [
    [['--bogus', 'x'], 'flag provided but not defined: -bogus'],
    [['--dry-run=x', 'x'], 'invalid boolean value "x" for -dry-run: parse error'],
    [['--mode'], 'flag needs an argument: -mode'],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseFlags(argv), (err: unknown) => err instanceof FlagError && err.message === message, argv.join(' '));
  }
});

test('checks come in upstream order: command, wait flags, SHARED_DIR, NAMESPACE, JOB_NAME_SAFE, mode, cluster', () => {
  assert.equal(complete(['--dry-run'], {}), 'a command is required');
  assert.equal(complete(['--wait-timeout', '1s', 'x'], {}), '--wait-timeout requires --wait-for-file');
  assert.equal(complete(['--wait-for-file', 'f', '--wait-timeout', '1', 'x'], {}), 'invalid wait timeout duration "1": time: missing unit in duration "1"');
  assert.equal(complete(['--mode', 'bogus', 'x'], {}), 'environment variable SHARED_DIR is empty');
  assert.equal(complete(['x'], { ...ENV, SHARED_DIR: '' }), 'environment variable SHARED_DIR is empty');
  assert.equal(complete(['--mode', 'bogus', 'x'], { SHARED_DIR: '/s' }), 'environment variable NAMESPACE is empty');
  assert.equal(complete(['--mode', 'bogus', 'x'], { SHARED_DIR: '/s', NAMESPACE: 'n' }), 'environment variable JOB_NAME_SAFE is empty');
  assert.equal(complete(['--mode', 'bogus', 'x']), 'unrecognized mode: bogus');
  for (const mode of ['manage-kubeconfig', 'observer']) {
    assert.match(complete(['--mode', mode, 'x']) as string, /^failed to load cluster config: storing the Secret in a cluster is not supported/);
  }
  assert.equal(typeof complete(['--mode', 'skip-kubeconfig', 'x']), 'object');
});

test('the options: the private copy is $TMPDIR/secret (/tmp/secret without TMPDIR)', () => {
  const o = complete(['--dry-run', '--wait-for-file', '/f', '--wait-timeout', '1m30s', 'sh', '-c', 'true']) as WrapperOptions;
  assert.deepEqual(o, {
    dryRun: true,
    cmd: ['sh', '-c', 'true'],
    mode: 'manage-kubeconfig',
    srcDir: '/shared',
    dstDir: '/t/secret',
    name: 'job',
    waitForFile: '/f',
    waitTimeoutNs: 90_000_000_000,
  });
  assert.equal((complete(['--dry-run', 'x'], { ...ENV, TMPDIR: '' }) as WrapperOptions).dstDir, '/tmp/secret');
  // without --wait-timeout the wait gives up at once
  assert.equal((complete(['--dry-run', '--wait-for-file', '/f', 'x']) as WrapperOptions).waitTimeoutNs, 0);
});

test('Go durations', () => {
  const ok: [string, number][] = [
    ['0', 0],
    ['1s', 1_000_000_000],
    ['-1s', -1_000_000_000],
    ['+5m', 300_000_000_000],
    ['1.5s', 1_500_000_000],
    ['.5ms', 500_000],
    ['5.s', 5_000_000_000],
    ['1h2m3.5s', 3_723_500_000_000],
    ['10µs', 10_000],
    ['10us', 10_000],
  ];
  for (const [s, ns] of ok) assert.equal(parseGoDuration(s), ns, s);
  // Go's three reasons, as its scanner meets them
  const refused: [string, string][] = [
    ['', 'invalid duration ""'],
    ['bogus', 'invalid duration "bogus"'],
    ['.s', 'invalid duration ".s"'],
    ['-', 'invalid duration "-"'],
    ['1', 'missing unit in duration "1"'],
    ['1s2', 'missing unit in duration "1s2"'],
    ['1.5.s', 'missing unit in duration "1.5.s"'],
    ['1x', 'unknown unit "x" in duration "1x"'],
    ['2562048h', 'invalid duration "2562048h"'],
    ['9223372036854775808ns', 'invalid duration "9223372036854775808ns"'],
  ];
  for (const [s, reason] of refused) assert.throws(() => parseGoDuration(s), { message: `time: ${reason}` }, s);
  assert.equal(parseGoDuration('-9223372036854775808ns'), -(2 ** 63));
});
