// StrykerJS over one program of the reference (MUTATION_PROGRAM, set by mutation/run.mjs), judged
// by the conformance features alone: the test runner mutation/features-runner.mjs runs the
// scenarios of that program's role against the reference profile, each mutant only against the
// scenarios whose programs reached its code in the dry run.
//
// Stryker mutates the TypeScript (mutant schemata, switched by __STRYKER_ACTIVE_MUTANT__) and the
// sandbox is rebuilt with tsc (buildCommand): the reference bin scripts run dist/, and mutating
// the compiled JS instead would report mutants of tsc's output, not of the code people read.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { programNamed } from './programs.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const name = process.env.MUTATION_PROGRAM;
if (!name) throw new Error('MUTATION_PROGRAM is not set: run `npm run mutation -- PROGRAM`');
const program = programNamed(name);
// The sandbox links the project's .cache (MinIO for the S3 scenarios): without it the harness
// would build MinIO in every sandbox. Stryker's workers inherit this from the process that loads
// the config.
process.env.MUTATION_PROJECT_ROOT ??= ROOT;

export default {
  testRunner: 'podutils-features',
  buildCommand: 'node mutation/build-sandbox.mjs',
  mutate: [`${program.dir}/**/*.ts`, '!reference/**/*.test.ts', '!reference/**/testutil.ts'],
  // Mutated files get @ts-nocheck so that tsc emits them (the default pattern only covers src/, lib/, test/).
  disableTypeChecks: `${program.dir}/**/*.ts`,
  ignorePatterns: ['/.cache', '/dist', '/reports', '/coverage', '/.stryker-tmp*', '/docs', '/.git'],
  // Each mutant run already uses both cores (--parallel 2): one at a time, unless
  // MUTATION_CONCURRENCY says otherwise (the scenarios mostly wait, so two workers keep 2 cores busier).
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  // Which scenarios reach which mutants (see features-runner.mjs): a mutant runs only those.
  coverageAnalysis: 'perTest',
  // A killed mutant stops at its first failing scenario; a survivor costs one run of the
  // scenarios that reach it. Hung programs are caught by the harness's own deadlines well before
  // this (it is added to 1.5 times those scenarios' dry-run time).
  timeoutMS: 60_000,
  dryRunTimeoutMinutes: 20,
  timeoutFactor: 1.5,
  incremental: true,
  incrementalFile: join('mutation', 'incremental', `${name}.json`),
  appendPlugins: [join(ROOT, 'mutation', 'live-reporter.mjs'), join(ROOT, 'mutation', 'features-runner.mjs')],
  reporters: ['html', 'json', 'clear-text', 'progress', 'live'],
  htmlReporter: { fileName: join('reports', 'mutation', name, 'mutation.html') },
  jsonReporter: { fileName: join('reports', 'mutation', name, 'mutation.json') },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // One per program: two programs can be tested at once without sharing (or copying) a sandbox.
  tempDirName: `.stryker-tmp-${name}`,
  cleanTempDir: true,
  fileLogLevel: 'off',
};
