import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { ROOT } from '../paths.js';
import { loadProfile } from '../profiles/profile.js';
import { changeRows, historyColumns, readChanges, readDefects, type BehaviourChange } from '../commands/history.js';
import { checkHistoryModule, historyBinDir, historyInDateOrder, historyLdflags, historyTargets, parseHistory, readHistory } from './history.js';

const ENTRY = {
  name: 'prow-2021-01',
  date: '2021-01-01',
  module: 'k8s.io/test-infra',
  version: 'v0.0.0-20210101165952-38becdc6f078',
  commands: ['prow/cmd/entrypoint', 'prow/cmd/sidecar'],
  versionPackage: 'k8s.io/test-infra/prow/version',
  buildModule: 'upstream/history/test-infra-2021-01',
  why: 'test',
};

test('upstream/history.json: every version has its build module requiring exactly it, and a bundled profile', () => {
  const versions = readHistory();
  assert.ok(versions.length >= 4);
  for (const v of versions) {
    checkHistoryModule(v);
    const profile = join(ROOT, 'harness', 'profiles', `upstream@${v.name}.json`);
    assert.ok(existsSync(profile), `no profile ${profile}`);
    const raw = JSON.parse(readFileSync(profile, 'utf8')) as { roles: Record<string, { command: string[] }>; expectations: string };
    for (const role of Object.values(raw.roles)) assert.ok(role.command[0].includes(`.cache/upstream/history/${v.name}/bin/`), `${v.name}: ${role.command[0]}`);
    assert.ok(existsSync(join(ROOT, 'harness', 'profiles', raw.expectations)), `${v.name}: no expectations file`);
    assert.ok(existsSync(join(ROOT, v.buildModule, 'go.sum')), `${v.name}: no go.sum`);
  }
  const dates = historyInDateOrder(versions).map((v) => v.date);
  assert.deepEqual(dates, [...dates].sort());
  assert.equal(historyBinDir('prow-2021-01'), join(ROOT, '.cache', 'upstream', 'history', 'prow-2021-01', 'bin'));
});

test('parseHistory checks names, dates against the pseudo-version, and paths', () => {
  assert.equal(parseHistory({ versions: [ENTRY] })[0].name, 'prow-2021-01');
  assert.throws(() => parseHistory({ versions: [] }), UsageError);
  assert.throws(() => parseHistory({ versions: [{ ...ENTRY, date: '2021-02-01' }] }), /commit date is 2021-01-01/);
  assert.throws(() => parseHistory({ versions: [{ ...ENTRY, version: 'v1.2.3' }] }), /pseudo-version/);
  assert.throws(() => parseHistory({ versions: [ENTRY, ENTRY] }), /two entries/);
  assert.throws(() => parseHistory({ versions: [{ ...ENTRY, buildModule: '../x' }] }), /relative/);
  assert.throws(() => parseHistory({ versions: [{ ...ENTRY, why: '' }] }), /why/);
});

test('history builds use the release ldflags with the version package of that version', () => {
  const v = parseHistory({ versions: [ENTRY] })[0];
  assert.equal(historyLdflags(v, 'sidecar'), '-s -w -X k8s.io/test-infra/prow/version.Name=sidecar -X k8s.io/test-infra/prow/version.Version=v20210101-38becdc6f078');
  const wrapper = { ...v, module: 'github.com/openshift/ci-tools' };
  assert.ok(!historyLdflags(wrapper, 'entrypoint-wrapper').startsWith('-s -w'));
  const targets = historyTargets(v);
  assert.deepEqual(targets.map((t) => t.pkg), ['k8s.io/test-infra/prow/cmd/entrypoint', 'k8s.io/test-infra/prow/cmd/sidecar']);
  assert.equal(targets[0].buildModule, join(ROOT, 'upstream', 'history', 'test-infra-2021-01'));
});

test('every expected failure of a history version names a known change dated after the version, or a known defect', () => {
  const columns = historyColumns();
  assert.equal(columns[columns.length - 1].profile, 'upstream');
  const changes = readChanges();
  const defects = readDefects();
  // The profiles point at binaries built on demand: read their expectations without resolving commands.
  const profiles = columns.map((c) => {
    const raw = JSON.parse(readFileSync(join(ROOT, 'harness', 'profiles', `${c.profile}.json`), 'utf8')) as { roles: Record<string, unknown>; expectations?: string };
    const expectations = raw.expectations ? (JSON.parse(readFileSync(join(ROOT, 'harness', 'profiles', raw.expectations), 'utf8')) as { 'expected-failures': [] })['expected-failures'] : [];
    return { name: c.profile, file: '', roles: raw.roles, capabilities: [], expectedFailures: expectations };
  });
  const { rows, problems } = changeRows(changes, columns, profiles as never, defects);
  assert.deepEqual(problems, []);
  for (const row of rows) if (!row.change.uncovered) assert.ok(row.scenarios.length > 0, `${row.change.id} is caught by no scenario`);
  for (const p of profiles) for (const e of p.expectedFailures as { evidence?: string }[]) assert.ok(e.evidence, `${p.name}: an expected failure without evidence`);
});

test('changeRows reports an expectation dated after its change, and finds the first version that has a change', () => {
  const change: BehaviourChange = { id: 'x', program: 'sidecar', date: '2022-01-01', summary: 's', evidence: 'e' };
  const columns = [
    { profile: 'a', date: '2021-01-01', builds: [] },
    { profile: 'b', date: '2023-01-01', builds: [] },
  ];
  const profile = (name: string, scenarios: string[]) => ({ name, file: '', roles: { sidecar: { command: ['x'] } }, capabilities: [], expectedFailures: scenarios.map((s) => ({ scenario: s, reason: 'r', change: 'x' })) });
  const ok = changeRows([change], columns, [profile('a', ['f: s']), profile('b', [])] as never);
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.rows[0].firstVersion, 'b');
  assert.deepEqual(ok.rows[0].scenarios, ['f: s']);
  const late = changeRows([change], columns, [profile('a', []), profile('b', ['f: s'])] as never);
  assert.match(late.problems.join('\n'), /not before it/);
});

test('a history profile whose binaries are missing says how to build them', { skip: existsSync(join(historyBinDir('prow-2021-01'), 'entrypoint')) }, () => {
  assert.throws(() => loadProfile('upstream@prow-2021-01'), /upstream build --history/);
});
