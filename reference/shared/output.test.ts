// OrderedOutput: one order across writers and descriptors, whatever is joined into one write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OrderedOutput } from './output.js';

test('writes land in order on every descriptor they name, adjacent memory joined or not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'output-'));
  const a = fs.openSync(path.join(dir, 'a'), 'w');
  const b = fs.openSync(path.join(dir, 'b'), 'w');
  const out = new OrderedOutput();
  const slab = Buffer.from('0123456789');
  const writes = [
    out.write(slab.subarray(0, 3), [a, b]),
    out.write(slab.subarray(3, 6), [a, b]), // follows in memory: joined
    out.write(Buffer.from('|log|'), [a]),
    out.write(slab.subarray(6, 10), [a, b]),
    out.write(Buffer.from('|b only|'), [b]),
  ];
  await out.flush();
  for (const w of writes) await w; // all resolved by the flush
  assert.equal(out.pending, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'a'), 'utf8'), '012345|log|6789');
  assert.equal(fs.readFileSync(path.join(dir, 'b'), 'utf8'), '0123456789|b only|');
  fs.closeSync(a);
  fs.closeSync(b);
  fs.rmSync(dir, { recursive: true });
});

test('a descriptor that fails is skipped from then on, the others still get everything', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'output-'));
  const good = fs.openSync(path.join(dir, 'good'), 'w');
  fs.writeFileSync(path.join(dir, 'bad'), '');
  const bad = fs.openSync(path.join(dir, 'bad'), 'r'); // not writable: EBADF
  const out = new OrderedOutput();
  await out.write(Buffer.from('one '), [bad, good]);
  await out.write(Buffer.from('two'), [good, bad]);
  assert.equal(fs.readFileSync(path.join(dir, 'good'), 'utf8'), 'one two');
  await out.room(1); // nothing pending
  fs.closeSync(good);
  fs.closeSync(bad);
  fs.rmSync(dir, { recursive: true });
});
