// Signals sent to the running program, and what its `sh` child receives.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runWrapper, sleep, waitForPath, type Run } from './testutil.js';

const runs: Run[] = [];
after(() => {
  for (const run of runs) fs.rmSync(run.dir, { recursive: true, force: true });
});

// A child that notes every SIGINT/SIGTERM it gets, says it is ready by creating "ready", and
// exits 0 once "stop" exists.
const TRAPPING_CHILD = 'trap "echo INT" INT; trap "echo TERM" TERM; touch ready; while [ ! -e stop ]; do sleep 0.02; done';

test('every SIGINT and SIGTERM reaches the child unchanged, in order, each announced on stderr', async () => {
  const sent = ['SIGTERM', 'SIGINT', 'SIGTERM', 'SIGTERM', 'SIGINT'] as const;
  const run = await runWrapper(['--dry-run', 'sh', '-c', TRAPPING_CHILD], {}, async (pid, dir) => {
    await waitForPath(path.join(dir, 'ready'));
    for (const sig of sent) {
      process.kill(pid, sig);
      await sleep(120);
    }
    fs.writeFileSync(path.join(dir, 'stop'), '');
  });
  runs.push(run);
  assert.equal(run.status, 0);
  // the child's notes come first on stdout, then the Secret
  const lines = run.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, -1), ['TERM', 'INT', 'TERM', 'TERM', 'INT']);
  assert.match(lines.at(-1)!, /^\{"kind":"Secret"/);
  const forwarded = run.stderr.split('\n').filter((l) => l.startsWith('received signal'));
  assert.deepEqual(forwarded, [15, 2, 15, 15, 2].map((n) => `received signal ${n}, forwarding`));
  // the first signal ever is also logged, as Prow's interrupts package does upstream
  assert.match(run.stderr, /^time="[^"]+" level=info msg="Received signal\." signal=terminated$/m);
  assert.equal(run.stderr.match(/Received signal\./g)?.length, 1);
});

test('a child that does not catch the forwarded signal dies of it: exit 255', async () => {
  const run = await runWrapper(['--mode', 'skip-kubeconfig', 'sh', '-c', 'touch ready; exec sleep 5'], {}, async (pid, dir) => {
    await waitForPath(path.join(dir, 'ready'));
    await sleep(50); // let sh exec sleep
    process.kill(pid, 'SIGINT');
  });
  runs.push(run);
  assert.equal(run.status, 255);
  assert.match(run.stderr, /^received signal 2, forwarding$/m);
  assert.match(run.stderr, /^error: failed to execute wrapped command: signal: interrupt$/m);
});

test('signals before the child starts are swallowed, not forwarded later, and do not stop the wrapper', async () => {
  const run = await runWrapper(['--mode', 'skip-kubeconfig', '--wait-for-file', 'never', '--wait-timeout', '600ms', 'sh', '-c', 'echo started'], {}, async (pid) => {
    await sleep(200);
    process.kill(pid, 'SIGTERM');
    await sleep(100);
    process.kill(pid, 'SIGINT');
  });
  runs.push(run);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, 'started\n');
  assert.doesNotMatch(run.stderr, /forwarding/);
  assert.match(run.stderr, /msg="Received signal\." signal=terminated/);
  assert.match(run.stderr, /warning: timeout after waiting 600ms for file "never"/);
});
