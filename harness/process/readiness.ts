// When a program under test is ready for a signal while it waits for a marker file. Sending one
// earlier would test the program's start-up (where any program dies of SIGTERM), not its
// protocol. Ready means it watches the marker's directory (what upstream does, after installing
// its handlers). A program that polls instead shows no watch: it is given a generous start-up
// time (half the event slack, scaled) before it counts as ready. /proc's SigCgt cannot tell:
// Node and Go both mark SIGINT and SIGTERM as caught from their first instant, before the
// program's own handlers exist.
import type { RunningProgram } from './program.js';
import { anyWatchesDirectory, groupWatchesDirectory } from './proc.js';
import { elapsedMs } from '../timing.js';
import { sleep } from '../wait.js';

export async function readyWhileWaiting(
  program: RunningProgram,
  markerDir: string,
  { startupMs, deadlineMs, alsoRequired = () => true }: { startupMs: number; deadlineMs: number; alsoRequired?: () => boolean },
): Promise<void> {
  for (let look = 0; ; look++) {
    if (program.exit) throw new Error(`${program.name} exited (status ${program.exit.code ?? program.exit.signal}) instead of waiting for its marker`);
    // The program itself usually holds the watch: look at it every time, and scan every process
    // for the rest of its group only every tenth look (a scan of /proc costs milliseconds).
    if (anyWatchesDirectory([program.pid], markerDir) || (look % 10 === 9 && groupWatchesDirectory(program.pgid, markerDir))) return;
    const since = elapsedMs(program.launchedAt, process.hrtime.bigint());
    if (since >= startupMs && alsoRequired()) return;
    if (since > deadlineMs) throw new Error(`${program.name} never started waiting for its marker`);
    await sleep(5);
  }
}
