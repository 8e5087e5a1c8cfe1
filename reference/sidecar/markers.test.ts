import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMarker, summarize, waitForMarkers, type MarkerResult } from './markers.js';

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-markers-'));

test('a marker reads as its trimmed integer; anything else is -1 with the reason', () => {
  const dir = tempDir();
  try {
    const read = (content: string): MarkerResult => {
      fs.writeFileSync(path.join(dir, 'm'), content);
      return readMarker(path.join(dir, 'm'));
    };
    assert.deepEqual(read('0'), { returnCode: 0 });
    assert.deepEqual(read(' 130\n'), { returnCode: 130 });
    assert.deepEqual(read('+7'), { returnCode: 7 });
    assert.deepEqual(read('-1'), { returnCode: -1 });
    assert.deepEqual(read(''), { returnCode: -1, err: 'invalid return code: strconv.Atoi: parsing "": invalid syntax' });
    assert.deepEqual(read('1.5'), { returnCode: -1, err: 'invalid return code: strconv.Atoi: parsing "1.5": invalid syntax' });
    assert.deepEqual(read('9223372036854775807'), { returnCode: Number(2n ** 63n - 1n) });
    assert.deepEqual(read('9223372036854775808'), { returnCode: -1, err: 'invalid return code: strconv.Atoi: parsing "9223372036854775808": value out of range' });
    assert.equal(readMarker(path.join(dir, 'none')).err, `bad read: open ${path.join(dir, 'none')}: no such file or directory`);
    fs.mkdirSync(path.join(dir, 'folder'));
    assert.equal(readMarker(path.join(dir, 'folder')).err, `bad read: read ${path.join(dir, 'folder')}: is a directory`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('summary: passed only when all are 0; 130 means aborted; 1130 is not a failure', () => {
  const s = (...codes: number[]): ReturnType<typeof summarize> => summarize(codes.map((returnCode) => ({ returnCode })));
  assert.deepEqual(s(0, 0), { passed: true, aborted: false, failures: 0 });
  assert.deepEqual(s(0, 1), { passed: false, aborted: false, failures: 1 });
  assert.deepEqual(s(130, 1130), { passed: false, aborted: true, failures: 1 });
  assert.deepEqual(s(-1, 2, 1130), { passed: false, aborted: false, failures: 2 });
  assert.deepEqual(summarize([{ returnCode: 0, err: 'odd' }]), { passed: false, aborted: false, failures: 0 });
});

test('waits for every marker: one already there, one renamed in later, one named twice', async () => {
  const dir = tempDir();
  try {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    fs.writeFileSync(a, '0');
    const waiting = waitForMarkers([a, b, b]);
    setTimeout(() => {
      fs.writeFileSync(path.join(dir, 'tmp'), '3');
      fs.renameSync(path.join(dir, 'tmp'), b);
    }, 50);
    assert.deepEqual(await waiting, [{ returnCode: 0 }, { returnCode: 3 }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('markers in different directories, or in a missing one: error results for those not there', async () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'x'));
    fs.writeFileSync(path.join(dir, 'x', 'm1'), '0');
    assert.deepEqual(await waitForMarkers([path.join(dir, 'x', 'm1'), path.join(dir, 'y', 'm2')]), [
      { returnCode: 0 },
      { returnCode: -1, err: 'marker files are not all written to the same directory' },
    ]);
    const [missing] = await waitForMarkers([path.join(dir, 'nodir', 'm')]);
    assert.equal(missing.returnCode, -1);
    assert.equal(missing.err, `add ${dir}/nodir to fsnotify watch: no such file or directory`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
