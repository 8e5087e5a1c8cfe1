// Writing the marker file atomically, as upstream does, so that a watcher (the sidecar, or a
// later step's previous_marker) never reads a half-written code: the code goes into a temp
// file in a new directory beside the marker (named after container_name, never removed, as
// upstream), is synced, made readable by all, and renamed onto the marker.

import fs from 'node:fs';
import path from 'node:path';

/** Atomically writes `code` in decimal, without newline, to `markerFile`. Throws on failure. */
export function writeMarker(markerFile: string, containerName: string, code: number): void {
  // The '-' keeps mkdtemp's random suffix apart from the name (Node warns about a template
  // ending in X, and an empty container name would otherwise name the parent directory).
  const tmpDir = fs.mkdtempSync(path.join(path.dirname(markerFile), `${containerName}-`));
  const temp = path.join(tmpDir, 'temp-marker');
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, String(code));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(temp, 0o777);
  fs.renameSync(temp, markerFile);
}
