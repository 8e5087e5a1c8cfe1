// The matrix puts the real node's columns beside the simulator's in the tables of the features
// the node ran (the pod features), and leaves them out of the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matrixHtml, matrixMarkdown, type Column } from './matrix.js';
import type { ScenarioInfo } from '../features.js';
import type { Outcome, ScenarioResult } from '../results.js';
import { readColumn } from '../commands/results-files.js';

const scenarios: ScenarioInfo[] = [
  { key: 'entrypoint/a.feature: A', uri: 'features/entrypoint/a.feature', line: 3, name: 'A', tags: [], clauses: [] },
  { key: 'pod/b.feature: B', uri: 'features/pod/b.feature', line: 3, name: 'B', tags: [], clauses: [] },
];

function result(key: string, outcome: Outcome, message = ''): ScenarioResult {
  const [feature, name] = key.split(': ');
  return { key, feature, name, tags: [], status: outcome === 'failed' ? 'FAILED' : 'PASSED', outcome, message, figures: [], seconds: 1, inherentSeconds: 0 };
}

const columns: Column[] = [
  { profile: 'reference', results: [result('entrypoint/a.feature: A', 'passed'), result('pod/b.feature: B', 'passed')] },
  { profile: 'reference (kubelet)', results: [result('pod/b.feature: B', 'failed', 'the pod is still running')] },
];

test('the node\'s column is in the pod features\' table only', () => {
  const md = matrixMarkdown(scenarios, columns, 'now');
  const tableHead = (feature: string) => md.split('\n')[md.split('\n').indexOf(`## ${feature}`) + 2];
  assert.equal(tableHead('entrypoint/a.feature'), '| scenario | reference |');
  assert.equal(tableHead('pod/b.feature'), '| scenario | reference | reference (kubelet) |');
  assert.match(md, /^\| B \| pass \| FAIL: the pod is still running \|$/m);
  assert.match(md, /^\| A \| pass \|$/m);
  assert.match(md, /- \*\*reference \(kubelet\)\*\*: 0 pass, 1 fail/);
  assert.match(md, /A "\(kubelet\)" column ran the pod features on a real node/);
  const html = matrixHtml(scenarios, columns, 'now');
  assert.match(html, /<tr class="feature"><th>pod\/b.feature<\/th><th>reference<\/th><th>reference \(kubelet\)<\/th><\/tr>/);
  assert.match(html, /<tr class="feature"><th>entrypoint\/a.feature<\/th><th>reference<\/th><\/tr>/);
});

test('a column is in every table of a feature it has results in, and only there', () => {
  const upstream: Column = { profile: 'upstream', results: [result('entrypoint/a.feature: A', 'passed')] };
  const md = matrixMarkdown(scenarios, [columns[0], upstream], 'now');
  assert.match(md, /^\| A \| pass \| pass \|$/m);
  assert.match(md, /^\| B \| pass \|$/m);
  assert.doesNotMatch(md, /kubelet/);
  // No column ran the feature: its table keeps them all, each cell saying so.
  const none = matrixMarkdown(scenarios, [upstream], 'now');
  assert.match(none, /^\| B \| not run \|$/m);
});

test('a results file of a run on the node names its column after the profile and the runtime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-test-'));
  try {
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ profile: 'upstream', podRuntime: 'kubelet', results: [] }));
    assert.equal(readColumn(dir)?.profile, 'upstream (kubelet)');
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ profile: 'upstream', podRuntime: 'namespaces', results: [] }));
    assert.equal(readColumn(dir)?.profile, 'upstream');
    // Results written before the runtime was recorded are the simulator's.
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ profile: 'upstream', results: [] }));
    assert.equal(readColumn(dir)?.profile, 'upstream');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
