// Censoring inside a gzip file, streamed (upstream unpacks .tar.gz archives to disk, censors the
// files and packs them again). A tar archive is rewritten entry by entry: headers are copied as
// they are and file contents censored; censoring keeps sizes, so the archive stays valid, with no
// need for directory entries or anything else on disk. Data that is not a tar archive is censored
// as a whole.

import { type Censorer, censorStream } from './censorer.js';

const BLOCK = 512;
// typeflags of regular files, and of entries with no content whatever their size field says
const REGULAR = ['0', '\0', '7'];
const HEADER_ONLY = ['1', '2', '3', '4', '5', '6'];

/** Reads exact byte counts out of a stream of chunks. */
class Reader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly it: AsyncIterator<Buffer>) {}

  /** n bytes, fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      const r = await this.it.next();
      if (r.done) break;
      this.buf = Buffer.concat([this.buf, r.value]);
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(out.length);
    return out;
  }

  /** The next n bytes (or all that is left), chunk by chunk. */
  async *take(n = Infinity): AsyncGenerator<Buffer> {
    while (n > 0) {
      if (this.buf.length === 0) {
        const r = await this.it.next();
        if (r.done) return;
        this.buf = r.value;
      }
      const chunk = this.buf.subarray(0, Math.min(n, this.buf.length));
      this.buf = this.buf.subarray(chunk.length);
      n -= chunk.length;
      yield chunk;
    }
  }
}

/** A numeric header field: octal text, or base-256 when the first byte's high bit is set. */
function headerNumber(field: Buffer): number {
  if (field[0] & 0x80) return field.subarray(1).reduce((n, b) => n * 256 + b, field[0] & 0x7f);
  return parseInt(field.toString('latin1').replace(/[\0 ]/g, '') || '0', 8);
}

/** Whether `h` is a tar header: its checksum adds up. */
function isHeader(h: Buffer): boolean {
  if (h.length !== BLOCK) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return headerNumber(h.subarray(148, 156)) === sum;
}

/** The decompressed content of a gzip file, censored: as a tar archive if it is one. */
export async function* censorTar(source: AsyncIterable<Buffer>, censorer: Censorer, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const r = new Reader(source[Symbol.asyncIterator]());
  let header = await r.read(BLOCK);
  if (!isHeader(header)) {
    yield* censorStream((async function* () {
      yield header;
      yield* r.take();
    })(), censorer, signal);
    return;
  }
  let paxSize: number | undefined; // a PAX header's size record applies to the next entry
  while (!header.every((b) => b === 0)) {
    if (!isHeader(header)) throw new Error('invalid tar header');
    yield header;
    const type = String.fromCharCode(header[156]);
    let size = headerNumber(header.subarray(124, 136));
    if (!['x', 'g', 'L', 'K'].includes(type)) {
      size = HEADER_ONLY.includes(type) ? 0 : (paxSize ?? size);
      paxSize = undefined;
    }
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'x') {
      const records = await r.read(size + padding);
      const m = /(?:^|\n)\d+ size=(\d+)\n/.exec(records.subarray(0, size).toString('latin1'));
      if (m) paxSize = Number(m[1]);
      yield records;
    } else if (REGULAR.includes(type)) {
      yield* censorStream(r.take(size), censorer, signal);
      yield await r.read(padding);
    } else yield* r.take(size + padding);
    header = await r.read(BLOCK);
  }
  // the end of the archive: zero blocks, as they are
  yield header;
  yield* r.take();
}
