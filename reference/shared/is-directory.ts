// Whether a path names a directory itself (a link to one does not count), as Go's Lstat then
// IsDir: any failure of lstat, a name too long included, is "no", so that the caller reports
// the error of the call it was making, as Go does.

import fs from 'node:fs';

export function isDirectoryNoFollow(file: string): boolean {
  try {
    return fs.lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}
