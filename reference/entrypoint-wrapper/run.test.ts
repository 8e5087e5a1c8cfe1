// Exit codes and error lines of the compiled program.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { aggregate } from './run.js';
import { runWrapper, type Run } from './testutil.js';

const runs: Run[] = [];
after(() => {
  for (const run of runs) fs.rmSync(run.dir, { recursive: true, force: true });
});
const run = async (args: string[], env?: NodeJS.ProcessEnv): Promise<Run> => {
  const r = await runWrapper(args, env);
  runs.push(r);
  return r;
};
const SECRET = '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"job","creationTimestamp":null,"labels":{"ci.openshift.io/skip-censoring":"true"}},"data":{"a":"aGVsbG8="},"type":"Opaque"}\n';

test('exit 0: the Secret is printed after the child, nothing on stderr', async () => {
  const r = await run(['--dry-run', 'sh', '-c', 'echo child']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'child\n' + SECRET);
  assert.equal(r.stderr, '');
});

test("a non-zero exit is the wrapper's, with upstream's error line", async () => {
  const r = await run(['--dry-run', 'sh', '-c', 'exit 3']);
  assert.equal(r.status, 3);
  assert.equal(r.stdout, SECRET);
  assert.equal(r.stderr, 'error: failed to execute wrapped command: exit status 3\n');
});

test('a child killed by a signal: 255', async () => {
  const r = await run(['--dry-run', 'sh', '-c', 'kill -TERM $$']);
  assert.equal(r.status, 255);
  assert.equal(r.stderr, 'error: failed to execute wrapped command: signal: terminated\n');
});

test('a child that cannot start: 1, and the Secret is still printed', async () => {
  const r = await run(['--dry-run', 'no-such-command-here']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, SECRET);
  assert.equal(r.stderr, 'error: failed to execute wrapped command: failed to start main process: exec: "no-such-command-here": executable file not found in $PATH\n');
});

test('option errors: exit 1 before anything runs', async () => {
  const r = await run(['--dry-run', 'sh', '-c', 'touch ran'], { NAMESPACE: '' });
  assert.equal(r.status, 1);
  assert.equal(r.stderr, 'error: environment variable NAMESPACE is empty\n');
  assert.equal(fs.existsSync(path.join(r.dir, 'ran')), false);
  const cluster = await run(['sh', '-c', 'touch ran']);
  assert.equal(cluster.status, 1);
  assert.match(cluster.stderr, /^error: failed to load cluster config: storing the Secret in a cluster is not supported/);
  assert.equal(fs.existsSync(path.join(cluster.dir, 'ran')), false);
});

test("the child's environment: private SHARED_DIR copy, HOME, CLI_DIR on PATH; .gitconfig made", async () => {
  const r = await run(['--mode', 'skip-kubeconfig', 'sh', '-c', 'echo "$SHARED_DIR|$HOME|$PATH"; cat "$SHARED_DIR/a"'], { CLI_DIR: '/cli', HOME: '/nonexistent-home' });
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `${path.join(r.dir, 'tmp', 'secret')}|/alabama|${process.env.PATH}:/cli\nhello`);
  const home = await run(['--mode', 'skip-kubeconfig', 'true']);
  assert.equal(fs.readFileSync(path.join(home.dir, 'home', '.gitconfig'), 'utf8'), '[safe]\n    directory = *\n');
});

test('errors aggregate like utilerrors', () => {
  assert.equal(aggregate(['a']), 'a');
  assert.equal(aggregate(['a', 'b']), '[a, b]');
});
