// A program's TMPDIR of its own, to see what the program leaves there.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import type { ConformanceWorld } from '../world.js';

/** Points `env`'s TMPDIR at a new empty folder of the scenario named `program`-tmp. */
export function emptyTmpdir(world: ConformanceWorld, program: string, env: Record<string, string>): void {
  const dir = world.scenario.path(`${program}-tmp`);
  mkdirSync(dir, { recursive: true });
  env.TMPDIR = dir;
}

export function assertTmpdirEmpty(world: ConformanceWorld, program: string): void {
  assert.deepEqual(readdirSync(world.scenario.path(`${program}-tmp`)), [], `${program} left files in $TMPDIR`);
}
