import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './paths.js';
import { TimeoutError, holdsWithin, pollUntil, settlesWithin, sleep, sleepUntil, withTimeout } from './wait.js';

const since = (t: number): number => performance.now() - t;

test('sleep pauses for the time given, not at all for zero or less, and stops when aborted', async () => {
  let t = performance.now();
  await sleep(30);
  assert.ok(since(t) >= 29, `slept ${since(t)} ms`);
  assert.equal(await Promise.race([sleep(-5).then(() => sleep(0)).then(() => 'at once'), sleep(5000).then(() => 'waited')]), 'at once');
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 10);
  t = performance.now();
  await assert.rejects(sleep(10_000, abort.signal), { name: 'AbortError' });
  assert.ok(since(t) < 5000);
});

test('sleepUntil counts from the moment given', async () => {
  // Lower bounds only: a loaded machine makes every timer late, never early.
  const now = process.hrtime.bigint();
  await sleepUntil(now, 50);
  assert.ok(Number(process.hrtime.bigint() - now) / 1e6 >= 49);
  const longAgo = process.hrtime.bigint() - 10_000_000_000n;
  assert.equal(await Promise.race([sleepUntil(longAgo, 50).then(() => 'at once'), sleep(5000).then(() => 'waited')]), 'at once');
});

test('pollUntil returns the first value that is there, looking again meanwhile', async () => {
  let looks = 0;
  const value = await pollUntil(() => (++looks >= 3 ? { looks } : undefined), { what: 'three looks', timeoutMs: 1000, intervalMs: 5 });
  assert.deepEqual(value, { looks: 3 });
  assert.equal(await pollUntil(async () => 0, { what: 'zero', timeoutMs: 10 }), 0, 'zero is a value');
});

test('pollUntil times out naming what it waited for, after a last look at the deadline', async () => {
  let looks = 0;
  const t = performance.now();
  await assert.rejects(pollUntil(() => {
    looks++;
    return null;
  }, { what: 'the moon', timeoutMs: 60, intervalMs: 25 }), (error: Error) => {
    assert.ok(error instanceof TimeoutError);
    assert.equal(error.message, 'timed out after 60 ms waiting for the moon');
    return true;
  });
  assert.ok(since(t) >= 59 && looks >= 2, `${looks} looks in ${since(t)} ms`);
});

test('pollUntil stops at once when the check throws', async () => {
  await assert.rejects(pollUntil(() => {
    throw new Error('gone for good');
  }, { what: 'x', timeoutMs: 10_000 }), /gone for good/);
});

test('withTimeout gives the promise\'s outcome, or a TimeoutError when the time is up first', async () => {
  assert.equal(await withTimeout(Promise.resolve(7), 1000, 'late'), 7);
  await assert.rejects(withTimeout(Promise.reject(new Error('broke')), 1000, 'late'), /broke/);
  const t = performance.now();
  await assert.rejects(withTimeout(new Promise(() => {}), 30, 'still running'), (error: Error) => error instanceof TimeoutError && error.message === 'still running');
  assert.ok(since(t) >= 29);
});

test('withTimeout leaves no timer behind (a finished wait does not keep the process alive)', async () => {
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  await withTimeout(Promise.resolve(), 60_000, 'x');
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before);
});

test('settlesWithin says whether a promise settled in time', async () => {
  assert.equal(await settlesWithin(Promise.resolve(), 100), true);
  assert.equal(await settlesWithin(Promise.reject(new Error('x')), 100), true);
  assert.equal(await settlesWithin(new Promise(() => {}), 20), false);
});

test('pollUntil can say at its deadline what was missing in words of its own', async () => {
  let looks = 0;
  await assert.rejects(pollUntil(() => false, { what: 'x', timeoutMs: 30, intervalMs: 5, timeoutMessage: () => `gave up after ${++looks} calls for the message` }), (e: Error) => e instanceof TimeoutError && e.message === 'gave up after 1 calls for the message');
});

test('holdsWithin says whether a condition came true in time, and passes on what the check throws', async () => {
  let n = 0;
  assert.equal(await holdsWithin(() => ++n >= 3, 5000, 5), true);
  assert.equal(n, 3);
  const t = performance.now();
  assert.equal(await holdsWithin(() => false, 40, 5), false);
  assert.ok(since(t) >= 39, `gave up after ${since(t)} ms`);
  await assert.rejects(holdsWithin(() => { throw new Error('cannot happen now'); }, 5000), /cannot happen now/);
});

test('every wait goes through this module: no hand-made timer promise anywhere else in the harness or the steps', () => {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/(?<!\.test)\.ts$/.test(entry.name) && !path.endsWith(join('harness', 'wait.ts'))) {
        readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
          if (/new Promise\(\(?\w*\)? => setTimeout\(/.test(line)) found.push(`${relative(ROOT, path)}:${i + 1}`);
        });
      }
    }
  };
  for (const dir of ['harness', 'steps']) walk(join(ROOT, dir));
  assert.deepEqual(found, [], 'use sleep, pollUntil, holdsWithin or withTimeout from harness/wait.ts');
});
