// Copying the test's output into the ordered output (stdout and the process log).
//
// The FIFO's socket reads straight into large recycled slabs (net.Socket's `onread`), one read
// after the other, so consecutive reads are one piece of memory that the output writes in one
// call, and no Buffer is allocated (and page-faulted in) per read. Reading goes on while earlier
// output is written, up to MAX_PENDING bytes, then waits for the output to catch up.

import type { OnReadOpts } from 'node:net';
import type { Readable } from 'node:stream';
import type { OrderedOutput } from '../shared/output.js';

/** Read-ahead bound: past it, reading from the child waits for the output to catch up. */
const MAX_PENDING = 4 * 1024 * 1024;
const SLAB_BYTES = 1024 * 1024;
/** A pipe's default capacity: a read never needs more room than that. */
const MIN_READ = 64 * 1024;

export class OutputCopier {
  private slab: Buffer = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private offset = 0;
  /** the write of the last chunk taken from the current slab */
  private lastWrite: Promise<void> = Promise.resolve();
  private readonly spare: Buffer[] = [];
  constructor(
    private readonly output: OrderedOutput,
    private readonly fds: number[],
  ) {}

  /** For net.Socket's `onread`: reads land in the slabs and are queued as they come. */
  readonly onread: OnReadOpts = {
    buffer: () => this.room(),
    callback: (n) => this.take(n),
  };

  /** Resolves once `source` is closed; its data comes through `onread` or, failing that, 'data'. */
  copy(source: Readable): Promise<void> {
    return new Promise((resolve) => {
      source.on('data', (chunk: Buffer) => {
        void this.output.write(chunk, this.fds);
        this.throttle(source);
      });
      this.sources.push(source);
      source.on('error', () => {}); // 'close' follows
      source.once('close', resolve);
    });
  }

  private readonly sources: Readable[] = [];

  private room(): Buffer {
    if (SLAB_BYTES - this.offset < MIN_READ) {
      // reused once everything taken from it is written
      const full = this.slab;
      void this.lastWrite.then(() => this.spare.push(full));
      this.slab = this.spare.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.offset = 0;
    }
    return this.slab.subarray(this.offset);
  }

  private take(n: number): boolean {
    const chunk = this.slab.subarray(this.offset, this.offset + n);
    this.offset += n;
    this.lastWrite = this.output.write(chunk, this.fds);
    for (const source of this.sources) this.throttle(source);
    return true;
  }

  private throttle(source: Readable): void {
    if (this.output.pending < MAX_PENDING || source.isPaused()) return;
    source.pause();
    void this.output.room(MAX_PENDING).then(() => source.resume());
  }
}
