// In-process runs of runEntrypoint, for what is hard to time from outside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '../shared/log.js';
import { OrderedOutput } from '../shared/output.js';
import { emptyOptions } from './options.js';
import { runEntrypoint, wrapExitStatus } from './run.js';

test('an interrupt that arrives before the child exists is acted on once it starts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entrypoint-run-'));
  const stdoutFd = fs.openSync(path.join(dir, 'stdout'), 'w');
  const o = {
    ...emptyOptions(),
    args: ['sh', '-c', "trap 'echo got TERM; exit 7' TERM; while :; do sleep 0.05; done"],
    process_log: path.join(dir, 'log'),
    marker_file: path.join(dir, 'marker'),
    grace_period: 5_000_000_000,
  };
  const output = new OrderedOutput();
  // as if caught between installing the handlers and the spawn
  const interrupted = Promise.resolve('SIGTERM' as const);
  const code = await runEntrypoint(o, { logger: new Logger('entrypoint'), output, interrupted, stdoutFd });
  await output.flush();
  fs.closeSync(stdoutFd);
  assert.equal(code, 130);
  assert.equal(fs.readFileSync(o.marker_file, 'utf8'), '130');
  const log = fs.readFileSync(o.process_log, 'utf8');
  assert.match(log, /"msg":"Entrypoint received interrupt: terminated"/);
  assert.match(log, /"msg":"Process gracefully exited before 5s grace period"/);
  fs.rmSync(dir, { recursive: true });
});

test('exit statuses wrap like Go os.Exit', () => {
  assert.equal(wrapExitStatus(1130), 106);
  assert.equal(wrapExitStatus(-1), 255);
  assert.equal(wrapExitStatus(127), 127);
  assert.equal(wrapExitStatus(0), 0);
});
