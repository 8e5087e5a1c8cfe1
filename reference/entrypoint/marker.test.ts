import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeMarker } from './marker.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'marker-test-'));

test('writes the decimal code without newline, mode 0777, leaving the temp dir behind', () => {
  const dir = tmp();
  const marker = path.join(dir, 'marker-file.txt');
  writeMarker(marker, 'test', -1);
  assert.equal(fs.readFileSync(marker, 'utf8'), '-1');
  assert.equal(fs.statSync(marker).mode & 0o777, 0o777);
  const leftovers = fs.readdirSync(dir).filter((n) => n !== 'marker-file.txt');
  assert.equal(leftovers.length, 1);
  assert.match(leftovers[0], /^test\d+$/); // os.MkdirTemp's name: the prefix and random digits
  assert.equal(fs.statSync(path.join(dir, leftovers[0])).mode & 0o777, 0o700);
  assert.deepEqual(fs.readdirSync(path.join(dir, leftovers[0])), []); // the temp file was renamed away

  writeMarker(marker, '', 1130); // replaces an existing marker
  assert.equal(fs.readFileSync(marker, 'utf8'), '1130');
  fs.rmSync(dir, { recursive: true });
});

test('a missing directory is an error', () => {
  const dir = tmp();
  const missing = path.join(dir, 'missing');
  assert.throws(() => writeMarker(path.join(missing, 'marker'), 'c', 0), { message: `c: error creating temp dir: stat ${missing}: no such file or directory` });
  fs.mkdirSync(path.join(dir, 'folder'));
  assert.throws(() => writeMarker(path.join(dir, 'folder'), 'c', 0), /^Error: could not move marker file to destination path \(.+\/folder\): rename .+\/c\d+\/temp-marker\d+ .+\/folder: file exists$/);
  fs.rmSync(dir, { recursive: true });
});
