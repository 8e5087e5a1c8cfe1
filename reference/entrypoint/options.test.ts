import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gracePeriodNs, parseOptions, timeoutNs, validateOptions } from './options.js';

const VALID = { args: ['sh', '-c', 'true'], process_log: '/l', marker_file: '/m' };

test('durations are integer nanoseconds; absent, 0 or negative mean the defaults', () => {
  const o = parseOptions(JSON.stringify({ ...VALID, timeout: 14400000000000, grace_period: 3600000000000 }));
  assert.equal(timeoutNs(o), 14_400_000_000_000);
  assert.equal(gracePeriodNs(o), 3_600_000_000_000);
  for (const extra of [{}, { timeout: 0, grace_period: 0 }, { timeout: -1, grace_period: -5 }]) {
    const d = parseOptions(JSON.stringify({ ...VALID, ...extra }));
    assert.equal(timeoutNs(d), 7_200_000_000_000);
    assert.equal(gracePeriodNs(d), 15_000_000_000);
  }
});

test('known fields are read, unknown keys and nulls ignored', () => {
  const o = parseOptions('{"args":["x"],"process_log":"/l","bogus":1,"always_zero":true,"container_name":"test","marker_file":null,"__proto__":1}');
  assert.deepEqual(o.args, ['x']);
  assert.equal(o.process_log, '/l');
  assert.equal(o.marker_file, '');
  assert.equal(o.always_zero, true);
  assert.equal(o.container_name, 'test');
});

test('errors are one line naming the problem', () => {
  const cases: [string, RegExp][] = [
    ['{"args":["sh"]', /^ENTRYPOINT_OPTIONS is not valid JSON: /],
    ['', /^ENTRYPOINT_OPTIONS is not valid JSON: /],
    ['[]', /^ENTRYPOINT_OPTIONS is not a JSON object$/],
    ['null', /^ENTRYPOINT_OPTIONS is not a JSON object$/],
    ['{"args":"sh"}', /^ENTRYPOINT_OPTIONS: "args" must be an array of strings, not "sh"$/],
    ['{"args":[1]}', /"args" must be an array of strings, not \[1\]$/],
    ['{"timeout":"1s"}', /"timeout" must be an integer number of nanoseconds, not "1s"$/],
    ['{"grace_period":1.5}', /"grace_period" must be an integer number of nanoseconds, not 1.5$/],
    ['{"always_zero":1}', /"always_zero" must be true or false, not 1$/],
    ['{"marker_file":false}', /"marker_file" must be a string, not false$/],
  ];
  for (const [json, message] of cases) {
    assert.throws(() => parseOptions(json), (err: Error) => message.test(err.message) && !err.message.includes('\n'), json);
  }
});

test('validation order: args, always_zero+propagate, process_log, marker_file', () => {
  const check = (json: object) => validateOptions(parseOptions(JSON.stringify(json)));
  assert.equal(check({}), 'no process to wrap specified');
  assert.equal(check({ args: [], always_zero: true, propagate_error_code: true }), 'no process to wrap specified');
  assert.equal(check({ args: ['x'], always_zero: true, propagate_error_code: true }), 'cannot propagate error code and always exit zero');
  assert.equal(check({ args: ['x'] }), 'no log file specified with --process-log');
  assert.equal(check({ args: ['x'], process_log: '/l' }), 'no marker file specified with --marker-file');
  assert.equal(check(VALID), undefined);
});
