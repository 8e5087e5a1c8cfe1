// Go's exec.LookPath, which both entrypoint and entrypoint-wrapper use to find a command named
// without a folder: each $PATH entry in turn (no PATH means no folders, an empty entry means
// "."), the first executable regular file wins, and since Go 1.19 one found through a relative
// entry is refused (exec.ErrDot) rather than run. Errors are worded as Go's *exec.Error.

import fs from 'node:fs';
import path from 'node:path';
import { goQuote } from './go-strings.js';

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The file to run for `name` (returned as is when it names a folder), or Go's error text. */
export function lookPath(name: string, searchPath = process.env.PATH ?? ''): { file: string } | { error: string } {
  if (name.includes('/')) return { file: name };
  const dirs = searchPath === '' ? [] : searchPath.split(':').map((dir) => dir || '.');
  const found = dirs.map((dir) => path.join(dir, name)).find(isExecutableFile);
  if (found === undefined) return { error: `exec: ${goQuote(name)}: executable file not found in $PATH` };
  if (!path.isAbsolute(found)) return { error: `exec: ${goQuote(name)}: cannot run executable found relative to current directory` };
  return { file: found };
}
