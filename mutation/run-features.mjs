// Stryker's command runner: one run of the scenarios that judge PROGRAM, against the reference,
// with the mutant Stryker activates in __STRYKER_ACTIVE_MUTANT__ (inherited by every program the
// harness starts: it only removes the production variables). Exit 0: the mutant survived.
//
// --fail-fast: one failing scenario kills the mutant. The tolerance is the suite's default
// (time scale 1) unless MUTATION_TIME_SCALE says otherwise (a loaded machine). The harness's
// output goes to a file: Stryker's exec() buffers at most 1 MiB of it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { programNamed } from './programs.mjs';

const name = process.argv[2];
const program = programNamed(name);
const reportDir = join('reports', 'mutation-run');
mkdirSync(reportDir, { recursive: true });
const logFile = join(reportDir, 'harness.log');
const log = openSync(logFile, 'w');
const args = [
  'harness/bin/podutils-conformance', 'run',
  '--profile', 'reference',
  '--tags', program.tags,
  '--parallel', process.env.MUTATION_PARALLEL ?? '2',
  '--time-scale', process.env.MUTATION_TIME_SCALE ?? '1',
  '--fail-fast',
  '--report-dir', reportDir,
];
const run = spawnSync(process.execPath, args, { stdio: ['ignore', log, log] });
closeSync(log);
// What Stryker shows for a killed mutant: the first failure the harness reported.
const text = readFileSync(logFile, 'utf8');
const failure = text.split('\n').findIndex((line) => line.includes('FAILED:'));
if (failure >= 0) process.stdout.write(text.split('\n').slice(failure, failure + 2).join('\n') + '\n');
process.exit(run.status ?? 1);
