// The censorer (upstream pkg/secretutil): each secret is censored as it is (trimmed of
// whitespace), and base64-encoded before and after trimming; each occurrence becomes as many X
// as it has bytes, so data keeps its size. Empty secrets and true/false are never censored (they
// would wipe out configuration), nor secrets shorter than the minimum length.
//
// Replacement follows go4.org/bytereplacer: scanning left to right, at each position the
// first-registered secret that matches there wins, and scanning resumes after it.

import { GO_ASCII_SPACES, GO_UNICODE_SPACES } from '../../shared/go-strings.js';

const X = 0x58;

// What Go's strings.TrimSpace trims: the ASCII blanks, and the other characters of Unicode's
// White_Space (a no-break space pasted from a web page). Control characters and a byte order mark
// are kept.
const ASCII_SPACES = new Set(GO_ASCII_SPACES);
const UNICODE_SPACES = GO_UNICODE_SPACES.map((c) => Buffer.from(String.fromCodePoint(c)));

/** The length of the space that starts at `i` (0: none). */
function spaceAt(b: Buffer, i: number): number {
  if (ASCII_SPACES.has(b[i])) return 1;
  return UNICODE_SPACES.find((s) => b.subarray(i, i + s.length).equals(s))?.length ?? 0;
}

/** The length of the space that ends at `end` (0: none). */
function spaceBefore(b: Buffer, end: number): number {
  if (ASCII_SPACES.has(b[end - 1])) return 1;
  return UNICODE_SPACES.find((s) => end - s.length >= 0 && b.subarray(end - s.length, end).equals(s))?.length ?? 0;
}

function trimSpace(b: Buffer): Buffer {
  let start = 0;
  let end = b.length;
  for (let n = spaceAt(b, start); start < end && n > 0; n = spaceAt(b, start)) start += n;
  for (let n = spaceBefore(b, end); end > start && n > 0; n = spaceBefore(b, end)) end -= n;
  return b.subarray(start, end);
}

export class Censorer {
  /** what is replaced, in priority order */
  readonly keys: Buffer[] = [];
  /** the longest key's length */
  readonly longest: number;

  constructor(secrets: Buffer[], minimumLength = 0) {
    const add = (key: Buffer): void => {
      if (!this.keys.some((k) => k.equals(key))) this.keys.push(key);
    };
    for (const raw of secrets) {
      const secret = trimSpace(raw);
      if (secret.length === 0 || /^(true|false)$/i.test(secret.toString('latin1')) || secret.length < minimumLength) continue;
      add(secret);
      add(Buffer.from(raw.toString('base64')));
      add(Buffer.from(secret.toString('base64')));
    }
    this.longest = Math.max(0, ...this.keys.map((k) => k.length));
  }

  /**
   * Replaces in `buf` the keys that start in [from, to). Returns where the scan stopped: `to`, or
   * past it when the last key replaced ends there.
   */
  censor(buf: Buffer, from = 0, to = buf.length): number {
    const next = this.keys.map((k) => buf.indexOf(k, from));
    let pos = from;
    for (;;) {
      let best = -1;
      for (let k = 0; k < next.length; k++) {
        // on a tie the earlier key wins
        if (next[k] >= 0 && next[k] < to && (best < 0 || next[k] < next[best])) best = k;
      }
      if (best < 0) return Math.max(pos, to);
      const at = next[best];
      pos = at + this.keys[best].length;
      buf.fill(X, at, pos);
      for (let k = 0; k < next.length; k++) if (next[k] >= 0 && next[k] < pos) next[k] = buf.indexOf(this.keys[k], pos);
    }
  }
}

/**
 * Censors a stream of chunks exactly as if it were one buffer: the last (longest key - 1) bytes
 * of what has come are held back until the next chunk, as a key may start there.
 */
export async function* censorStream(chunks: AsyncIterable<Buffer>, censorer: Censorer, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const hold = Math.max(0, censorer.longest - 1);
  let held = Buffer.alloc(0);
  let resume = 0; // where the scan goes on in `held`: a key replaced may have run into it
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    const buf = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
    const cut = Math.max(0, buf.length - hold);
    resume = censorer.censor(buf, resume, cut) - cut;
    if (cut > 0) yield buf.subarray(0, cut);
    held = Buffer.from(buf.subarray(cut));
  }
  censorer.censor(held, resume);
  if (held.length > 0) yield held;
}
