// The benchmark's output: one row per measure and implementation, median with min and max,
// the reference/upstream ratio, and the machine it ran on.
import { cpus, totalmem, release } from 'node:os';
import type { Row } from './sidecar-upload.js';

function stats(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1)! };
}

/** Latencies in milliseconds, longer runs in seconds. */
function duration(seconds: number): string {
  return Math.abs(seconds) < 1 ? `${(seconds * 1000).toFixed(1)} ms` : `${seconds.toFixed(2)} s`;
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}`;
}

export function markdown(rows: Row[]): string {
  const lines = [
    `Machine: ${machine()}`,
    '',
    '| measure | implementation | time (median [min, max]) | MB/s (median) | peak RSS MiB (median [min, max]) | time vs upstream (or limit) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const t = stats(row.runs.map((r) => r.seconds));
    const rss = stats(row.runs.map((r) => r.peakRssMiB));
    // against upstream; a measure upstream has no row for (the suite's) against its limit
    const upstream = rows.find((r) => r.measure === row.measure && r.implementation === 'upstream');
    const limit = rows.find((r) => r.measure === row.measure && r.implementation.startsWith('limit:'));
    const base = upstream ?? (row.implementation.startsWith('limit:') ? undefined : limit);
    const ratio = base && base !== row ? `${(t.median / stats(base.runs.map((r) => r.seconds)).median).toFixed(2)}×${upstream ? '' : ' limit'}` : '';
    const rate = row.bytes ? (row.bytes / 1e6 / t.median).toFixed(0) : '';
    const rssText = rss.max === 0 ? '' : `${rss.median.toFixed(0)} [${rss.min.toFixed(0)}, ${rss.max.toFixed(0)}]`;
    lines.push(`| ${row.measure} | ${row.implementation} | ${duration(t.median)} [${duration(t.min)}, ${duration(t.max)}] | ${rate} | ${rssText} | ${ratio} |`);
  }
  return lines.join('\n') + '\n';
}
