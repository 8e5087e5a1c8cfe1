import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { aMomentAgo, findTagged, sweep, TAG_VARIABLE } from './tree.js';

const tagged = (tag: string) => {
  const child = spawn('sleep', ['30'], { env: { ...process.env, [TAG_VARIABLE]: tag }, stdio: 'ignore' });
  return child;
};

test('a process carrying the tag is found, also when only processes started since a moment are read', async () => {
  const tag = `pc-tree-test-${process.pid}`;
  const since = aMomentAgo();
  const child = tagged(tag);
  await once(child, 'spawn');
  try {
    assert.deepEqual(findTagged((t) => t === tag).map((p) => p.pid), [child.pid]);
    assert.deepEqual(findTagged((t) => t === tag, false, { startedAfterNs: since }).map((p) => p.pid), [child.pid]);
    // a moment after its start: passed over on its start time alone
    assert.deepEqual(findTagged((t) => t === tag, false, { startedAfterNs: process.hrtime.bigint() + 1_000_000_000n }), []);
  } finally {
    child.kill('SIGKILL');
  }
});

test('sweep kills what it finds and reports it; nothing is left after', async () => {
  const tag = `pc-tree-sweep-${process.pid}`;
  const since = aMomentAgo();
  const child = tagged(tag);
  await once(child, 'spawn');
  const exited = once(child, 'exit');
  const found = await sweep((t) => t === tag, { startedAfterNs: since });
  assert.deepEqual(found.map((p) => p.pid), [child.pid]);
  assert.deepEqual((await exited)[1], 'SIGKILL');
  assert.deepEqual(findTagged((t) => t === tag), []);
});
