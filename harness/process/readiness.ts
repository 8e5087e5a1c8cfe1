// When a program under test is ready for a signal while it waits for a marker file. Sending one
// earlier would test the program's start-up (where any program dies of SIGTERM), not its
// protocol. Ready means: it watches the marker's directory (what upstream does, after installing
// its handlers); or, for a program that polls instead, it catches SIGTERM (and `alsoRequired`
// holds) once the tolerance has passed since it started.
import type { RunningProgram } from './program.js';
import { catchesSignal, groupWatchesDirectory } from './proc.js';
import { elapsedMs } from '../timing.js';

export async function readyWhileWaiting(
  program: RunningProgram,
  markerDir: string,
  { toleranceMs, deadlineMs, alsoRequired = () => true }: { toleranceMs: number; deadlineMs: number; alsoRequired?: () => boolean },
): Promise<void> {
  for (;;) {
    if (program.exit) throw new Error(`${program.name} exited (status ${program.exit.code ?? program.exit.signal}) instead of waiting for its marker`);
    if (groupWatchesDirectory(program.pid, markerDir)) return;
    const since = elapsedMs(program.launchedAt, process.hrtime.bigint());
    if (since >= toleranceMs && catchesSignal(program.pid, 'SIGTERM') && alsoRequired()) return;
    if (since > deadlineMs) throw new Error(`${program.name} never started waiting for its marker (no watch on ${markerDir}, no SIGTERM handler)`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
