// Assertions every step file makes the same way: a timing check recorded as a figure in the
// reports (passed or not) and then asserted, and what a program's error output mentions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RunningProgram } from '../../harness/process/program.js';
import type { TimingCheck } from '../../harness/timing.js';
import type { ConformanceWorld } from '../world.js';

/** Records the measured figure in the scenario's reports, then fails the step if it is out of bounds. */
export function assertTiming(world: ConformanceWorld, check: TimingCheck): void {
  world.scenario.figure(check.figure);
  assert.ok(check.ok, check.message);
}

/** What a program wrote to stdout or stderr (captured beside the scenario). */
export function programOutput(world: ConformanceWorld, program: RunningProgram | null, stream: 'stdout' | 'stderr'): string {
  assert.ok(program, 'the program was not started');
  return readFileSync(world.scenario.path(`${program.name}.${stream}`), 'utf8');
}

/**
 * "<program>'s error output mentions X", for every program alike: X is a regular expression
 * matched case-insensitively (the features give alternatives, "args|command", where
 * implementations word an error differently).
 */
export function assertMentions(output: string, pattern: string): void {
  assert.match(output, new RegExp(pattern, 'i'), `the output does not mention /${pattern}/i:\n${output}`);
}

/** The opposite of assertMentions, with the same matching. */
export function assertDoesNotMention(output: string, pattern: string): void {
  assert.doesNotMatch(output, new RegExp(pattern, 'i'), `the output mentions /${pattern}/i:\n${output}`);
}
