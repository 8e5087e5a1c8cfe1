// Reading a marker file the way upstream's wrapper.WaitForMarkers does, for entrypoint's
// previous_marker and for the sidecar alike: surrounding whitespace is trimmed, the rest must be
// a decimal integer (Go's strconv.Atoi), and failures are worded as upstream's, which users
// read in the job's log.

import fs from 'node:fs';
import { errnoText, goError } from './goerrors.js';
import { goQuote, goTrimSpace } from './go-strings.js';

/** The marker's code, or why it has none. */
export type MarkerRead = { code: number } | { err: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.Atoi: an optional sign and decimal digits, within int64; else Go's error text. */
export function atoi(text: string): { code: number } | { err: string } {
  const quoted = goQuote(text);
  if (!/^[+-]?\d+$/.test(text)) return { err: `strconv.Atoi: parsing ${quoted}: invalid syntax` };
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return { err: `strconv.Atoi: parsing ${quoted}: value out of range` };
  return { code: Number(value) };
}

export function readMarkerFile(file: string): MarkerRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { err: `bad read: ${goError(err, file)}` };
  }
  const parsed = atoi(goTrimSpace(text));
  return 'err' in parsed ? { err: `invalid return code: ${parsed.err}` } : parsed;
}

/** Why the markers' directory cannot be watched (fsnotify's Add reports the bare errno). */
export function watchErrorText(dir: string, err: unknown): string {
  return `add ${dir} to fsnotify watch: ${errnoText(err)}`;
}
