import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interrupts } from './run.js';

test('interrupts caught before the program loaded are handed over, and queued until handled', () => {
  const saved = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const early = { queued: ['SIGTERM'], listener: () => {} };
  process.on('SIGINT', early.listener).on('SIGTERM', early.listener);
  (globalThis as { sidecarEarlySignals?: unknown }).sidecarEarlySignals = early;
  try {
    const interrupts = new Interrupts();
    assert.ok(!process.listeners('SIGTERM').includes(early.listener), 'the early listener is replaced');
    process.emit('SIGINT', 'SIGINT');
    const seen: string[] = [];
    interrupts.handle((signal) => {
      seen.push(signal);
      interrupts.handle(() => {}); // the first one only
    });
    process.emit('SIGTERM', 'SIGTERM');
    assert.deepEqual(seen, ['SIGTERM']);
  } finally {
    delete (globalThis as { sidecarEarlySignals?: unknown }).sidecarEarlySignals;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      for (const listener of saved[signal]) process.on(signal, listener);
    }
  }
});
