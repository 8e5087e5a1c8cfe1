// The censorer (upstream pkg/secretutil): each secret is censored as it is (trimmed of
// whitespace), and base64-encoded before and after trimming; each occurrence becomes as many X
// as it has bytes, so data keeps its size. Empty secrets and true/false are never censored (they
// would wipe out configuration), nor secrets shorter than the minimum length.
//
// Replacement follows go4.org/bytereplacer: scanning left to right, at each position the
// first-registered secret that matches there wins, and scanning resumes after it.

const X = 0x58;
const isSpace = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);

function trimSpace(b: Buffer): Buffer {
  let start = 0;
  let end = b.length;
  while (start < end && isSpace(b[start])) start++;
  while (end > start && isSpace(b[end - 1])) end--;
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
