// Counting lines of entrypoint-wrapper's error output (kept apart from wrapper.steps.ts, which
// checks lines in order): a line printed once must not be printed again.
import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ConformanceWorld } from './world.js';
import { elapsedMs } from '../harness/timing.js';

Then('entrypoint-wrapper\'s error output has exactly one line containing {string}', async function (this: ConformanceWorld, text: string) {
  assert.ok(this.wrapper, 'entrypoint-wrapper was not started');
  await this.wrapper.waitForExit(this.scenario.timing.deadlineMs(60_000));
  const stderr = readFileSync(this.scenario.path(`${this.wrapper.name}.stderr`), 'utf8');
  const matching = stderr.split('\n').filter((line) => line.includes(text));
  assert.equal(matching.length, 1, `${matching.length} lines containing ${JSON.stringify(text)} in:\n${stderr}`);
});

Then('entrypoint-wrapper\'s error output has no line containing {string}', async function (this: ConformanceWorld, text: string) {
  assert.ok(this.wrapper, 'entrypoint-wrapper was not started');
  await this.wrapper.waitForExit(this.scenario.timing.deadlineMs(60_000));
  const stderr = readFileSync(this.scenario.path(`${this.wrapper.name}.stderr`), 'utf8');
  assert.deepEqual(stderr.split('\n').filter((line) => line.includes(text)), [], `stderr:\n${stderr}`);
});

Then('entrypoint-wrapper\'s error output has a line matching {string}', async function (this: ConformanceWorld, pattern: string) {
  assert.ok(this.wrapper, 'entrypoint-wrapper was not started');
  await this.wrapper.waitForExit(this.scenario.timing.deadlineMs(60_000));
  const stderr = readFileSync(this.scenario.path(`${this.wrapper.name}.stderr`), 'utf8');
  const re = new RegExp(pattern);
  assert.ok(stderr.split('\n').some((line) => re.test(line)), `no line matching /${pattern}/ in:\n${stderr}`);
});

/** The time a log line carries: logrus' time="RFC 3339" or Go's standard logger's local "YYYY/MM/DD HH:MM:SS". */
function lineTimeMs(line: string): number | null {
  const logrus = /time="([^"]+)"/.exec(line);
  if (logrus) return Date.parse(logrus[1]);
  const std = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /.exec(line);
  if (std) return new Date(+std[1], +std[2] - 1, +std[3], +std[4], +std[5], +std[6]).getTime();
  return null;
}

Then('the entrypoint-wrapper log line containing {string} carries the time it was written', async function (this: ConformanceWorld, text: string) {
  assert.ok(this.wrapper, 'entrypoint-wrapper was not started');
  await this.wrapper.waitForExit(this.scenario.timing.deadlineMs(60_000));
  const stderr = readFileSync(this.scenario.path(`${this.wrapper.name}.stderr`), 'utf8');
  const line = stderr.split('\n').find((l) => l.includes(text));
  assert.ok(line, `no line containing ${JSON.stringify(text)} in:\n${stderr}`);
  const at = lineTimeMs(line);
  assert.ok(at !== null && Number.isFinite(at), `no time in ${JSON.stringify(line)}`);
  // Wall-clock span of the run; the line's time has whole seconds, so it may lag by up to 1 s.
  const now = Date.now();
  const launched = now - elapsedMs(this.wrapper.launchedAt, process.hrtime.bigint());
  const check = this.scenario.timing.checkAtMost('log line time outside the run', Math.max(launched - 1000 - at, at - now, 0), 0);
  this.scenario.figure(check.figure);
  assert.ok(check.ok, `${check.message}: ${JSON.stringify(line)} (run from ${new Date(launched).toISOString()} to ${new Date(now).toISOString()})`);
});
