import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '../shared/log.js';
import { combineMetadata, finishedJSON, resultOf } from './finished.js';

test('finished.json: keys in upstream order, metadata and revision only when set', () => {
  const empty = finishedJSON({ timestamp: 1700000000, passed: true, aborted: false, metadata: new Map(), revision: '' });
  assert.equal(empty, '{"timestamp":1700000000,"passed":true,"result":"SUCCESS"}');
  const full = finishedJSON({ timestamp: 5, passed: false, aborted: true, metadata: new Map<string, unknown>([['z', 1], ['a', 'x']]), revision: 'abc' });
  assert.equal(full, '{"timestamp":5,"passed":false,"metadata":{"z":1,"a":"x"},"result":"ABORTED","revision":"abc"}');
});

test('result: SUCCESS when passed, else ABORTED when a marker said 130, else FAILURE', () => {
  assert.equal(resultOf(true, true), 'SUCCESS');
  assert.equal(resultOf(false, true), 'ABORTED');
  assert.equal(resultOf(false, false), 'FAILURE');
});

test('metadata: merged, later entries winning; what cannot be used is reported under sidecar-errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-finished-'));
  try {
    const file = (name: string, content: string): string => {
      fs.writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    const lines: string[] = [];
    const logger = new Logger('sidecar', (b) => lines.push(JSON.parse(b.toString()).msg));
    const metadata = combineMetadata(
      [
        { args: ['run', 'tests'], metadata_file: file('a.json', '{"a":1,"b":{"x":2},"c":"first"}') },
        { args: ['e2e'], metadata_file: file('b.json', '{"a":2,') },
        { metadata_file: file('c.json', '[1]') },
        { metadata_file: path.join(dir, 'missing.json') },
        {},
        { metadata_file: file('d.json', 'null') },
        { metadata_file: file('e.json', '{"c":"second"}') },
      ],
      logger,
    );
    const errors = metadata.get('sidecar-errors') as Record<string, { error: string }>;
    assert.deepEqual(Object.keys(errors), ['entry 1: e2e', 'entry 2: ']);
    assert.match(errors['entry 1: e2e'].error, /JSON/);
    assert.equal(errors['entry 2: '].error, 'the metadata must be a JSON object, not [1]');
    metadata.delete('sidecar-errors');
    assert.deepEqual(Object.fromEntries(metadata), { a: 1, b: { x: 2 }, c: 'second' });
    assert.deepEqual(lines, [`Failed to unmarshal ${dir}/b.json`, `Failed to unmarshal ${dir}/c.json`]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
