import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { isGzip, tarGz, untarGz } from './tar.js';

test('archives round-trip, and GNU tar reads them', () => {
  const archive = tarGz([{ name: 'a.txt', content: 'alpha\n' }, { name: 'dir/b.txt', content: 'x'.repeat(1000) }]);
  assert.ok(isGzip(archive));
  const files = untarGz(archive);
  assert.equal(files.get('a.txt')?.toString(), 'alpha\n');
  assert.equal(files.get('dir/b.txt')?.length, 1000);
  const dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
  try {
    writeFileSync(join(dir, 'x.tar.gz'), archive);
    assert.equal(execFileSync('tar', ['-xzOf', join(dir, 'x.tar.gz'), 'a.txt'], { encoding: 'utf8' }), 'alpha\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('headers written the rarer ways: GNU tar reads them, and so does untarGz', () => {
  const files = [
    { name: 'r/base-256.txt', content: 'b'.repeat(700), numbers: 'base-256' as const },
    { name: 'r/spaces.txt', content: 'spaced\n', numbers: 'spaces' as const },
    { name: 'r/contiguous.txt', content: 'contiguous\n', type: '7' as const },
  ];
  const archive = tarGz(files);
  const read = untarGz(archive);
  for (const f of files) assert.equal(read.get(f.name)?.toString(), f.content);
  const dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
  try {
    writeFileSync(join(dir, 'x.tar.gz'), archive);
    for (const f of files) {
      assert.equal(execFileSync('tar', ['--warning=no-contiguous-cast', '-xzOf', join(dir, 'x.tar.gz'), f.name], { encoding: 'utf8' }), f.content);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
