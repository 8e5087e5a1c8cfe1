// Expected strings produced by Go itself (time.Duration.String, go1.26).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration } from './duration.js';

const FORMAT: [bigint, string][] = [
  [0n, '0s'],
  [1n, '1ns'],
  [2n, '2ns'],
  [999n, '999ns'],
  [1000n, '1µs'],
  [1500n, '1.5µs'],
  [1000000n, '1ms'],
  [1500000n, '1.5ms'],
  [100000000n, '100ms'],
  [999999999n, '999.999999ms'],
  [1000000000n, '1s'],
  [1500000000n, '1.5s'],
  [60000000000n, '1m0s'],
  [90000000000n, '1m30s'],
  [3600000000000n, '1h0m0s'],
  [14400000000000n, '4h0m0s'],
  [7200000000000n, '2h0m0s'],
  [3661001000000n, '1h1m1.001s'],
  [-1500000000n, '-1.5s'],
  [-1n, '-1ns'],
  [9223372036854775807n, '2562047h47m16.854775807s'],
  [-9223372036854775808n, '-2562047h47m16.854775808s'],
  [15000000000n, '15s'],
  [100n, '100ns'],
];

test('formatGoDuration matches Go', () => {
  for (const [ns, want] of FORMAT) assert.equal(formatGoDuration(ns), want, `for ${ns}`);
  assert.equal(formatGoDuration(1_500_000_000), '1.5s'); // plain numbers work too
});
