// Runs the compiled program (main.js beside this file) in a temp step-pod environment, for the tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** the temp dir holding home/, tmp/ and shared/ */
  dir: string;
}

/**
 * Runs entrypoint-wrapper with `args`, HOME, TMPDIR, SHARED_DIR (holding "a" = "hello"),
 * NAMESPACE and JOB_NAME_SAFE=job set, plus `env`; `whileRunning` gets its pid and
 * that dir (also its working directory) once started.
 */
export async function runWrapper(args: string[], env: NodeJS.ProcessEnv = {}, whileRunning?: (pid: number, dir: string) => Promise<void>): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wrapper-test-'));
  for (const sub of ['home', 'tmp', 'shared']) fs.mkdirSync(path.join(dir, sub));
  fs.writeFileSync(path.join(dir, 'shared', 'a'), 'hello');
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: path.join(dir, 'home'),
      TMPDIR: path.join(dir, 'tmp'),
      SHARED_DIR: path.join(dir, 'shared'),
      NAMESPACE: 'ns',
      JOB_NAME_SAFE: 'job',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  if (whileRunning) await whileRunning(child.pid!, dir);
  const status = await closed;
  return { status, stdout, stderr, dir };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `file` exists (the child's way of saying it is ready). */
export async function waitForPath(file: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await sleep(10);
  }
}
