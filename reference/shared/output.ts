// Ordered writes to several file descriptors at once.
//
// Upstream copies the child's output into an io.MultiWriter(stdout, process log), and logrus
// writes its lines into the same writer, so everything lands in both places in one order.
// Here every write joins one queue, written out in that order. The writes run on libuv's thread
// pool, so a slow reader of our stdout holds back only the queue (and, through `room()`, the
// copy from the child), never timers or signal handling.
//
// What is queued while a write is in flight goes out in the next round with one writev per fd
// (and chunks read one after the other into the same memory are joined into one): a thread-pool
// round trip costs more than the bytes it moves, so a fast writer would otherwise be limited by
// the number of rounds, not by the kernel.

import fs from 'node:fs';

interface Entry {
  buf: Buffer;
  fds: number[];
  done: (() => void)[];
}

/** At most this much goes into one round, so reading can go on while it is written. */
const ROUND_BYTES = 1024 * 1024;
/** Linux's IOV_MAX: buffers per writev call. */
const IOV_MAX = 1024;

/** `b` starts in memory where `a` ends. */
const follows = (a: Buffer, b: Buffer): boolean => a.buffer === b.buffer && a.byteOffset + a.length === b.byteOffset && a.length + b.length <= ROUND_BYTES;
const sameFds = (a: number[], b: number[]): boolean => a.length === b.length && a.every((fd, i) => fd === b[i]);

/** `bufs` without its first `n` bytes. */
function skipBytes(bufs: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (i < bufs.length && n >= bufs[i].length) n -= bufs[i++].length;
  const rest = bufs.slice(i);
  if (n > 0) rest[0] = rest[0].subarray(n);
  return rest;
}

const writev = (fd: number, bufs: Buffer[]): Promise<number> =>
  new Promise((resolve, reject) => fs.writev(fd, bufs, null, (err, n) => (err ? reject(err) : resolve(n))));

export class OrderedOutput {
  private readonly queue: Entry[] = [];
  private queuedBytes = 0;
  private writing = false;
  private roomWaiters: { limit: number; resolve: () => void }[] = [];
  /** Descriptors that failed (EPIPE, EBADF...) are skipped from then on, like a closed reader. */
  private readonly failed = new Set<number>();

  /** Writes `buf` to every fd after everything written before; resolves once it is written. */
  write(buf: Buffer, fds: number[]): Promise<void> {
    return new Promise((done) => {
      this.queuedBytes += buf.length;
      const last = this.queue.at(-1);
      if (last && follows(last.buf, buf) && sameFds(last.fds, fds)) {
        last.buf = Buffer.from(last.buf.buffer, last.buf.byteOffset, last.buf.length + buf.length);
        last.done.push(done);
        return;
      }
      this.queue.push({ buf, fds, done: [done] });
      if (!this.writing) void this.drain();
    });
  }

  /** Resolves once everything written so far is out. */
  flush(): Promise<void> {
    return this.writing ? this.write(Buffer.alloc(0), []) : Promise.resolve();
  }

  /** Resolves once fewer than `limit` bytes wait to be written (for a reader to pause on). */
  room(limit: number): Promise<void> {
    if (this.queuedBytes < limit) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ limit, resolve }));
  }

  get pending(): number {
    return this.queuedBytes;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const { fds } = this.queue[0];
      let count = 0;
      let bytes = 0;
      while (count < this.queue.length && bytes < ROUND_BYTES && sameFds(this.queue[count].fds, fds)) bytes += this.queue[count++].buf.length;
      const batch = this.queue.splice(0, count);
      const bufs = batch.map((e) => e.buf);
      await Promise.all(fds.map((fd) => this.writeAll(fd, bufs)));
      this.queuedBytes -= bytes;
      for (const e of batch) for (const done of e.done) done();
      this.wakeRoomWaiters();
    }
    this.writing = false;
  }

  private wakeRoomWaiters(): void {
    const ready = this.roomWaiters.filter((w) => this.queuedBytes < w.limit);
    if (ready.length === 0) return;
    this.roomWaiters = this.roomWaiters.filter((w) => this.queuedBytes >= w.limit);
    for (const w of ready) w.resolve();
  }

  private async writeAll(fd: number, bufs: Buffer[]): Promise<void> {
    let rest = bufs.filter((b) => b.length > 0);
    while (rest.length > 0 && !this.failed.has(fd)) {
      try {
        rest = skipBytes(rest, await writev(fd, rest.slice(0, IOV_MAX)));
      } catch (err) {
        // a non-blocking descriptor inherited from our parent: wait for room
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') await new Promise((r) => setTimeout(r, 2));
        else this.failed.add(fd);
      }
    }
  }
}
