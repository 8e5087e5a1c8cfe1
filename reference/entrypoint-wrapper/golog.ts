// The few lines entrypoint-wrapper writes besides "error: ..." come from two Go loggers, both
// to stderr:
//   logrus' text format:  time="2026-01-02T15:04:05Z" level=info msg="Received signal." signal=interrupt
//   the standard log:     2026/01/02 15:04:05 warning: timeout after waiting 1s for file "/x"

import fs from 'node:fs';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Go's %q, which for the paths, names and durations quoted here is JSON's quoting. */
export const goQuote = (s: string): string => JSON.stringify(s);

/** logrus quotes a value unless every character is one of [A-Za-z0-9-._/@^+] (empty is quoted). */
function logrusValue(v: string): string {
  return /^[A-Za-z0-9\-._/@^+]+$/.test(v) ? v : goQuote(v);
}

export function writeStderr(text: string): void {
  try {
    fs.writeSync(2, text);
  } catch {
    // nowhere left to report it
  }
}

/** One logrus text line (time in RFC3339, UTC); fields are printed in sorted key order after msg, like logrus does. */
export function logrusLine(level: 'info' | 'warning' | 'error', msg: string, fields: Record<string, string> = {}, now = new Date()): string {
  const extra = Object.keys(fields)
    .sort()
    .map((k) => ` ${k}=${logrusValue(fields[k])}`)
    .join('');
  return `time="${now.toISOString().replace(/\.\d+Z$/, 'Z')}" level=${level} msg=${logrusValue(msg)}${extra}\n`;
}

/** A line of Go's standard logger (log.Printf with the default flags: local date and time). */
export function goLogLine(msg: string, d = new Date()): string {
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${msg}\n`;
}
