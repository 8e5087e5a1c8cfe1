// The compiled probe against its specification, the Node probe: each behaviour is run by both,
// and what the harness can see (events, exit, output, files) must be the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBehaviour, encodeBehaviour, type Behaviour } from './behaviour.js';
import { PROBE_SCRIPT, prepareProbe } from './command.js';
import { checkStream } from './output.js';

const compiled = (await prepareProbe()).binary;
const skip = compiled ? false : 'no C compiler: the compiled probe cannot be built here';

interface Seen {
  /** Each connection's events, times and pids taken out. */
  connections: Record<string, unknown>[][];
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Per connection: ms from its first signal to its exiting event (null without both). */
  gaps: (number | null)[];
}

/** Runs one probe; `act` gets each probe's ready event as it comes and may signal it. */
async function observe(program: string[], dir: string, make: (socket: string) => Behaviour, act: (pid: number, role: string) => void = () => undefined): Promise<Seen> {
  const socket = join(dir, `${Math.random().toString(36).slice(2)}.sock`);
  const connections: Record<string, unknown>[][] = [];
  const gapsOf = new Map<Record<string, unknown>[], Record<string, bigint>>();
  const closed: Promise<void>[] = [];
  const server = createServer((c) => {
    const events: Record<string, unknown>[] = [];
    const times: Record<string, bigint> = {};
    connections.push(events);
    gapsOf.set(events, times);
    let rest = '';
    closed.push(new Promise((resolve) => c.on('close', () => resolve())));
    c.setEncoding('utf8');
    c.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const e = JSON.parse(line) as Record<string, unknown>;
        assert.match(String(e.t), /^\d+$/);
        assert.ok(BigInt(String(e.t)) <= process.hrtime.bigint(), 'times are on the harness clock');
        if (e.event === 'ready') act(e.pid as number, e.role as string);
        times[String(e.event)] ??= BigInt(String(e.t));
        const { t: _t, pid: _pid, ppid: _ppid, ...kept } = e;
        events.push(kept);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  const child = spawn(program[0], [...program.slice(1), ...encodeBehaviour(make(socket))], { cwd: dir, env: { ...process.env, OUT: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  await Promise.all(closed);
  server.close();
  // A grandchild's connection may come second or first: order them by role.
  connections.sort((a, b) => String(a[0]?.role).localeCompare(String(b[0]?.role)));
  const gaps = connections.map((events) => {
    const t = gapsOf.get(events)!;
    return t.signal !== undefined && t.exiting !== undefined ? Number(t.exiting - t.signal) / 1e6 : null;
  });
  return { connections, code, signal, stdout, stderr, gaps };
}

const cases: { name: string; make: (b: Behaviour) => void; act?: (pid: number, role: string) => void }[] = [
  { name: 'ends by itself with a code', make: (b) => Object.assign(b, { exitCode: 3, runMs: 30 }) },
  {
    name: 'ignores one signal and dies of the next',
    make: (b) => Object.assign(b, { runMs: null, reactions: { SIGTERM: { kind: 'ignore' } } }),
    act: (pid) => {
      process.kill(pid, 'SIGTERM');
      setTimeout(() => process.kill(pid, 'SIGINT'), 100);
    },
  },
  {
    name: 'exits later with a code on a signal, reporting what comes meanwhile',
    make: (b) => Object.assign(b, { runMs: null, reactions: { SIGINT: { kind: 'exit', code: 7, afterMs: 200 } } }),
    act: (pid) => {
      process.kill(pid, 'SIGINT');
      setTimeout(() => process.kill(pid, 'SIGTERM'), 50);
    },
  },
  { name: 'dies by a signal of its own', make: (b) => Object.assign(b, { runMs: 20, dieBy: 'SIGTERM' }) },
  { name: 'writes numbered output on both streams', make: (b) => Object.assign(b, { stdoutBytes: 300_000, stderrBytes: 1000 }) },
  {
    name: 'reports directories, variables and stdin, and writes files and links',
    make: (b) => Object.assign(b, { checkDirs: ['/tmp', '/no/such/dir'], reportEnv: ['OUT', 'NO_SUCH_VARIABLE'], files: { '$OUT/a/b/file': 100_000 }, links: { '$OUT/link': 'somewhere' } }),
  },
  {
    name: 'starts a grandchild that ignores signals',
    make: (b) => Object.assign(b, { runMs: 50, grandchild: { runMs: 150, ignoreSignals: true } }),
    act: (pid, role) => role === 'grandchild' && process.kill(pid, 'SIGTERM'),
  },
];

for (const c of cases) {
  test(`the compiled probe does what the Node probe does: ${c.name}`, { skip }, async () => {
    const seen: Seen[] = [];
    const files: string[] = [];
    for (const program of [[process.execPath, PROBE_SCRIPT], [compiled!]]) {
      const dir = mkdtempSync(join(tmpdir(), 'probes-test-'));
      try {
        seen.push(
          await observe(program, dir, (socket) => {
            const b = defaultBehaviour(socket, 'pc-probes-test');
            c.make(b);
            return b;
          }, c.act),
        );
        const env = seen.at(-1)!.connections[0]?.[0]?.env as Record<string, string> | undefined;
        if (env?.OUT) {
          files.push(`${readFileSync(join(dir, 'a/b/file'), 'utf8').length} ${readlinkSync(join(dir, 'link'))}`);
          // (the folder differs between the two runs)
          env.OUT = '<dir>';
          seen.at(-1)!.connections[0][0].cwd = '<dir>';
        } else {
          for (const events of seen.at(-1)!.connections) for (const e of events) if (e.cwd) e.cwd = '<dir>';
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const [node, native] = seen;
    // Times differ by how fast each program is: only a delay it was told to keep is compared.
    native.gaps.forEach((gap, i) => {
      const expected = node.gaps[i];
      assert.equal(gap === null, expected === null, 'the same events carry times');
      if (gap !== null && expected !== null) assert.ok(Math.abs(gap - expected) < 100, `exits ${gap.toFixed(0)} ms after the signal, the Node probe ${expected.toFixed(0)} ms`);
    });
    assert.deepEqual({ ...native, gaps: [] }, { ...node, gaps: [] });
    assert.ok(node.connections.length > 0, 'the probe reported');
    assert.equal(files[0], files[1]);
    if (c.name.startsWith('writes numbered')) {
      assert.equal(checkStream(native.stdout, 'stdout', 300_000), null);
      assert.equal(checkStream(native.stderr, 'stderr', 1000), null);
    }
  });
}

test('the compiled probe refuses bad flags as the Node probe does', { skip }, async () => {
  for (const args of [['--exit', '1'], ['--socket', '/x', '--on', 'SIGFOO=ignore'], ['--socket', '/x', '--exit', 'one'], ['--socket']]) {
    const run = (program: string[]): Promise<[number | null, string]> =>
      new Promise((resolve) => {
        const child = spawn(program[0], [...program.slice(1), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('close', (code) => resolve([code, stderr]));
      });
    const [nodeCode, nodeText] = await run([process.execPath, PROBE_SCRIPT]);
    const [code, text] = await run([compiled!]);
    assert.equal(code, 64);
    assert.equal(code, nodeCode);
    assert.equal(text, nodeText, `for ${args.join(' ')}`);
  }
});
