import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { catchInterrupts, goSignalName } from './interrupts.js';

test('the first signal counts, later ones are caught and ignored', async () => {
  const proc = new EventEmitter();
  const first = catchInterrupts(proc as unknown as NodeJS.Process);
  proc.emit('SIGTERM');
  proc.emit('SIGINT');
  assert.equal(await first, 'SIGTERM');
  assert.equal(proc.listenerCount('SIGINT'), 1); // still caught: a later signal does not kill us
});

test("Go's signal names", () => {
  assert.equal(goSignalName('SIGINT'), 'interrupt');
  assert.equal(goSignalName('SIGTERM'), 'terminated');
});
