import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logger, rfc3339Local, withError } from './log.js';

test('lines are logrus JSON with sorted keys', () => {
  const lines: string[] = [];
  const logger = new Logger('entrypoint', (b) => lines.push(b.toString()));
  logger.error('Error executing test process', withError(new Error('process timed out')));
  logger.warn('careful');
  assert.equal(lines.length, 2);
  const first = JSON.parse(lines[0]);
  assert.deepEqual(Object.keys(first), ['component', 'error', 'file', 'func', 'level', 'msg', 'severity', 'time']);
  assert.equal(first.component, 'entrypoint');
  assert.equal(first.error, 'process timed out');
  assert.equal(first.level, 'error');
  assert.equal(first.severity, 'error');
  assert.match(first.file, /log\.test\.js:\d+$/); // the call site, like logrus' ReportCaller
  assert.ok(lines[0].endsWith('}\n'));
  assert.equal(JSON.parse(lines[1]).level, 'warning');
});

/** Runs `fn` with the process in time zone `tz` (Node reads TZ again when it changes). */
function inTimeZone<T>(tz: string, fn: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

const WHEN = new Date(Date.UTC(2026, 0, 2, 15, 4, 5));

test('format() output is byte-exact', () => {
  const logger = new Logger('entrypoint', () => {});
  const line = inTimeZone('UTC', () => logger.format('info', 'a "b"', { error: 'x' }, { file: '/f.go:1', func: 'p.f' }, WHEN));
  assert.equal(line, '{"component":"entrypoint","error":"x","file":"/f.go:1","func":"p.f","level":"info","msg":"a \\"b\\"","severity":"info","time":"2026-01-02T15:04:05Z"}\n');
});

test('fatal logs then exits 1', () => {
  const lines: string[] = [];
  const logger = new Logger('entrypoint', (b) => lines.push(b.toString()));
  let exitCode: number | undefined;
  logger.exit = ((code: number) => {
    exitCode = code;
    throw new Error('exited');
  }) as (code: number) => never;
  assert.throws(() => logger.fatal('Invalid options: no process to wrap specified'), /exited/);
  assert.equal(exitCode, 1);
  assert.equal(JSON.parse(lines[0]).level, 'fatal');
});

test('rfc3339Local gives local time with Z for UTC and the offset (+hh:mm or -hh:mm) otherwise', () => {
  assert.equal(inTimeZone('UTC', () => rfc3339Local(WHEN)), '2026-01-02T15:04:05Z');
  assert.equal(inTimeZone('Asia/Kolkata', () => rfc3339Local(WHEN)), '2026-01-02T20:34:05+05:30');
  assert.equal(inTimeZone('America/St_Johns', () => rfc3339Local(WHEN)), '2026-01-02T11:34:05-03:30');
  // the local date differs from the UTC one
  assert.equal(inTimeZone('Pacific/Kiritimati', () => rfc3339Local(new Date(Date.UTC(2026, 11, 31, 12, 0, 0)))), '2027-01-01T02:00:00+14:00');
});
