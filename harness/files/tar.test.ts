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
