#!/usr/bin/env node
// The test process of every scenario. It does what its arguments say (see behaviour.ts) and
// reports to the harness over a Unix socket it opens itself: ready, each signal as it arrives,
// and its own exit. The harness learns that the probe died when that connection closes.
import { connect, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBehaviour, encodeBehaviour, type Behaviour } from './behaviour.js';
import { PROBE_SIGNALS, type ProbeEvent, type SignalReaction } from './protocol.js';
import { lineCount, outputLine, type Stream } from './output.js';

const now = (): string => process.hrtime.bigint().toString();

let behaviour: Behaviour;
try {
  behaviour = decodeBehaviour(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`probe: ${(error as Error).message}\n`);
  process.exit(64);
}

// Signals first: anything that arrives from here on is recorded, none is lost to a default action.
let ending = false;
for (const signal of PROBE_SIGNALS) {
  process.on(signal, () => onSignal(signal, behaviour.reactions[signal] ?? { kind: 'die' }));
}

const pending: string[] = [];
let socket: Socket | null = null;
const connection = connect({ path: behaviour.socket });
connection.on('connect', () => {
  socket = connection;
  for (const line of pending.splice(0)) connection.write(line);
});
// A harness that went away must not keep the probe from doing what it was told.
connection.on('error', () => undefined);

function report(event: ProbeEvent): void {
  const line = JSON.stringify(event) + '\n';
  if (socket) socket.write(line);
  else pending.push(line);
}

function onSignal(signal: (typeof PROBE_SIGNALS)[number], reaction: SignalReaction): void {
  report({ event: 'signal', signal, t: now() });
  if (ending) return;
  if (reaction.kind === 'die') {
    ending = true;
    flushThen(() => {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    });
  } else if (reaction.kind === 'exit') {
    ending = true;
    setTimeout(() => finish(reaction.code), reaction.afterMs);
  }
}

function flushThen(action: () => void): void {
  if (socket) socket.write('', () => action());
  else connection.once('connect', () => connection.write('', () => action()));
}

function finish(code: number): void {
  report({ event: 'exiting', code, t: now() });
  flushThen(() => process.exit(code));
}

function stdinTarget(): string {
  try {
    return readlinkSync('/proc/self/fd/0');
  } catch {
    return 'closed';
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function writeLines(stream: Stream, bytes: number): Promise<void> {
  const out = stream === 'stdout' ? process.stdout : process.stderr;
  const lines = lineCount(bytes);
  const perChunk = 1024;
  for (let seq = 0; seq < lines; ) {
    let chunk = '';
    for (let n = 0; n < perChunk && seq < lines; n++, seq++) chunk += outputLine(stream, seq);
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
}

function startGrandchild(): void {
  const g = behaviour.grandchild!;
  const child: Behaviour = {
    ...behaviour, role: 'grandchild', runMs: g.runMs, exitCode: 0, dieBy: null, grandchild: null,
    stdoutBytes: 0, stderrBytes: 0, checkDirs: [], files: {}, links: {}, reportEnv: [],
    reactions: g.ignoreSignals ? Object.fromEntries(PROBE_SIGNALS.map((s) => [s, { kind: 'ignore' }])) : {},
  };
  const self = fileURLToPath(import.meta.url);
  // Shares stdout and stderr with the probe, as a background job of a test script would, unless
  // it is quiet (a daemon that keeps no output of the test open).
  const output = g.quiet ? 'ignore' : 'inherit';
  spawn(process.execPath, [self, ...encodeBehaviour(child)], { stdio: ['ignore', output, output] }).unref();
}

async function main(): Promise<void> {
  const dirs = Object.fromEntries(behaviour.checkDirs.map((d) => [d, isDir(d)]));
  // "$SHARED_DIR/x" writes into whatever directory the program under test gave the test.
  const expand = (template: string): string => template.replace(/^\$([A-Z_][A-Z0-9_]*)/, (_, name: string) => process.env[name] ?? `$${name}`);
  for (const [template, size] of Object.entries(behaviour.files)) {
    const path = expand(template);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.alloc(size, 'a'));
  }
  for (const [template, target] of Object.entries(behaviour.links)) symlinkSync(target, expand(template));
  const env = Object.fromEntries(behaviour.reportEnv.map((name) => [name, process.env[name] ?? null]));
  if (behaviour.grandchild) startGrandchild();
  report({
    event: 'ready', role: behaviour.role, tag: behaviour.tag, pid: process.pid, ppid: process.ppid, t: now(),
    stdin: stdinTarget(), cwd: process.cwd(), dirs, env,
  });
  if (behaviour.role === 'test') {
    // One recognisable line on each stream, for the process-log scenarios.
    process.stdout.write('probe says hello on stdout\n');
    process.stderr.write('probe says hello on stderr\n');
  }
  await Promise.all([writeLines('stdout', behaviour.stdoutBytes), writeLines('stderr', behaviour.stderrBytes)]);
  if (behaviour.runMs === null) {
    setInterval(() => undefined, 1 << 30);
    return;
  }
  setTimeout(() => {
    if (ending) return;
    ending = true;
    if (behaviour.dieBy) {
      const signal = behaviour.dieBy;
      flushThen(() => {
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      });
    } else {
      finish(behaviour.exitCode);
    }
  }, behaviour.runMs);
}

void main();
