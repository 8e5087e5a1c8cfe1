// Small helpers shared by censoring and uploading.

import fs from 'node:fs';
import path from 'node:path';

/** A file found by walkFiles: symlinks are reported, not followed. */
export interface FoundFile {
  file: string;
  symlink: boolean;
}

/**
 * Every non-directory under `root` (or `root` itself when it is not a directory), in name order,
 * like Go's filepath.Walk. Entries whose name `skip` accepts are left out, with all below them.
 */
export async function walkFiles(root: string, skip: (name: string) => boolean = () => false): Promise<FoundFile[]> {
  const info = await fs.promises.lstat(root);
  if (!info.isDirectory()) return [{ file: root, symlink: info.isSymbolicLink() }];
  const found: FoundFile[] = [];
  const entries = await fs.promises.readdir(root, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (skip(entry.name)) continue;
    const file = path.join(root, entry.name);
    if (entry.isDirectory()) found.push(...(await walkFiles(file, skip)));
    else found.push({ file, symlink: entry.isSymbolicLink() });
  }
  return found;
}

/** Runs the functions given to it at most `n` at a time. */
export function limiter(n: number): <T>(f: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (f) => {
    while (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await f();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
