// How the probe is started: the compiled probe (probe.c) where this machine has a C compiler,
// else the Node probe (probe.ts, the specification both follow). The run builds it before any
// scenario starts (prepareProbe); a scenario only asks which one is there (probeProgram).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cBinaryPath, ensureC } from '../process/c-build.js';
import { ROOT } from '../paths.js';
import { encodeBehaviour, type Behaviour } from './behaviour.js';

const SOURCE = join(ROOT, 'harness', 'probe', 'probe.c');
const CACHE = join(ROOT, '.cache', 'probe');
/** The Node probe. */
export const PROBE_SCRIPT = join(ROOT, 'dist', 'harness', 'probe', 'probe.js');
/** Set (to anything) to run the Node probe even where the compiled one could be built. */
export const NODE_PROBE_VARIABLE = 'PODUTILS_NODE_PROBE';

/**
 * Builds the compiled probe unless it is built (static: it runs in any container image).
 * Returns null, with the reason, where it cannot be: the Node probe stands in.
 */
export async function prepareProbe(): Promise<{ binary: string | null; why?: string }> {
  if (process.env[NODE_PROBE_VARIABLE]) return { binary: null, why: `${NODE_PROBE_VARIABLE} is set` };
  if (!existsSync(SOURCE)) return { binary: null, why: 'this installation has no harness/probe/probe.c' };
  try {
    return { binary: await ensureC(SOURCE, CACHE, ['-static']) };
  } catch (error) {
    return { binary: null, why: (error as Error).message };
  }
}

let chosen: string[] | null = null;

/** The probe program's command (before its flags), looked up once per process. */
export function probeProgram(): string[] {
  chosen ??= compiledProbe() ?? [process.execPath, PROBE_SCRIPT];
  return chosen;
}

function compiledProbe(): string[] | null {
  if (process.env[NODE_PROBE_VARIABLE] || !existsSync(SOURCE)) return null;
  const { binary, built } = cBinaryPath(SOURCE, CACHE);
  return built ? [binary] : null;
}

/** The command line that runs the probe with `behaviour`. */
export function probeCommand(behaviour: Behaviour): string[] {
  return [...probeProgram(), ...encodeBehaviour(behaviour)];
}

/** Whether a process's command line is a probe's (either kind). */
export function isProbe(argv: string[]): boolean {
  return argv.includes(PROBE_SCRIPT) || argv[0]?.startsWith(`${CACHE}/probe-`) === true;
}
