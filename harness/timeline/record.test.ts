import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline, emptyRecording } from './record.js';

const S = 1_000_000_000n;
const T0 = 5_000n * S; // an hrtime instant, far from zero

test('times are milliseconds from the first recorded start; lanes with nothing to show are left out', () => {
  const r = emptyRecording();
  r.lanes.push({ id: 'harness', label: 'harness' });
  r.lanes.push({ id: 'ep', label: 'entrypoint', pid: 10, startedAt: T0, exit: { at: T0 + S + 20_000_000n, code: 127, signal: null } });
  r.lanes.push({ id: 'test', label: 'test', pid: 11, parent: 'ep', startedAt: T0 + 12_345_678n, exit: { at: T0 + S + 10_000_000n, code: 0 } });
  r.signals.push({ at: T0 + S + 2_000_000n, signal: 'SIGINT', to: 'test', from: 'ep' });
  r.markers.push({ at: T0 + S + 21_000_000n, code: '127', by: 'ep' });
  r.deadlines.push({ kind: 'timeout', label: 'timeout', at: T0 + 12_345_678n + S });
  const t = buildTimeline(r);
  assert.deepEqual(t.lanes.map((l) => l.id), ['ep', 'test']);
  assert.equal(t.lanes[1].parent, 'ep');
  assert.deepEqual(t.events.map((e) => [e.kind, e.lane, e.atMs]), [
    ['start', 'ep', 0],
    ['start', 'test', 12.35],
    ['signal', 'test', 1002],
    ['exit', 'test', 1010],
    ['exit', 'ep', 1020],
    ['marker', 'ep', 1021],
  ]);
  assert.deepEqual(t.marks, [{ kind: 'timeout', label: 'timeout', atMs: 1012.35 }]);
  assert.equal(t.endMs, 1021);
  assert.equal(t.summary, 'Entrypoint sends SIGINT to test at 1.00 s, test exits 0 at 1.01 s, entrypoint exits 127 at 1.02 s, the marker (127) appears at 1.02 s.');
});

test('a killed process says by which signal; a deletion and the kubelet lane are kept', () => {
  const r = emptyRecording();
  r.lanes.push({ id: 'kubelet', label: 'kubelet' });
  r.lanes.push({ id: 'test', label: 'entrypoint', startedAt: T0, exit: { at: T0 + 3n * S, code: null, signal: 'SIGKILL' } });
  r.deletions.push({ at: T0 + S, by: 'kubelet' });
  r.signals.push({ at: T0 + S, signal: 'SIGTERM', to: 'test', from: 'kubelet' });
  const t = buildTimeline(r);
  assert.deepEqual(t.lanes.map((l) => l.id), ['kubelet', 'test']);
  assert.deepEqual(t.events.find((e) => e.kind === 'exit'), { kind: 'exit', lane: 'test', atMs: 3000, signal: 'SIGKILL' });
  assert.match(t.summary, /^Kubelet deletes the pod at 1\.00 s, kubelet sends SIGTERM to entrypoint at 1\.00 s, entrypoint is killed by SIGKILL at 3\.00 s\.$/);
});

test('nothing recorded: an empty picture that says so', () => {
  const t = buildTimeline(emptyRecording());
  assert.deepEqual([t.lanes, t.events, t.marks, t.endMs], [[], [], [], 0]);
  assert.match(t.summary, /nothing to draw/);
});
