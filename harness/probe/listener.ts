// The harness end of the probe's socket. Each connection is one probe process; its events are
// kept in arrival order, and the moment the connection closes is the moment the probe died.
import { createServer, type Server, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import type { ProbeEvent } from './protocol.js';
import { argumentsOf, hostPidOf, processStartedAt } from '../process/proc.js';
import { withTimeout } from '../wait.js';

export interface ProbeRecord {
  role: string;
  /** The probe's pid on the host (it reports the one of its own PID namespace: `innerPid`). */
  pid: number;
  innerPid: number;
  ppid: number;
  readyAt: bigint;
  /** When the probe process started (exec), to START_TIME_RESOLUTION_MS; readyAt if unknown. */
  startedAt: bigint;
  stdin: string;
  dirs: Record<string, boolean>;
  env: Record<string, string | null>;
  signals: { signal: string; at: bigint }[];
  exiting: { code: number; at: bigint } | null;
  /** Harness clock when the connection closed: the probe is gone. */
  goneAt: bigint | null;
}

/** Whether a process is the probe with this tag and role (both are among its arguments). */
function isProbe(pid: number, tag: string, role: string): boolean {
  const argv = argumentsOf(pid);
  const after = (flag: string): string | undefined => argv[argv.indexOf(flag) + 1];
  return after('--tag') === tag && after('--role') === role;
}

export class ProbeListener extends EventEmitter {
  readonly probes: ProbeRecord[] = [];
  /** Connections that never said "ready" (e.g. killed during start-up). */
  connections = 0;
  private server: Server;
  private sockets = new Set<Socket>();

  private constructor(readonly path: string) {
    super();
    this.server = createServer((socket) => this.accept(socket));
  }

  static async listen(path: string): Promise<ProbeListener> {
    const listener = new ProbeListener(path);
    await new Promise<void>((resolve, reject) => {
      listener.server.once('error', reject);
      listener.server.listen(path, () => resolve());
    });
    return listener;
  }

  private accept(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    let record: ProbeRecord | null = null;
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const event = JSON.parse(buffered.slice(0, newline)) as ProbeEvent;
        buffered = buffered.slice(newline + 1);
        record = this.apply(record, event);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const at = process.hrtime.bigint();
      this.sockets.delete(socket);
      if (record) {
        record.goneAt = at;
        this.emit('change');
      }
    });
  }

  private apply(record: ProbeRecord | null, event: ProbeEvent): ProbeRecord | null {
    if (event.event === 'ready') {
      const readyAt = BigInt(event.t);
      const pid = hostPidOf(event.pid, (candidate) => isProbe(candidate, event.tag, event.role)) ?? event.pid;
      record = {
        role: event.role, pid, innerPid: event.pid, ppid: event.ppid, readyAt, startedAt: processStartedAt(pid) ?? readyAt, stdin: event.stdin,
        dirs: event.dirs, env: event.env ?? {}, signals: [], exiting: null, goneAt: null,
      };
      this.probes.push(record);
    } else if (record && event.event === 'signal') {
      record.signals.push({ signal: event.signal, at: BigInt(event.t) });
    } else if (record && event.event === 'exiting') {
      record.exiting = { code: event.code, at: BigInt(event.t) };
    }
    this.emit('change');
    return record;
  }

  byRole(role: string): ProbeRecord | undefined {
    return this.probes.find((p) => p.role === role);
  }

  /**
   * Resolves when `predicate` holds, checking after every event; rejects after `timeoutMs`, or
   * at once when the predicate throws (the event can no longer happen).
   */
  waitFor<T>(what: string, predicate: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
    let stopListening = (): void => undefined;
    const happened = new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        let value: T | undefined | null | false;
        try {
          value = predicate();
        } catch (error) {
          // The predicate knows the event can no longer happen (e.g. the probe is gone).
          reject(error);
          return true;
        }
        if (value) resolve(value);
        return Boolean(value);
      };
      stopListening = () => this.off('change', check);
      if (!check()) this.on('change', check);
    });
    return withTimeout(happened, timeoutMs, `timed out after ${timeoutMs} ms waiting for ${what}`).finally(() => stopListening());
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
