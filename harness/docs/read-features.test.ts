import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURES_DIR } from '../paths.js';
import { loadScenarios } from '../features.js';
import { advice, paragraphs, readFeatures } from './read-features.js';

const features = readFeatures(FEATURES_DIR);

test('every scenario is read, under the keys results.json uses, with its steps under their own keywords', () => {
  const keys = features.flatMap((f) => f.scenarios.map((s) => s.key)).sort();
  assert.deepEqual(keys, loadScenarios().map((s) => s.key).sort());
  const timeout = features.find((f) => f.file === 'entrypoint/timeout.feature')!;
  assert.deepEqual(timeout.background, [{ keyword: 'Given', text: 'entrypoint has a timeout of 1s and a grace period of 2s' }]);
  const first = timeout.scenarios[0];
  assert.deepEqual(first.steps.slice(0, 2).map((s) => `${s.keyword} ${s.text}`), ['Given the test exits with code 0 200ms after it receives SIGINT', 'When entrypoint runs the test']);
  assert.ok(first.clauses.includes('EP-TIMEOUT-SIGINT'));
  // An outline's rows: the values filled in, the doc string kept.
  const step = features.find((f) => f.file === 'pod/step-pod-deletion.feature')!.scenarios[0];
  assert.match(step.name, /\(a local directory\)$/);
  assert.ok(step.steps.some((s) => s.keyword === 'And' && s.text === 'the sidecar uploads to a local directory'));
  assert.ok(step.steps.some((s) => s.docString?.includes('trap')));
});

test('every hazard says what to do about it', () => {
  for (const f of features) {
    for (const s of f.scenarios) {
      if (!s.tags.includes('@hazard')) continue;
      assert.ok(advice(s.description).length + advice(f.description).length > 0, `${s.key}: no "What to do:" paragraph in its description or its feature's`);
    }
  }
});

test('descriptions split into paragraphs; advice is the "What to do:" ones', () => {
  assert.deepEqual(paragraphs('a\n  b\n\n  What to do: c\n  d\n'), ['a b', 'What to do: c d']);
  assert.deepEqual(advice('a\n\nWhat to do: c\nd'), ['c d']);
});
