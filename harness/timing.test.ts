import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timing, parseDurationMs, BASE_TOLERANCE_MS } from './timing.js';

test('tolerance scales with the time scale', () => {
  assert.equal(new Timing(1).toleranceMs, BASE_TOLERANCE_MS);
  assert.equal(new Timing(3).toleranceMs, 3 * BASE_TOLERANCE_MS);
  assert.throws(() => new Timing(0));
  assert.throws(() => new Timing(Number.NaN));
});

test('an event caused by a deadline may not come before it', () => {
  const t = new Timing(1);
  assert.equal(t.checkNotBefore('x', 999, 1000).ok, false);
  assert.equal(t.checkNotBefore('x', 1000, 1000).ok, true);
  assert.equal(t.checkNotBefore('x', 1000 + BASE_TOLERANCE_MS, 1000).ok, true);
  assert.equal(t.checkNotBefore('x', 1001 + BASE_TOLERANCE_MS, 1000).ok, false);
  assert.equal(new Timing(2).checkNotBefore('x', 1001 + BASE_TOLERANCE_MS, 1000).ok, true);
});

test('about and at-most checks', () => {
  const t = new Timing(1);
  assert.equal(t.checkAbout('x', 1000 - BASE_TOLERANCE_MS, 1000).ok, true);
  assert.equal(t.checkAbout('x', 999 - BASE_TOLERANCE_MS, 1000).ok, false);
  assert.equal(t.checkAtMost('x', 0, 0).ok, true);
  assert.equal(t.checkAtMost('x', BASE_TOLERANCE_MS + 1, 0).ok, false);
  assert.match(t.checkAtMost('x', 5, 0).figure, /x: 5\.0 ms/);
});

test('an event that must not come before another allows the tolerance early and any lateness', () => {
  const t = new Timing(1);
  assert.equal(t.checkNotEarlier('x', -BASE_TOLERANCE_MS, 0).ok, true);
  assert.equal(t.checkNotEarlier('x', -BASE_TOLERANCE_MS - 1, 0).ok, false);
  assert.equal(t.checkNotEarlier('x', 60_000, 0).ok, true);
  assert.match(t.checkNotEarlier('x', -2000, 0).message, /allowed -300\.0 ms or later/);
});

test('feature durations', () => {
  assert.equal(parseDurationMs('200ms'), 200);
  assert.equal(parseDurationMs('1.5s'), 1500);
  assert.equal(parseDurationMs('1m'), 60000);
  assert.throws(() => parseDurationMs('soon'), /not a duration/);
});
