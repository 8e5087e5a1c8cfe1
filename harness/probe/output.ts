// The probe's output pattern: fixed-size numbered lines, so the harness can tell whether a
// stream arrived complete and in order without keeping a copy of what was sent.

export const LINE_BYTES = 64;

export type Stream = 'stdout' | 'stderr';

export function lineCount(bytes: number): number {
  return Math.ceil(bytes / LINE_BYTES);
}

export function outputLine(stream: Stream, seq: number): string {
  const head = `probe ${stream} ${String(seq).padStart(10, '0')} `;
  return head + '.'.repeat(LINE_BYTES - head.length - 1) + '\n';
}

/**
 * Checks that `text` holds exactly the lines the probe wrote to `stream`, in order, whatever
 * else is interleaved with them (entrypoint's own log lines, the other stream).
 */
export function checkStream(text: string, stream: Stream, bytes: number): string | null {
  const prefix = `probe ${stream} `;
  const expected = lineCount(bytes);
  let seen = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    if (line + '\n' !== outputLine(stream, seen)) {
      return `${stream} line ${seen} is wrong or out of order: ${JSON.stringify(line.slice(0, 80))}`;
    }
    seen++;
  }
  return seen === expected ? null : `${stream}: ${seen} of ${expected} lines arrived`;
}
