import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadProfile, parseProfile } from './profile.js';
import { UsageError } from '../errors.js';

const dir = mkdtempSync(join(tmpdir(), 'profile-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const exe = join(dir, 'my-entrypoint');
writeFileSync(exe, '#!/bin/sh\n');
chmodSync(exe, 0o755);
const plain = join(dir, 'not-executable');
writeFileSync(plain, '');

test('the bundled reference profile loads', () => {
  const p = loadProfile('reference');
  assert.equal(p.name, 'reference');
  assert.ok(p.roles.entrypoint?.command[0].endsWith('reference/bin/entrypoint'));
});

test('relative commands resolve against the profile folder; bare names through PATH', () => {
  const p = parseProfile({ name: 'x', roles: { entrypoint: { command: ['./my-entrypoint', '--flag', './data'] }, sidecar: { command: ['env', 'A=1', 'true'] } } }, join(dir, 'p.json'));
  assert.deepEqual(p.roles.entrypoint?.command, [exe, '--flag', join(dir, 'data')]);
  assert.match(p.roles.sidecar!.command[0], /\/env$/);
  assert.deepEqual(p.capabilities, []);
});

test('unusable profiles are refused with a one-line reason', () => {
  const cases: [unknown, RegExp][] = [
    [{ roles: {} }, /"name"/],
    [{ name: 'x', roles: { sidcar: { command: ['true'] } } }, /unknown role "sidcar"/],
    [{ name: 'x', roles: { entrypoint: { command: [] } } }, /non-empty array/],
    [{ name: 'x', roles: { entrypoint: { command: ['./missing'] } } }, /command not found/],
    [{ name: 'x', roles: { entrypoint: { command: ['./not-executable'] } } }, /not executable/],
    [{ name: 'x', roles: { entrypoint: { command: ['no-such-program-here'] } } }, /not found on PATH/],
    [{ name: 'x', roles: {}, capabilities: ['gcs'] }, /capabilities/],
  ];
  for (const [raw, message] of cases) {
    assert.throws(() => parseProfile(raw, join(dir, 'p.json')), (e: Error) => e instanceof UsageError && message.test(e.message) && !e.message.includes('\n'));
  }
  assert.throws(() => loadProfile('no-such-profile'), /unknown profile/);
  assert.throws(() => loadProfile('/no/such/file.json'), /not found/);
});
