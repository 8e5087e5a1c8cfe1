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

test('format() output is byte-exact', () => {
  const logger = new Logger('entrypoint', () => {});
  const when = new Date(Date.UTC(2026, 0, 2, 15, 4, 5));
  const line = logger.format('info', 'a "b"', { error: 'x' }, { file: '/f.go:1', func: 'p.f' }, when);
  const time = rfc3339Local(when);
  assert.equal(line, `{"component":"entrypoint","error":"x","file":"/f.go:1","func":"p.f","level":"info","msg":"a \\"b\\"","severity":"info","time":"${time}"}\n`);
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

test('rfc3339Local uses Z for UTC and +hh:mm otherwise', () => {
  const s = rfc3339Local(new Date());
  assert.match(s, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
});
