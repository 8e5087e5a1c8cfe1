import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAsStored, shouldCompress } from './s3.js';

test('compress_file_types: by extension or *, never an object that is gzip already', () => {
  assert.equal(shouldCompress('logs/j/1/artifacts/big.log', ['log']), true);
  assert.equal(shouldCompress('logs/j/1/artifacts/big.txt', ['log']), false);
  assert.equal(shouldCompress('logs/j/1/build-log.txt', ['*']), true);
  assert.equal(shouldCompress('logs/j/1/artifacts/report.json.gz', ['*']), false);
  assert.equal(shouldCompress('logs/j/1/artifacts/report.gzip', ['gzip']), false);
  assert.equal(shouldCompress('logs/j/1/artifacts/big.log', []), false);
  assert.equal(shouldCompress('logs/j/1/artifacts/big.log', undefined), false);
  assert.equal(shouldCompress('logs/j/1/artifacts/Makefile', ['*']), true);
});

test('an object lands where an unescaped name takes it: cut at its first ?, escapes decoded once', () => {
  assert.equal(keyAsStored('a/q?x?y'), 'a/q');
  assert.equal(keyAsStored('s%2Fl u%C3%A9 v%3Fw h#x pl+us'), 's/l ué v?w h#x pl+us');
  assert.throws(() => keyAsStored('p%zz'), /holds a '%' that is no escape/);
});
