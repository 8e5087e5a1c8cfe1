// Durations as users write them for CI: Go's form ("1h30m", "2s", "500ms", "1.5s"), which is
// what a step-registry ref's timeout and grace_period hold and what entrypoint prints.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in a Go duration; throws with a one-line message when `text` is not one. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const part = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < trimmed.length) {
    part.lastIndex = at;
    const match = part.exec(trimmed);
    if (!match) break;
    total += Number(match[1]) * UNIT_MS[match[2]];
    at = part.lastIndex;
  }
  if (trimmed === '' || at !== trimmed.length) throw new Error(`not a duration: "${text}" (e.g. 500ms, 2s, 1m30s)`);
  return total;
}

/** The way Go prints a duration, shortest form: 2s, 1.5s, 250ms, 1m30s, 2h0m0s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Number(ms.toFixed(3))}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Number(((ms % 60_000) / 1000).toFixed(3));
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
