// The kernel's record (exits.c through KernelExits): a process first seen before its exec is
// told of the exec, so that its command line can be read again (the shared-namespace flake on
// the kubelet: a background process seen between its fork and its exec kept its parent's
// command line and was not recognised), and its exit is recorded. Needs root (the proc connector).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ensureExitWatcher } from './build.js';
import { KernelExits } from './events.js';
import { argumentsOf } from '../process/proc.js';
import { pollUntil, withTimeout } from '../wait.js';

test('the exit watcher reports a watched process\'s exec and then its exit', { skip: process.getuid?.() !== 0 ? 'needs root' : false, timeout: 30_000 }, async () => {
  const kernel = await KernelExits.start(await ensureExitWatcher());
  try {
    // A shell that execs sleep only when told: it is watched before its exec.
    const child = spawn('/bin/sh', ['-c', 'read go; exec sleep 30'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const pid = child.pid!;
    // The kernel's lines come in a little late: the exec of sh itself may still be reported.
    const reads: string[][] = [];
    const exec = new Promise<void>((resolve) =>
      kernel.watch(pid, () => {
        reads.push(argumentsOf(pid));
        if (reads.at(-1)![0] === 'sleep') resolve();
      }),
    );
    assert.equal(argumentsOf(pid)[0], '/bin/sh');
    child.stdin!.end('go\n');
    await withTimeout(exec, 5000, 'no exec reported after the shell exec\'d sleep');
    assert.deepEqual(reads.at(-1), ['sleep', '30']);
    assert.equal(kernel.endOf(pid), undefined);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    // The exit line may come just after the exit event of the child: wait for it, not for a time.
    await pollUntil(() => kernel.endOf(pid) !== undefined, { what: 'the kernel to report the exit', timeoutMs: 5000, intervalMs: 5 });
  } finally {
    kernel.stop();
  }
});
