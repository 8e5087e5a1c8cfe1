// The sidecar's own log (upstream LogSetup): JSON lines, debug level included, written to stderr
// and to a temp file that is uploaded as sidecar-logs.json. The first upload closes the file
// (later lines go to stderr only), and the file is removed when the sidecar ends normally.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '../shared/log.js';

/** write(2) until done: a non-blocking stderr that is full is waited on, not dropped. */
function writeAll(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length; ) {
    try {
      off += fs.writeSync(fd, buf, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}

export class SidecarLog {
  readonly logger: Logger;
  private fd?: number;

  private constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'wx', 0o600);
    this.logger = new Logger('sidecar', (line) => {
      writeAll(2, line);
      if (this.fd !== undefined) writeAll(this.fd, line);
    });
  }

  /** Creates the temp file; throws if it cannot. */
  static create(dir = os.tmpdir()): SidecarLog {
    return new SidecarLog(path.join(dir, `sidecar-logs${randomBytes(4).readUInt32LE()}.txt`));
  }

  /** From now on lines go to stderr only. */
  closeFile(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }

  remove(): void {
    fs.rmSync(this.file, { force: true });
  }
}
