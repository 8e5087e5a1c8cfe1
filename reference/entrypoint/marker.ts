// Writing the marker file atomically, as upstream does, so that a watcher (the sidecar, or a
// later step's previous_marker) never reads a half-written code: the code goes into a temp
// file in a new directory beside the marker (container_name followed by random digits, never
// removed, as upstream's os.MkdirTemp), is synced, made readable by all, and renamed onto the
// marker. Failures are worded as upstream's, which users read in the job's log.

import fs from 'node:fs';
import path from 'node:path';
import { goError, pathError } from '../shared/goerrors.js';
import { goTempSuffix } from '../shared/go-temp-name.js';
import { isDirectoryNoFollow } from '../shared/is-directory.js';

/** os.MkdirTemp(dir, prefix): a missing `dir` is reported by the stat of `dir` itself. */
function mkdirTemp(dir: string, prefix: string): string {
  for (let tries = 0; ; tries++) {
    const name = path.join(dir, prefix + goTempSuffix());
    try {
      fs.mkdirSync(name, { mode: 0o700 });
      return name;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && tries < 10_000) continue;
      if (code === 'ENOENT' && !fs.existsSync(dir)) fs.statSync(dir); // throws "stat dir: ..."
      throw err;
    }
  }
}

/** os.Rename: Go refuses to replace a directory (EEXIST) before asking the kernel. */
function rename(from: string, to: string): void {
  if (isDirectoryNoFollow(to)) throw pathError('rename', from, 'EEXIST', to);
  fs.renameSync(from, to);
}

/** Atomically writes `code` in decimal, without newline, to `markerFile`; throws the error to log. */
export function writeMarker(markerFile: string, containerName: string, code: number): void {
  let tmpDir: string;
  try {
    tmpDir = mkdirTemp(path.dirname(markerFile), containerName);
  } catch (err) {
    throw new Error(`${containerName}: error creating temp dir: ${goError(err)}`);
  }
  const temp = path.join(tmpDir, `temp-marker${goTempSuffix()}`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, String(code));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(temp, 0o777);
  try {
    rename(temp, markerFile);
  } catch (err) {
    throw new Error(`could not move marker file to destination path (${markerFile}): ${goError(err)}`);
  }
}
