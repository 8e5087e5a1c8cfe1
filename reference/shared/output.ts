// Ordered writes to several file descriptors at once.
//
// Upstream copies the child's output into an io.MultiWriter(stdout, process log), and logrus
// writes its lines into the same writer, so everything lands in both places in one order.
// Here every write is chained after the previous one. The writes run on libuv's thread pool,
// so a slow reader of our stdout holds back only the chain (and, through the promise each
// write returns, the copy from the child), never timers or signal handling.

import fs from 'node:fs';

export class OrderedOutput {
  private tail: Promise<void> = Promise.resolve();
  /** Descriptors that failed (EPIPE, EBADF...) are skipped from then on, like a closed reader. */
  private readonly failed = new Set<number>();

  /** Writes `buf` to every fd after everything written before; resolves once it is written. */
  write(buf: Buffer, fds: number[]): Promise<void> {
    this.tail = this.tail.then(() => Promise.all(fds.map((fd) => this.writeAll(fd, buf)))).then(() => {});
    return this.tail;
  }

  /** Resolves once everything written so far is out. */
  flush(): Promise<void> {
    return this.tail;
  }

  private async writeAll(fd: number, buf: Buffer): Promise<void> {
    let off = 0;
    while (off < buf.length && !this.failed.has(fd)) {
      try {
        off += await new Promise<number>((resolve, reject) =>
          fs.write(fd, buf, off, buf.length - off, null, (err, n) => (err ? reject(err) : resolve(n))),
        );
      } catch (err) {
        // a non-blocking descriptor inherited from our parent: wait for room
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') await new Promise((r) => setTimeout(r, 2));
        else this.failed.add(fd);
      }
    }
  }
}
