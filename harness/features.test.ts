// The features keep their promises to readers: every scenario names at least one known clause,
// every clause is verified by some scenario, and scenario names are unique (results and
// expectations are keyed by them), and no step definition is dead code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClauses, loadScenarios } from './features.js';
import { ROLE_TAG } from './applicability.js';
import { ROLES } from './profiles/profile.js';
import { FEATURES_DIR, ROOT, STEPS_GLOB } from './paths.js';

const clauses = loadClauses();
const PROGRAMS: string[] = [...ROLES, 'pod'];
const scenarios = loadScenarios();

test('every clause has an id, a level, a statement and a source', () => {
  const ids = new Set<string>();
  for (const c of clauses) {
    assert.match(c.id, /^[A-Z]+(-[A-Z0-9]+)+$/, `clause id ${c.id}`);
    assert.ok(!ids.has(c.id), `duplicate clause ${c.id}`);
    ids.add(c.id);
    assert.ok(c.level === 'MUST' || c.level === 'SHOULD', `${c.id} level`);
    assert.ok(PROGRAMS.includes(c.role), `${c.id} role`);
    assert.ok(c.statement.length > 10 && c.source.length > 5, `${c.id} statement and source`);
  }
});

test('every scenario names at least one clause, and only known ones', () => {
  const ids = new Set(clauses.map((c) => c.id));
  for (const s of scenarios) {
    assert.ok(s.clauses.length > 0, `${s.key} names no clause`);
    for (const id of s.clauses) assert.ok(ids.has(id), `${s.key} names unknown clause ${id}`);
  }
});

/** The program a scenario specifies: its folder, features/<program>/ ("pod" for whole pods). */
const programOf = (uri: string): string => uri.split('/')[1];

test('every feature lives in the folder of a program or of whole pods', () => {
  for (const s of scenarios) assert.ok(PROGRAMS.includes(programOf(s.uri)), `${s.uri} is not under features/<${PROGRAMS.join('|')}>/`);
});

test('every clause of a program that has features is verified by at least one scenario', () => {
  // By folder, not by @role: tags (a pod scenario needs both entrypoint and sidecar roles but
  // verifies "pod" clauses). Clauses of programs with no folder yet stay listed (the trace
  // report shows them uncovered).
  const covered = new Set(scenarios.flatMap((s) => s.clauses));
  const specified = new Set(scenarios.map((s) => programOf(s.uri)));
  assert.ok(specified.has('pod'), 'no pod scenarios found');
  assert.deepEqual(clauses.filter((c) => specified.has(c.role)).map((c) => c.id).filter((id) => !covered.has(id)), []);
});

test('scenario names are unique (outline rows included)', () => {
  const seen = new Set<string>();
  for (const s of scenarios) {
    assert.ok(!seen.has(s.key), `duplicate scenario ${s.key}`);
    seen.add(s.key);
  }
});

test('every scenario says which role it needs', () => {
  for (const s of scenarios) {
    const roles = s.tags.filter((t) => t.startsWith(ROLE_TAG)).map((t) => t.slice(ROLE_TAG.length));
    assert.ok(roles.length > 0, `${s.key} has no @role: tag`);
    for (const role of roles) assert.ok((ROLES as readonly string[]).includes(role), `${s.key}: unknown role ${role}`);
  }
});

test('every step definition is used by some scenario', () => {
  // cucumber's own dry run matches every step text to its definition without running anything.
  const dir = mkdtempSync(join(tmpdir(), 'podutils-usage-'));
  try {
    const usage = join(dir, 'usage.json');
    const cli = join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
    execFileSync(process.execPath, [cli, '--dry-run', '--format', `usage-json:${usage}`, '--import', STEPS_GLOB, FEATURES_DIR], { cwd: ROOT, stdio: 'ignore' });
    const definitions = JSON.parse(readFileSync(usage, 'utf8')) as { pattern: string; uri: string; line: number; matches: unknown[] }[];
    assert.ok(definitions.length > 50, 'the dry run found no step definitions');
    assert.deepEqual(definitions.filter((d) => d.matches.length === 0).map((d) => `${d.uri}:${d.line} ${d.pattern}`), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
