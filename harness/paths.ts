// Where things are, wherever the harness is run from.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'podutils-conformance') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the podutils-conformance package root');
    dir = parent;
  }
}

export const ROOT = findRoot();
export const FEATURES_DIR = join(ROOT, 'features');
export const PROFILES_DIR = join(ROOT, 'harness', 'profiles');
export const CLAUSES_FILE = join(ROOT, 'features', 'clauses.json');
export const STEPS_GLOB = join(ROOT, 'dist', 'steps', '**', '*.js');
