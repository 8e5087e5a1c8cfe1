// An object's content as the parts of a multipart upload. A file is read part by part straight
// into part-sized buffers, recycled once a part is uploaded: collecting a stream's 1 MiB chunks
// and concatenating them cost a copy of every byte and most of the upload's garbage collection.
// Other bodies (small data, build logs that may be unreadable) are collected from their chunks.

import fs from 'node:fs';
import type { Body } from './store.js';

export interface PartSource {
  /** The next part: `partSize` bytes (a stream's may be more), fewer only for the last; undefined at the end. */
  next(): Promise<Buffer | undefined>;
  /** Gives a part's memory back once it is uploaded. */
  release(part: Buffer): void;
  close(): Promise<void>;
}

export function fileParts(file: string, partSize: number): PartSource {
  const opened = fs.promises.open(file).then(async (handle) => ({ handle, size: (await handle.stat()).size }));
  const spare: Buffer[] = [];
  const wholeParts = new WeakSet<ArrayBufferLike>();
  const wholePart = (): Buffer => {
    const buf = Buffer.allocUnsafeSlow(partSize);
    wholeParts.add(buf.buffer);
    return buf;
  };
  let position = 0;
  return {
    async next() {
      const { handle, size } = await opened;
      // a small file gets a buffer of its size (+1 to notice that it grew since), from Node's pool
      const left = Math.max(size - position, 0) + 1;
      let buf = spare.pop() ?? (left < partSize ? Buffer.allocUnsafe(left) : wholePart());
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, filled, buf.length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
        if (filled < buf.length) continue;
        if (buf.length === partSize) break;
        const whole = wholePart(); // it grew: room for a whole part
        buf.copy(whole, 0, 0, filled);
        buf = whole;
      }
      position += filled;
      if (filled === 0) return undefined;
      return buf.subarray(0, filled);
    },
    release(part) {
      if (wholeParts.has(part.buffer)) spare.push(Buffer.from(part.buffer, part.byteOffset, partSize));
    },
    async close() {
      await (await opened.catch(() => undefined))?.handle.close();
    },
  };
}

export function streamParts(body: Body, partSize: number): PartSource {
  const chunks = (Symbol.asyncIterator in body ? body[Symbol.asyncIterator]() : body[Symbol.iterator]()) as AsyncIterator<Buffer> | Iterator<Buffer>;
  let ended = false;
  return {
    async next() {
      const collected: Buffer[] = [];
      let size = 0;
      while (!ended && size < partSize) {
        const chunk = await chunks.next();
        if (chunk.done) ended = true;
        else {
          collected.push(chunk.value);
          size += chunk.value.length;
        }
      }
      return collected.length === 0 ? undefined : Buffer.concat(collected);
    },
    release() {},
    async close() {
      if (!ended) await chunks.return?.();
    },
  };
}

/** At most `n` holders at once; acquire() waits for a place. */
export function semaphore(n: number): { acquire(): Promise<void>; release(): void } {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    acquire: () => {
      if (free === 0) return new Promise((resolve) => waiting.push(resolve));
      free--;
      return Promise.resolve();
    },
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}
