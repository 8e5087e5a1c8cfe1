// Durations as the Go programs log them (logrus fields such as "duration": time.Duration.String()).

const GO_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration as Go's time.Duration.String() writes it ("1.5s", "2m3.1s", "870µs"), in ms; undefined if it is not one. */
export function parseGoDurationMs(text: string): number | undefined {
  if (text === '0s') return 0;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let ms = 0;
  for (const [, n, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(n) * GO_UNIT_MS[unit];
  return ms;
}
