// Objects as files under a directory (a local output directory, or a file:// bucket): parent
// directories are created, the file written in place, as upstream does; a file is copied by the
// kernel (copy_file_range), as Go's io.Copy between files does.

import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Store } from './store.js';

export function localStore(dir: string): Store {
  return {
    where: (dest) => path.join(dir, dest),
    async put(dest, target, signal) {
      const file = path.join(dir, dest);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      if (target.file) await fs.promises.copyFile(target.file, file);
      else await pipeline(await target.open(), fs.createWriteStream(file), { signal });
    },
  };
}
