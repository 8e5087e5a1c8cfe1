// strace attached to a container's first process (before its program starts, on a held
// container): it follows every process of the container and reports, without changing the
// user's script, what each one ran, started, sent and received, and how it ended. The trace
// comes through a FIFO, so the drill sees each line as it happens (the step's start decides
// when the pod is deleted).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { UsageError } from '../errors.js';
import { withTimeout } from '../wait.js';
import { TraceParser, type TraceRecord } from './strace-parse.js';

/** The calls traced: how processes start and run programs, and who sends signals to whom. */
const SYSCALLS = 'execve,clone,clone3,fork,vfork,kill,tkill,tgkill';

/** Throws a one-line UsageError when strace cannot be run here. */
export function requireStrace(): void {
  const probe = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (probe.error) throw new UsageError('strace is missing: the drill observes the step\'s processes with it (apt-get install strace)');
}

export class Tracer {
  readonly records: TraceRecord[] = [];
  private readonly listeners: ((record: TraceRecord) => void)[] = [];
  private readonly ended: Promise<void>;

  private constructor(private readonly strace: ChildProcess, fifo: string) {
    const parser = new TraceParser();
    const stream = createReadStream(fifo, 'utf8');
    let partial = '';
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const record = parser.line(line);
        if (!record) continue;
        this.records.push(record);
        for (const listener of this.listeners) listener(record);
      }
    });
    // strace ends when the last traced process has; the FIFO closes after its last line.
    this.ended = new Promise((resolve) => stream.on('close', () => resolve()));
  }

  /** Attaches to `pid` (and, from then on, every process it starts); resolves once attached. */
  static async attach(pid: number, fifo: string, timeoutMs: number): Promise<Tracer> {
    execFileSync('mkfifo', ['-m', '600', fifo]);
    const strace = spawn('strace', ['-f', '-ttt', '-s', '256', '--pidns-translation', '-e', `trace=${SYSCALLS}`, '-e', 'signal=all', '-o', fifo, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    const tracer = new Tracer(strace, fifo);
    let said = '';
    const attached = new Promise<void>((resolve, reject) => {
      strace.stderr!.setEncoding('utf8');
      strace.stderr!.on('data', (text: string) => {
        said += text;
        if (/Process \d+ attached/.test(said)) resolve();
      });
      strace.on('exit', () => reject(new Error(`strace could not attach to ${pid}: ${said.trim().split('\n')[0] || 'it exited'}`)));
    });
    await withTimeout(attached, timeoutMs, `strace did not attach to ${pid} within ${timeoutMs} ms`);
    return tracer;
  }

  /** Calls `listener` with every record from now on. */
  onRecord(listener: (record: TraceRecord) => void): void {
    this.listeners.push(listener);
  }

  /** Waits for the trace to end (every traced process gone); stops strace if it takes longer. */
  async finish(timeoutMs: number): Promise<void> {
    try {
      await withTimeout(this.ended, timeoutMs, 'strace still running');
    } catch {
      this.stop();
      await this.ended;
    }
  }

  /** Detaches from whatever is still traced (strace lets its tracees go on SIGTERM). */
  stop(): void {
    if (this.strace.exitCode === null && this.strace.signalCode === null) this.strace.kill('SIGTERM');
  }
}
