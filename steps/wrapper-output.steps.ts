// Counting lines of entrypoint-wrapper's error output (kept apart from wrapper.steps.ts, which
// checks lines in order): a line printed once must not be printed again.
import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ConformanceWorld } from './world.js';

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
