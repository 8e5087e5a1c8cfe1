import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope } from '@cucumber/messages';
import { ResultCollector, TIMELINE_MEDIA_TYPE, isGreen } from './results.js';
import { junitXml } from './reports/junit.js';

const ts = (seconds: number) => ({ seconds, nanos: 0 });

function feed(collector: ResultCollector, name: string, status: string, n: number): void {
  const envelopes = [
    { pickle: { id: `p${n}`, uri: 'features/entrypoint/x.feature', name, tags: [], steps: [], astNodeIds: [], language: 'en' } },
    { testCase: { id: `c${n}`, pickleId: `p${n}`, testSteps: [] } },
    { testCaseStarted: { id: `s${n}`, testCaseId: `c${n}`, attempt: 0, timestamp: ts(1) } },
    { testStepFinished: { testCaseStartedId: `s${n}`, testStepId: 'x', timestamp: ts(2), testStepResult: { status, duration: ts(1), message: status === 'FAILED' ? 'boom <&>' : undefined } } },
    { testCaseFinished: { testCaseStartedId: `s${n}`, willBeRetried: false, timestamp: ts(3) } },
  ];
  for (const e of envelopes) collector.onMessage(e as unknown as Envelope);
}

test('outcomes follow the expectations', () => {
  const c = new ResultCollector([
    { scenario: 'entrypoint/x.feature: known bug', reason: 'upstream does it differently' },
    { scenario: 'entrypoint/x.feature: fixed bug', reason: 'was broken' },
    { scenario: 'entrypoint/x.feature: renamed', reason: 'gone' },
  ]);
  feed(c, 'ok', 'PASSED', 1);
  feed(c, 'known bug', 'FAILED', 2);
  feed(c, 'fixed bug', 'PASSED', 3);
  feed(c, 'not for this profile', 'SKIPPED', 4);
  feed(c, 'new bug', 'FAILED', 5);
  const outcomes = Object.fromEntries(c.results().map((r) => [r.name, r.outcome]));
  assert.deepEqual(outcomes, { ok: 'passed', 'known bug': 'expected-failure', 'fixed bug': 'unexpected-pass', 'not for this profile': 'not-applicable', 'new bug': 'failed' });
  assert.deepEqual(c.staleExpectations().map((e) => e.scenario), ['entrypoint/x.feature: renamed']);
  assert.equal(isGreen(c.results()), false);
  assert.equal(isGreen(c.results().filter((r) => r.name !== 'fixed bug' && r.name !== 'new bug')), true);
});

test('JUnit XML escapes messages and marks outcomes', () => {
  const c = new ResultCollector([]);
  feed(c, 'a "quoted" <name>', 'FAILED', 1);
  feed(c, 'skipped', 'SKIPPED', 2);
  const xml = junitXml('suite', c.results());
  assert.match(xml, /name="a &quot;quoted&quot; &lt;name&gt;"/);
  assert.match(xml, /<failure message="boom &lt;&amp;&gt;"/);
  assert.match(xml, /tests="2" failures="1" errors="0" skipped="1"/);
});

test('a scenario keeps the timeline attached to it', () => {
  const c = new ResultCollector([]);
  const timeline = { summary: 'x', lanes: [{ id: 'a', label: 'a' }], events: [{ kind: 'start', lane: 'a', atMs: 0 }], marks: [], endMs: 0 };
  const envelopes = [
    { pickle: { id: 'p1', uri: 'features/entrypoint/x.feature', name: 'drawn', tags: [], steps: [], astNodeIds: [], language: 'en' } },
    { testCase: { id: 'c1', pickleId: 'p1', testSteps: [] } },
    { testCaseStarted: { id: 's1', testCaseId: 'c1', attempt: 0, timestamp: ts(1) } },
    { attachment: { testCaseStartedId: 's1', mediaType: TIMELINE_MEDIA_TYPE, body: JSON.stringify(timeline), contentEncoding: 'IDENTITY' } },
    { testCaseFinished: { testCaseStartedId: 's1', willBeRetried: false, timestamp: ts(2) } },
  ];
  for (const e of envelopes) c.onMessage(e as unknown as Envelope);
  assert.deepEqual(c.results()[0].timeline, timeline);
  feed(c, 'undrawn', 'SKIPPED', 2);
  assert.equal('timeline' in c.results()[1], false);
});
