// Stryker's buildCommand, run in the sandbox after the mutants are instrumented: link the
// project's .cache (MinIO) and compile the instrumented TypeScript into dist/ as `npm run build`.
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = process.env.MUTATION_PROJECT_ROOT;
if (root && existsSync(join(root, '.cache')) && !existsSync('.cache')) symlinkSync(join(root, '.cache'), '.cache');
rmSync('dist', { recursive: true, force: true });
// Stryker links node_modules only after the build: take the project's tsc.
const tsc = join(root ?? '.', 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
