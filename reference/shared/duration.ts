// Durations in log lines are printed the way Go's time.Duration.String() prints them
// ("500ms", "1.5s", "2h0m0s"), since that is what upstream's log lines say.

const SEC = 1_000_000_000n;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;

/** `v / scale` in decimal, without trailing zeros in the fraction: decimal(1500n, 1000n) = "1.5". */
function decimal(v: bigint, scale: bigint): string {
  const frac = v % scale;
  if (frac === 0n) return String(v / scale);
  const digits = frac.toString().padStart(scale.toString().length - 1, '0').replace(/0+$/, '');
  return `${v / scale}.${digits}`;
}

/** Formats nanoseconds like Go's time.Duration.String(): "0s", "2ns", "1.5µs", "100ms", "1m30s", "4h0m0s". */
export function formatGoDuration(ns: number | bigint): string {
  const d = BigInt(typeof ns === 'number' ? Math.trunc(ns) : ns);
  const sign = d < 0n ? '-' : '';
  const u = d < 0n ? -d : d;
  if (u === 0n) return '0s';
  if (u < SEC) {
    // below a second: one unit, with a fraction
    const [scale, unit] = u < 1000n ? [1n, 'ns'] : u < 1_000_000n ? [1000n, 'µs'] : [1_000_000n, 'ms'];
    return sign + decimal(u, scale) + unit;
  }
  const h = u / HOUR;
  const m = (u / MIN) % 60n;
  const prefix = h > 0n ? `${h}h${m}m` : m > 0n ? `${m}m` : '';
  return sign + prefix + decimal(u % MIN, SEC) + 's';
}
