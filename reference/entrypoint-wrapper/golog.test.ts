import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goLogLine, goQuote, logrusLine } from './golog.js';

test("goQuote is Go's %q for printable text", () => {
  assert.equal(goQuote('/a b"c\\'), '"/a b\\"c\\\\"');
});

test('logrus text lines: RFC3339 time, level, msg and sorted fields, quoted only when needed', () => {
  const line = logrusLine('info', 'Received signal.', { signal: 'terminated', a: 'x y' });
  assert.match(line, /^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)" level=info msg="Received signal\." a="x y" signal=terminated\n$/);
});

test("Go's standard log line", () => {
  assert.match(goLogLine('warning: x'), /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d warning: x\n$/);
});
