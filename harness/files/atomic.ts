// Writing a file the way a well-behaved producer does: whole or not at all, so a watcher never
// sees it empty or partial. Used for markers the harness plays the part of (previous steps).
import { mkdtempSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeAtomically(path: string, content: string): void {
  const staging = mkdtempSync(join(dirname(path), `.${basename(path)}-`));
  const temp = join(staging, 'content');
  writeFileSync(temp, content);
  renameSync(temp, path);
  rmdirSync(staging);
}
