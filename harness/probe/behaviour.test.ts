import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBehaviour, defaultBehaviour, encodeBehaviour } from './behaviour.js';
import { checkStream, outputLine, LINE_BYTES } from './output.js';

test('a behaviour survives encoding as arguments', () => {
  const b = defaultBehaviour('/tmp/s.sock', 'pc-x-1');
  b.runMs = null;
  b.exitCode = 3;
  b.reactions = { SIGINT: { kind: 'exit', code: 42, afterMs: 100 }, SIGTERM: { kind: 'ignore' } };
  b.stdoutBytes = 1000;
  b.checkDirs = ['/a b'];
  b.files = { '/tmp/a:b': 10 };
  b.grandchild = { runMs: 500, ignoreSignals: true };
  b.reportEnv = ['SHARED_DIR'];
  assert.deepEqual(decodeBehaviour(encodeBehaviour(b)), b);
});

test('bad probe arguments are refused', () => {
  assert.throws(() => decodeBehaviour(['--exit', '1']), /--socket is required/);
  assert.throws(() => decodeBehaviour(['--socket', 's', '--on', 'SIGFOO=ignore']), /unsupported signal/);
  assert.throws(() => decodeBehaviour(['--socket', 's', '--exit', 'x']), /integer/);
});

test('output lines are fixed-size and checked in order', () => {
  assert.equal(outputLine('stdout', 7).length, LINE_BYTES);
  const text = [0, 1, 2].map((i) => outputLine('stdout', i)).join('') + '{"msg":"x"}\n';
  assert.equal(checkStream(text, 'stdout', 3 * LINE_BYTES), null);
  assert.match(checkStream(text, 'stdout', 4 * LINE_BYTES) ?? '', /3 of 4/);
  const swapped = outputLine('stdout', 1) + outputLine('stdout', 0);
  assert.match(checkStream(swapped, 'stdout', 2 * LINE_BYTES) ?? '', /out of order/);
});
