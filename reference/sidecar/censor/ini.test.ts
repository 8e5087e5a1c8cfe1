import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iniValues } from './ini.js';

test('every value of an INI file, read as gopkg.in/ini.v1 reads it', () => {
  const text = [
    '; a comment',
    'top = level',
    '[default]',
    'user = ci-bot',
    'password = "p4ss w0rd"',
    "quoted = 'single'",
    'token=t0k3n#not a comment to us, but to ini.v1',
    'colon: value',
    'empty =',
    '# another',
    '[other.child]',
    'raw = `keeps #this`',
    '\tindented = yes\r',
  ].join('\n');
  assert.deepEqual(iniValues(text), ['level', 'ci-bot', 'p4ss w0rd', 'single', 't0k3n', 'value', '', 'keeps #this', 'yes']);
  assert.throws(() => iniValues('[s]\njust-a-word\n'), /^Error: key-value delimiter not found: just-a-word$/);
  assert.throws(() => iniValues('= x'), /^Error: empty key name: = x$/);
  // quotes over lines, continuation lines, quotes that recur inside
  assert.deepEqual(iniValues('a = """one\ntwo""" # after\nb = x\\\n  y\\\n z\nc = \'q\'u\'\nd = `\n`\n'), ['one\ntwo', 'xyz', "'q'u'", '\n']);
  assert.throws(() => iniValues('a = """open\nstill open\n'), /^Error: missing closing key quote from /);
});
