// logrus-style JSON log lines, as upstream's pod utilities print them:
//   {"component":"entrypoint","file":"...:84","func":"...","level":"info","msg":"...","severity":"info","time":"2026-01-02T15:04:05Z"}
// Keys are sorted (logrus marshals a Go map), "severity" duplicates "level" for GCP, "file" and
// "func" are the call site (logrus' ReportCaller), "time" is RFC3339 in local time. Where lines
// go can be switched: upstream logs to stderr until the process log exists, then to stdout and
// the process log, then to stdout alone.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Level = 'debug' | 'info' | 'warning' | 'error' | 'fatal';
/** Field values: scalars, or a JSON-able object (logrus marshals a struct field as a nested object). */
export type Fields = Record<string, string | number | boolean | object>;
export type LogSink = (line: Buffer) => void;

export const stderrSink: LogSink = (line) => {
  try {
    fs.writeSync(2, line);
  } catch {
    // nowhere left to report it
  }
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's time.RFC3339 ("2006-01-02T15:04:05Z07:00") in the local time zone. */
export function rfc3339Local(d: Date): string {
  const base = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const offset = -d.getTimezoneOffset();
  if (offset === 0) return base + 'Z';
  const abs = Math.abs(offset);
  return `${base}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The call site of `fn`'s caller, in logrus' "file"/"func" shape. */
function callSite(fn: (...args: never[]) => unknown): { file: string; func: string } {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, fn);
  const frame = (holder.stack ?? '').split('\n')[1] ?? '';
  const m = /at (?:async )?(?:(.*?) \()?(.+?):(\d+):\d+\)?$/.exec(frame.trim());
  if (!m) return { file: '', func: '' };
  const file = m[2].startsWith('file://') ? fileURLToPath(m[2]) : m[2];
  return { file: `${file}:${m[3]}`, func: `${path.basename(path.dirname(file))}.${m[1] || '<anonymous>'}` };
}

export class Logger {
  /** How a fatal line ends the program; replaceable for tests. */
  exit: (code: number) => never = (code) => process.exit(code);

  constructor(
    private readonly component: string,
    private sink: LogSink = stderrSink,
  ) {}

  setOutput(sink: LogSink): void {
    this.sink = sink;
  }

  /** One line, newline included. */
  format(level: Level, msg: string, fields: Fields = {}, site = { file: '', func: '' }, now = new Date()): string {
    const data: Fields = { ...fields, component: this.component, ...site, level, msg, severity: level, time: rfc3339Local(now) };
    const sorted = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
    return JSON.stringify(sorted) + '\n';
  }

  private emit(level: Level, msg: string, fields: Fields | undefined, caller: (...args: never[]) => unknown): void {
    this.sink(Buffer.from(this.format(level, msg, fields, callSite(caller)), 'utf8'));
  }

  debug(msg: string, fields?: Fields): void {
    this.emit('debug', msg, fields, this.debug);
  }
  info(msg: string, fields?: Fields): void {
    this.emit('info', msg, fields, this.info);
  }
  warn(msg: string, fields?: Fields): void {
    this.emit('warning', msg, fields, this.warn);
  }
  error(msg: string, fields?: Fields): void {
    this.emit('error', msg, fields, this.error);
  }
  /** Logs at fatal level and exits 1, like logrus.Fatal. */
  fatal(msg: string, fields?: Fields): never {
    this.emit('fatal', msg, fields, this.fatal);
    return this.exit(1);
  }
}

/** Adds an error the way logrus' WithError does: an "error" field holding err.Error(). */
export function withError(err: unknown, fields: Fields = {}): Fields {
  return { ...fields, error: err instanceof Error ? err.message : String(err) };
}
