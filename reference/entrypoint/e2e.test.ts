// End-to-end runs of the compiled program (main.js beside this file) with `sh -c` children.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const MS = 1_000_000; // nanoseconds

const tempDirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  dir: string;
  log: () => string;
  marker: () => string;
}

/** Runs entrypoint with ENTRYPOINT_OPTIONS = {process_log, marker_file in a temp dir, ...extra}. */
function runEntrypoint(extra: Record<string, unknown>, whileRunning?: (pid: number, stdout: () => string) => void): Promise<Run> {
  const dir = tempDir('entrypoint-e2e-');
  const opts = { process_log: path.join(dir, 'log'), marker_file: path.join(dir, 'marker'), ...extra };
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ENTRYPOINT_OPTIONS: JSON.stringify(opts) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  whileRunning?.(child.pid!, () => stdout);
  return new Promise((resolve) => {
    child.on('close', (status) =>
      resolve({
        status,
        stdout,
        stderr,
        dir,
        log: () => fs.readFileSync(opts.process_log, 'utf8'),
        marker: () => fs.readFileSync(opts.marker_file, 'utf8'),
      }),
    );
  });
}

const msgs = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{"component"'))
    .map((l) => JSON.parse(l).msg);

test('exit code passes through; output goes to stdout and the process log', async () => {
  const r = await runEntrypoint({ args: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
  assert.equal(r.status, 3);
  assert.equal(r.marker(), '3');
  assert.equal(r.log(), 'out\nerr\n');
  assert.ok(r.stdout.startsWith('out\nerr\n'));
  // the final error line goes to stdout only
  const last = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(last.msg, 'Error executing test process');
  assert.equal(last.error, 'wrapped process failed: exit status 3');
  assert.equal(r.stderr, '');
});

test('always_zero exits 0 but the marker keeps the code', async () => {
  const r = await runEntrypoint({ args: ['sh', '-c', 'exit 5'], always_zero: true });
  assert.equal(r.status, 0);
  assert.equal(r.marker(), '5');
});

test('timeout: SIGINT, graceful exit within the grace period -> 127', async () => {
  const r = await runEntrypoint({
    args: ['sh', '-c', "trap 'echo got INT; exit 4' INT; while :; do sleep 0.05; done"],
    timeout: 200 * MS,
    grace_period: 5000 * MS,
  });
  assert.equal(r.status, 127);
  assert.equal(r.marker(), '127');
  assert.deepEqual(msgs(r.log()), ['Process did not finish before 200ms timeout', 'Process gracefully exited before 5s grace period']);
  assert.match(r.log(), /got INT/);
});

test('timeout: child ignoring SIGINT is killed; propagate_error_code gives -1', async () => {
  const r = await runEntrypoint({
    args: ['sh', '-c', "trap '' INT; while :; do sleep 0.05; done"],
    timeout: 200 * MS,
    grace_period: 200 * MS,
    propagate_error_code: true,
  });
  assert.equal(r.status, 255);
  assert.equal(r.marker(), '-1');
  assert.deepEqual(msgs(r.log()), ['Process did not finish before 200ms timeout', 'Process did not exit before 200ms grace period']);
});

test('SIGTERM to entrypoint: logged, forwarded after SIGINT, 130', async () => {
  const r = await runEntrypoint(
    {
      args: ['sh', '-c', "trap 'echo got INT' INT; trap 'echo got TERM; sleep 0.3; exit 9' TERM; echo ready; while :; do sleep 0.05; done"],
      grace_period: 5000 * MS,
    },
    (pid, stdout) => {
      const poll = setInterval(() => {
        if (!stdout().includes('ready')) return;
        clearInterval(poll);
        process.kill(pid, 'SIGTERM');
        // a second one, while the child is still shutting down, is swallowed
        setTimeout(() => {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // already gone
          }
        }, 50);
      }, 20);
    },
  );
  assert.equal(r.status, 130);
  assert.equal(r.marker(), '130');
  assert.deepEqual(msgs(r.log()), ['Entrypoint received interrupt: terminated', 'Process gracefully exited before 5s grace period']);
  assert.match(r.log(), /got TERM/);
});

test('previous marker non-zero: child not run, 1130 (exit 106)', async () => {
  const dir = tempDir('entrypoint-prev-');
  fs.writeFileSync(path.join(dir, 'prev'), '2\n');
  const r = await runEntrypoint({ args: ['sh', '-c', 'echo ran'], previous_marker: path.join(dir, 'prev') });
  assert.equal(r.status, 106);
  assert.equal(r.marker(), '1130');
  assert.deepEqual(msgs(r.log()), ['Skipping as previous step exited 2']);
  assert.doesNotMatch(r.stdout, /ran/);
});

test('a command that cannot start: 127 and the reason in the process log', async () => {
  const r = await runEntrypoint({ args: ['no-such-command-for-entrypoint'] });
  assert.equal(r.status, 127);
  assert.equal(r.marker(), '127');
  assert.equal(r.log(), 'could not start the process: exec: "no-such-command-for-entrypoint": executable file not found in $PATH');
});

for (const [name, env, msg] of [
  ['invalid options', { ENTRYPOINT_OPTIONS: '{"args":["true"],"always_zero":true,"propagate_error_code":true}' }, 'Invalid options: cannot propagate error code and always exit zero'],
  ['no ENTRYPOINT_OPTIONS', {}, 'Could not resolve options: ENTRYPOINT_OPTIONS is not set (this implementation reads only the JSON configuration, not flags)'],
  ['a bad field', { ENTRYPOINT_OPTIONS: '{"timeout":"1s"}' }, 'Could not resolve options: ENTRYPOINT_OPTIONS: "timeout" must be an integer number of nanoseconds, not "1s"'],
] as const) {
  test(`${name}: one fatal line on stderr, exit 1, nothing started`, () => {
    const { ENTRYPOINT_OPTIONS: _drop, ...base } = process.env;
    const r = spawnSync(process.execPath, [MAIN, '--process-log', '/x'], { env: { ...base, ...env }, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]);
    assert.equal(line.level, 'fatal');
    assert.equal(line.msg, msg);
  });
}
