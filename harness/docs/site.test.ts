import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadClauses } from '../features.js';
import { FEATURES_DIR } from '../paths.js';
import type { ScenarioResult } from '../results.js';
import { readFeatures } from './read-features.js';
import { anchor, buildSite } from './site.js';

const features = readFeatures(FEATURES_DIR);
const clauses = loadClauses();
const key = 'entrypoint/timeout.feature: A test still running at the timeout gets SIGINT and may exit within the grace period';

function result(outcome: ScenarioResult['outcome'], message = ''): ScenarioResult {
  return {
    key, feature: 'entrypoint/timeout.feature', name: key.split(': ')[1], tags: [], status: 'PASSED', outcome, message, figures: ['SIGINT after the test started: 1003.1 ms'], seconds: 1, inherentSeconds: 1,
    timeline: { summary: 'Entrypoint sends SIGINT to test at 1.00 s.', lanes: [{ id: 'ep', label: 'entrypoint' }, { id: 't', label: 'test' }], events: [{ kind: 'signal', lane: 't', from: 'ep', signal: 'SIGINT', atMs: 1000 }], marks: [{ kind: 'timeout', label: 'timeout', atMs: 1000 }], endMs: 1000 },
  };
}

test('the pages, in reading order, with every scenario, its clauses, verdicts and timeline', () => {
  const pages = buildSite({ features, clauses, columns: [{ profile: 'ref', results: [result('passed')] }, { profile: 'other', results: [result('expected-failure', 'known <bug>')] }], generatedAt: new Date(0) });
  assert.deepEqual(pages.map((p) => p.file), ['index.html', 'pod.html', 'entrypoint.html', 'sidecar.html', 'entrypoint-wrapper.html', 'pods.html', 'hazards.html', 'clauses.html']);
  const entrypoint = pages.find((p) => p.file === 'entrypoint.html')!.html;
  const article = entrypoint.slice(entrypoint.indexOf(`<article class="scenario" id="${anchor(key)}"`));
  assert.match(article, /<a class="clause level-must" href="clauses\.html#EP-TIMEOUT-SIGINT"[^>]*>EP-TIMEOUT-SIGINT <span class="level">MUST<\/span><\/a>/);
  assert.match(article, /<span class="kw">Given<\/span> the test exits with code 0 200ms after it receives SIGINT/);
  assert.match(article, /<span class="impl">ref<\/span> <span class="verdict passed">passed<\/span><ul class="figures"><li>SIGINT after the test started: 1003\.1 ms/);
  assert.match(article, /<span class="verdict expected-failure">expected failure<\/span> <span class="why">known &lt;bug&gt;<\/span>/);
  assert.match(article, /<figure class="timeline" data-profile="ref"><svg [^>]*role="img"/);
  assert.match(article, /<figcaption><strong>ref:<\/strong> Entrypoint sends SIGINT to test at 1\.00 s\.<\/figcaption>/);
  // Every scenario is on some page, once.
  const all = pages.map((p) => p.html).join('\n');
  for (const f of features) for (const s of f.scenarios) assert.equal(all.split(`<article class="scenario" id="${anchor(s.key)}"`).length - 1, 1, s.key);
  const clausesPage = pages.find((p) => p.file === 'clauses.html')!.html;
  for (const c of clauses) assert.match(clausesPage, new RegExp(`<tr id="${c.id}">`));
  assert.match(clausesPage, new RegExp(`<tr id="EP-TIMEOUT-SIGINT">.*?href="entrypoint\\.html#${anchor(key)}"`, 's'));
  const hazards = pages.find((p) => p.file === 'hazards.html')!.html;
  assert.equal(hazards.split('<div class="advice"><h3>What to do</h3>').length - 1, features.flatMap((f) => f.scenarios.filter((s) => s.tags.includes('@hazard'))).length);
});

test('without results the pages say so and show no verdicts or timelines', () => {
  const pages = buildSite({ features, clauses, columns: [], generatedAt: new Date(0) });
  assert.match(pages[0].html, /No results were given/);
  const all = pages.map((p) => p.html).join('\n');
  assert.doesNotMatch(all, /class="verdicts"|<figure class="timeline"/);
});
