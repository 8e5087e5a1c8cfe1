// The entrypoint's job, in upstream's order (pkg/entrypoint/run.go): create the artifact
// directory and the process log, wait for a previous step's marker if asked, run the test
// with its output copied to stdout and the process log, enforce the timeout and react to an
// interrupt (SIGINT, grace period, SIGKILL), then write the marker file.

import fs from 'node:fs';
import path from 'node:path';
import { formatGoDuration } from '../shared/duration.js';
import { exitErrorText, goError, pathError } from '../shared/goerrors.js';
import { isDirectoryNoFollow } from '../shared/is-directory.js';
import { withError, type Logger } from '../shared/log.js';
import type { OrderedOutput } from '../shared/output.js';
import { exitStatus, startProcess, type TestProcess } from './child.js';
import { OutputCopier } from './copy.js';
import { goSignalName, type InterruptSignal } from './interrupts.js';
import { writeMarker } from './marker.js';
import { gracePeriodNs, timeoutNs, type EntrypointOptions } from './options.js';
import { waitForMarker } from './previous-marker.js';

/** Entrypoint could not run the test (setup or start failure, timeout, marker trouble). */
export const INTERNAL_ERROR_CODE = 127;
/** The test was stopped because entrypoint received SIGINT/SIGTERM. */
export const ABORTED_ERROR_CODE = 130;
/** Above 255 to show entrypoint chose it: the previous step failed, nothing was run. */
export const PREVIOUS_ERROR_CODE = 1000 + ABORTED_ERROR_CODE;

export interface RunContext {
  logger: Logger;
  output: OrderedOutput;
  /** the first SIGINT/SIGTERM (see interrupts.ts) */
  interrupted: Promise<InterruptSignal>;
  /** where "stdout" goes (1; tests use a file) */
  stdoutFd?: number;
}

interface ProcessResult {
  code: number;
  err?: string;
}

/** Runs everything and returns the code for the exit status (before wrapping to 0..255). */
export async function runEntrypoint(o: EntrypointOptions, ctx: RunContext): Promise<number> {
  const { code, err } = await executeProcess(o, ctx);
  if (err !== undefined) ctx.logger.error('Error executing test process', { error: err });
  try {
    writeMarker(o.marker_file, o.container_name, code);
  } catch (markErr) {
    ctx.logger.error('Error writing exit code to marker file', withError(markErr));
    return INTERNAL_ERROR_CODE; // even with always_zero: nobody would learn the real code
  }
  return o.always_zero ? 0 : code;
}

/** The process exit status keeps the low 8 bits, like Go's os.Exit (1130 -> 106, -1 -> 255). */
export function wrapExitStatus(code: number): number {
  return ((code % 256) + 256) % 256;
}

/** os.MkdirAll: what is in the way is named, "mkdir /a/file: not a directory" for a file above. */
function mkdirAll(dir: string): void {
  let found: fs.Stats | undefined;
  try {
    found = fs.statSync(dir);
  } catch {
    // missing, or below a file: Go's MkdirAll then looks at the parent
  }
  if (found?.isDirectory()) return;
  if (found) throw pathError('mkdir', dir, 'ENOTDIR');
  const parent = path.dirname(dir);
  if (parent !== dir) mkdirAll(parent);
  try {
    fs.mkdirSync(dir, { mode: 0o777 });
  } catch (err) {
    // A directory made meanwhile is fine; otherwise the mkdir's error, whatever lstat says (a name too long fails both)
    if (!isDirectoryNoFollow(dir)) throw err;
  }
}

async function executeProcess(o: EntrypointOptions, ctx: RunContext): Promise<ProcessResult> {
  try {
    if (o.artifact_dir !== '') mkdirAll(o.artifact_dir);
  } catch (err) {
    return { code: INTERNAL_ERROR_CODE, err: `could not create artifact directory(${o.artifact_dir}): ${goError(err)}` };
  }
  let logFd: number;
  try {
    logFd = fs.openSync(o.process_log, 'w', 0o666);
  } catch (err) {
    return { code: INTERNAL_ERROR_CODE, err: `could not create process logfile(${o.process_log}): ${goError(err)}` };
  }
  // Log lines go to stdout and the process log from now on, interleaved with the test's output.
  const stdout = ctx.stdoutFd ?? 1;
  ctx.logger.setOutput((line) => void ctx.output.write(line, [stdout, logFd]));
  try {
    return await superviseProcess(o, ctx, stdout, logFd);
  } finally {
    // The process log must be complete before the marker says we are done.
    await ctx.output.flush();
    fs.closeSync(logFd);
    ctx.logger.setOutput((line) => void ctx.output.write(line, [stdout]));
  }
}

async function superviseProcess(o: EntrypointOptions, ctx: RunContext, stdout: number, logFd: number): Promise<ProcessResult> {
  const { logger, output, interrupted } = ctx;

  if (o.previous_marker !== '') {
    const stopWaiting = new AbortController();
    const prev = await Promise.race([waitForMarker(o.previous_marker, stopWaiting.signal, logger), interrupted.then((sig) => ({ sig }))]);
    stopWaiting.abort();
    if ('sig' in prev) {
      logger.error(`Received interrupt ${goSignalName(prev.sig)}, cancelling...`);
      return { code: INTERNAL_ERROR_CODE, err: `wait for previous marker ${o.previous_marker}: cancelled` };
    }
    if ('err' in prev) return { code: INTERNAL_ERROR_CODE, err: `wait for previous marker ${o.previous_marker}: ${prev.err}` };
    if (prev.code !== 0) {
      logger.info(`Skipping as previous step exited ${prev.code}`);
      return { code: PREVIOUS_ERROR_CODE };
    }
  }

  const copier = new OutputCopier(output, [stdout, logFd]);
  const child = await startProcess(o.args, copier.onread);
  if ('error' in child) {
    const msg = `could not start the process: ${child.error}`;
    await output.write(Buffer.from(msg, 'utf8'), [logFd]); // into the process log only, no newline
    return { code: INTERNAL_ERROR_CODE, err: msg };
  }

  // "done" is upstream's cmd.Wait(): the child was reaped AND its output pipe was closed (a
  // background process holding it open delays this) AND the output was written out.
  const copied = Promise.all(child.outputs.map((s) => copier.copy(s)));
  const done = Promise.all([child.exited, copied]).then(() => output.flush());

  const timeout = sleep(timeoutNs(o));
  const outcome = await Promise.race([done.then(() => 'done' as const), timeout.promise.then(() => 'timeout' as const), interrupted]);
  timeout.cancel();
  try {
    if (outcome === 'done') {
      const code = exitStatus(child.proc);
      if (code === 0) return { code };
      return { code, err: `wrapped process failed: ${exitErrorText(child.proc.exitCode, child.proc.signalCode)}` };
    }
    const aborted = outcome !== 'timeout';
    if (aborted) logger.error(`Entrypoint received interrupt: ${goSignalName(outcome)}`);
    else logger.error(`Process did not finish before ${formatGoDuration(timeoutNs(o))} timeout`);
    await gracefullyTerminate(child, done, gracePeriodNs(o), aborted ? outcome : undefined, logger);
    // After a SIGKILL the child may not be reaped yet: its code is then unknown (-1).
    const code = o.propagate_error_code ? exitStatus(child.proc) : aborted ? ABORTED_ERROR_CODE : INTERNAL_ERROR_CODE;
    return { code, err: aborted ? 'process aborted' : 'process timed out' };
  } finally {
    // After a SIGKILL, upstream returns without waiting for the output pipe to close.
    for (const s of child.outputs) s.destroy();
  }
}

/** SIGINT (then the received signal, if any), the grace period, then SIGKILL. */
async function gracefullyTerminate(child: TestProcess, done: Promise<void>, graceNs: number, received: InterruptSignal | undefined, logger: Logger): Promise<void> {
  const { proc } = child;
  // kill() is false once the child has been reaped (Go: "os: process already finished")
  if (!proc.kill('SIGINT')) logger.error('Could not interrupt process after timeout');
  if (received !== undefined && !proc.kill(received)) logger.error(`Could not send signal ${received} to process after timeout`);
  const grace = sleep(graceNs);
  const first = await Promise.race([done.then(() => 'done'), grace.promise.then(() => 'grace')]);
  grace.cancel();
  if (first === 'done') {
    logger.error(`Process gracefully exited before ${formatGoDuration(graceNs)} grace period`);
    return;
  }
  logger.error(`Process did not exit before ${formatGoDuration(graceNs)} grace period`);
  if (!proc.kill('SIGKILL')) logger.error('Could not kill process after grace period');
}

/** A cancellable wait. Node timers stop at 2^31-1 ms (~24.8 days): longer waits are cut to that. */
function sleep(ns: number): { promise: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.min(ns / 1e6, 2 ** 31 - 1));
  });
  return { promise, cancel: () => clearTimeout(timer) };
}
