import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goJsonString, secretDataFromDir, secretJson } from './secret.js';

test('the Secret is one line of JSON, byte for byte as upstream prints it', () => {
  const data = new Map([
    ['b', Buffer.from('hello')],
    ['.dot', Buffer.from('x\ny')],
    ['empty', Buffer.alloc(0)],
  ]);
  assert.equal(
    secretJson('job', data),
    '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"job","creationTimestamp":null,"labels":{"ci.openshift.io/skip-censoring":"true"}},' +
      '"data":{".dot":"eAp5","b":"aGVsbG8=","empty":""},"type":"Opaque"}\n',
  );
});

test('without files there is no "data" field', () => {
  assert.equal(
    secretJson('job', new Map()),
    '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"job","creationTimestamp":null,"labels":{"ci.openshift.io/skip-censoring":"true"}},"type":"Opaque"}\n',
  );
});

test("strings are escaped like Go's encoding/json (HTML-safe)", () => {
  assert.equal(goJsonString('j<&>"x'), '"j\\u003c\\u0026\\u003e\\"x"');
  assert.equal(goJsonString('tab\tx\u0001\u2028é'), '"tab\\tx\\u0001\\u2028é"');
  const json = secretJson('a<b', new Map([['é', Buffer.from('z')], ['z', Buffer.from('')], ['\u2028', Buffer.from('')]]));
  // keys sorted bytewise: "z" (0x7a) < "é" (0xc3 0xa9) < U+2028 (0xe2 ...)
  assert.match(json, /"name":"a\\u003cb".*"data":\{"z":"","é":"eg==","\\u2028":""\}/);
});

test('the data: files and links to files; directories, links to them and broken links skipped', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wrapper-secret-'));
  try {
    fs.writeFileSync(path.join(dir, 'a'), 'hello');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync('a', path.join(dir, 'link'));
    fs.symlinkSync('sub', path.join(dir, 'dirlink'));
    fs.symlinkSync('/nonexistent', path.join(dir, 'broken'));
    const data = secretDataFromDir(dir);
    assert.deepEqual([...data.keys()].sort(), ['a', 'link']);
    assert.equal(data.get('link')!.toString(), 'hello');
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});
