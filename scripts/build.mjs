#!/usr/bin/env node
// npm run build: compiles the TypeScript into dist/ incrementally (tsc only redoes what changed,
// so `npm run unit` and `npm run suite` can afford to build first), then removes the output of
// sources that no longer exist: cucumber loads every dist/steps/**/*.js, a stale one included.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
} catch {
  process.exit(1); // tsc has printed the errors
}

function removeOrphans(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      removeOrphans(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
      continue;
    }
    const source = /^(.*)\.js(\.map)?$/.exec(relative(dist, path));
    if (source && !existsSync(join(root, `${source[1]}.ts`))) rmSync(path);
  }
}
if (existsSync(dist)) removeOrphans(dist);
