// Every finding links to a scenario that exists in the features (by file and by name as the
// feature writes it), and the findings are computed from what happened: the same rules on an
// observation where artifacts came after the marker, and where nothing came late.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths.js';
import { computeFindings } from './findings.js';
import type { DrillResult, ObservedProcess } from './result.js';

function proc(id: string, role: ObservedProcess['role'], parent: string | null, startMs: number, end: ObservedProcess['end'], extra: Partial<ObservedProcess> = {}): ObservedProcess {
  return { id, role, pid: startMs + 1, parent, label: id, programs: [], startMs, signals: [], sent: [], end, ...extra };
}

/** A step that traps the interrupt and exits within its grace period; `artifacts` as given. */
function observation(artifacts: DrillResult['artifacts']): DrillResult {
  return {
    step: { name: 's', source: 's.sh', kind: 'step', script: 'x' },
    config: { profile: 'reference', runtime: 'namespaces', timeoutMs: 7_200_000, gracePeriodMs: 2000, terminationGraceMs: 2500, deleteAfterMs: 1000 },
    originEpochMs: 0,
    processes: [
      proc('entrypoint-wrapper', 'entrypoint-wrapper', null, 0, { atMs: 2100, code: 130, signal: null }, { signals: [{ atMs: 2000, signal: 'SIGTERM', from: 'kubelet' }] }),
      proc('entrypoint', 'entrypoint', 'entrypoint-wrapper', 400, { atMs: 2090, code: 130, signal: null }),
      proc('step', 'step', 'entrypoint', 900, { atMs: 2050, code: 130, signal: null }, { signals: [{ atMs: 2010, signal: 'SIGINT', from: 'entrypoint' }] }),
    ],
    deletion: { atMs: 2000, killedAtMs: null, killed: [] },
    sidecar: { endMs: 2200, code: 0, signal: null },
    marker: { atMs: 2060, code: '130' },
    finished: { atMs: 2150, result: 'ABORTED', passed: false },
    uploads: [{ name: 'finished.json', atMs: 2150 }],
    artifacts,
    buildLogTail: [],
    durations: { drillMs: 2500, stepMs: 1150, podMs: 2200 },
    notes: [],
  };
}

test('every finding links to a scenario of an existing feature', () => {
  const everything = observation([{ name: 'late.txt', atMs: 2080, uploaded: false }]);
  // A step killed at the end of its grace period by entrypoint, in a pod the kubelet cut short.
  const step = everything.processes[2];
  step.end = { atMs: 4010, code: null, signal: 'SIGKILL', killedBy: 'entrypoint' };
  everything.processes.push(proc('p9', 'child', 'step', 950, null));
  everything.config.terminationGraceMs = 2000;
  everything.deletion = { atMs: 2000, killedAtMs: 4000, killed: ['sidecar'] };
  const findings = computeFindings(everything);
  assert.ok(findings.length >= 4, findings.map((f) => f.id).join(', '));
  for (const link of findings.flatMap((f) => f.features)) {
    const text = readFileSync(join(ROOT, link.path), 'utf8');
    const titles = [...text.matchAll(/^\s*Scenario(?: Outline)?: (.*)$/gm)].map((m) => m[1].trim());
    assert.ok(titles.includes(link.scenario), `${link.path} has no scenario "${link.scenario}"`);
  }
});

test('artifacts written after the marker and not uploaded are a finding; those uploaded are not', () => {
  const late = computeFindings(observation([{ name: 'late.txt', atMs: 2080, uploaded: false }, { name: 'early.txt', atMs: 1500, uploaded: true }]));
  assert.deepEqual(late.map((f) => f.id), ['artifacts-too-late']);
  assert.match(late[0].detail, /late\.txt \(written at 2\.080 s\)/);
  assert.deepEqual(computeFindings(observation([{ name: 'early.txt', atMs: 1500, uploaded: true }])), []);
});
