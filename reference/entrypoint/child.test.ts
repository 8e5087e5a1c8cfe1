import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from './child.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entrypoint-child-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, body: string, mode: number): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, body, { mode });
  return p;
};

test('an executable without "#!" or ELF header is refused, not run by /bin/sh', async () => {
  const p = file('no-shebang', 'echo ran\n', 0o755);
  assert.deepEqual(await startProcess([p]), { error: `fork/exec ${p}: exec format error` });
});

test('start failures read like Go', async () => {
  const missing = path.join(dir, 'missing');
  assert.deepEqual(await startProcess([missing]), { error: `fork/exec ${missing}: no such file or directory` });
  const p = file('not-executable', '#!/bin/sh\n', 0o644);
  assert.deepEqual(await startProcess([p]), { error: `fork/exec ${p}: permission denied` });
  assert.deepEqual(await startProcess(['no-such-command-x']), { error: 'exec: "no-such-command-x": executable file not found in $PATH' });
});

test('a bare name is looked up in $PATH; argv[0] stays the name', async () => {
  const p = await startProcess(['sh', '-c', 'echo "$0"']);
  assert.ok(!('error' in p));
  let text = '';
  for await (const chunk of p.outputs[0]) text += chunk;
  await p.exited;
  assert.equal(text, 'sh\n');
  assert.equal(p.proc.exitCode, 0);
});
