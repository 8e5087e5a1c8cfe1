// npm run mutation [-- PROGRAM... [--summary] [stryker options]]: StrykerJS over each program of
// the reference (default: all four), judged by the features alone, then one summary line per
// program (reports/mutation/summary.txt) and the survivors no equivalents entry explains.
//
// Incremental: Stryker re-tests the mutants of code that changed (mutation/incremental/<program>.json,
// committed so that a fresh checkout re-runs cheaply). It cannot see the judge change (the command
// runner has no test files), so when features/, steps/ or harness/ changed since that file was
// written, its undetected mutants are dropped from it first: they are tested again, the killed
// and timed-out ones are kept (new scenarios do not revive a detected mutant). --force re-tests everything.
//
// A long program can be done in pieces: --mutate=<file>,<file> mutates only those files, and
// Stryker keeps the other files' results in the incremental file (each file's judge is stamped
// in <program>.judge), so that pieces add up, across runs and sessions, to the whole program.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { PROGRAMS, programNamed } from './programs.mjs';
import { salvageLive } from './salvage.mjs';
import { loadEquivalents, reportFromLive, summarize, summaryLine, survivorLine } from './summary.mjs';

const JUDGE_DIRS = ['features', 'steps', 'harness'];
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-') && a in PROGRAMS);
const unknown = args.filter((a) => !a.startsWith('-') && !(a in PROGRAMS));
if (unknown.length) {
  console.error(`mutation: unknown program ${unknown.join(', ')} (known: ${Object.keys(PROGRAMS).join(', ')})`);
  process.exit(2);
}
// --summary: only summarize the last reports; --live: summarize a run still going (or cut short);
// --salvage: fold a run cut short into the incremental file (an interrupted run does it itself).
const live = args.includes('--live');
const salvage = args.includes('--salvage');
const summaryOnly = live || salvage || args.includes('--summary');
const strykerArgs = args.filter((a) => a.startsWith('-') && !['--summary', '--live', '--salvage'].includes(a));
const programs = names.length ? names : Object.keys(PROGRAMS);

/** Every file under `dir`, in a fixed order. */
function filesUnder(dir) {
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function judgeHash() {
  const hash = createHash('sha256');
  for (const path of JUDGE_DIRS.flatMap(filesUnder)) {
    if (!path.endsWith('.test.ts')) hash.update(`${relative('.', path)}\0`).update(readFileSync(path));
  }
  return hash.digest('hex');
}

/**
 * The judge each file's results were found with: mutation/incremental/<program>.judge holds
 * {file: hash} (or, as first written, one hash for every file).
 */
function readStamps(name) {
  const stamp = join('mutation', 'incremental', `${name}.judge`);
  if (!existsSync(stamp)) return () => '';
  const text = readFileSync(stamp, 'utf8').trim();
  if (!text.startsWith('{')) return () => text;
  const byFile = JSON.parse(text);
  return (file) => byFile[file] ?? '';
}

/**
 * Drops from the incremental file the undetected mutants of each file this run mutates
 * (`inScope`) whose results were found with another judge: Stryker cannot see that the features
 * changed, and keeps the results of the files out of scope as they are.
 */
function forgetSurvivorsIfJudgeChanged(name, judge, inScope) {
  const incremental = join('mutation', 'incremental', `${name}.json`);
  if (!existsSync(incremental)) return;
  const stampOf = readStamps(name);
  const report = JSON.parse(readFileSync(incremental, 'utf8'));
  let dropped = 0;
  for (const [fileName, file] of Object.entries(report.files)) {
    if (!inScope(fileName) || stampOf(fileName) === judge) continue;
    const before = file.mutants.length;
    // (a timeout is a hang the features caught: new scenarios cannot revive it either)
    file.mutants = file.mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout');
    dropped += before - file.mutants.length;
  }
  if (dropped === 0) return;
  writeFileSync(incremental, JSON.stringify(report));
  console.log(`mutation: ${name}: the features, steps or harness changed since these results: ${dropped} undetected mutants are tested again`);
}

/** After a run: the files it mutated were judged by `judge`, the others keep their stamps. */
function writeStamps(name, judge, inScope) {
  const incremental = join('mutation', 'incremental', `${name}.json`);
  // (a dry run writes no incremental file: no stamp either)
  if (!existsSync(incremental)) return;
  const stampOf = readStamps(name);
  const files = Object.keys(JSON.parse(readFileSync(incremental, 'utf8')).files).sort();
  const stamps = Object.fromEntries(files.map((f) => [f, inScope(f) ? judge : stampOf(f)]));
  writeFileSync(join('mutation', 'incremental', `${name}.judge`), `${JSON.stringify(stamps, null, 1)}\n`);
}

/**
 * Stryker over one program. On Ctrl-C or SIGTERM (which Stryker gets as well, from the terminal
 * or from us) it stops its test runners, whose harness runs remove what they started; the
 * sandbox Stryker leaves behind when interrupted is removed here.
 */
function runStryker(name) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join('node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', join('mutation', 'stryker.config.mjs'), ...strykerArgs], {
      stdio: 'inherit',
      env: { ...process.env, MUTATION_PROGRAM: name },
    });
    let interrupted;
    const forward = (signal) => {
      interrupted = signal;
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', async (status, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (interrupted) {
        await stopSandboxProcesses(`.stryker-tmp-${name}`);
        rmSync(`.stryker-tmp-${name}`, { recursive: true, force: true, maxRetries: 5 });
      }
      done({ status, signal, interrupted });
    });
  });
}

/** Pids of the processes working in `dir` (or below it). */
function processesIn(dir) {
  const root = resolve(dir);
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      return cwd === root || cwd.startsWith(`${root}/`);
    } catch {
      return false;
    }
  }).map(Number);
}

/**
 * Stryker, interrupted, may exit while a worker is still judging a mutant (with
 * MUTATION_CONCURRENCY above 1): that worker and its harness run are asked to stop (the harness
 * removes what its run started), given 20 s, then killed, before the sandbox is removed.
 */
async function stopSandboxProcesses(dir) {
  const signalAll = (signal) => {
    for (const pid of processesIn(dir)) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone meanwhile
      }
    }
  };
  signalAll('SIGTERM');
  for (const deadline = Date.now() + 20_000; processesIn(dir).length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
  signalAll('SIGKILL');
}

/** The files of --mutate=a,b (exact paths); null: every file. */
function mutateList() {
  const arg = strykerArgs.find((a) => a.startsWith('--mutate='));
  return arg ? arg.slice('--mutate='.length).split(',') : null;
}

/** Which files this run mutates. */
function mutateScope() {
  const files = mutateList();
  return (file) => !files || files.includes(file);
}

/** The TypeScript files of a program that Stryker mutates (as in stryker.config.mjs). */
function programFiles(name) {
  return filesUnder(programNamed(name).dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('testutil.ts'));
}

/** What a run is, kept beside its live results for --salvage. */
const runFile = (name) => join('reports', 'mutation', name, 'run.json');

function salvageRun(name) {
  if (!existsSync(runFile(name)) || !existsSync(join('reports', 'mutation', name, 'live.ndjson'))) {
    console.error(`mutation: no run of ${name} to salvage (${runFile(name)} and live.ndjson are written when a run starts)`);
    process.exit(2);
  }
  const run = JSON.parse(readFileSync(runFile(name), 'utf8'));
  const { salvaged, files } = salvageLive(name, run);
  writeStamps(name, run.judge, (file) => files.includes(file));
  console.error(`mutation: ${name}: ${salvaged} results of ${files.length} files kept in mutation/incremental/${name}.json; the next run tests the rest`);
}

const summaryFile = join('reports', 'mutation', 'summary.txt');
mkdirSync(join('reports', 'mutation'), { recursive: true });
const lines = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8').split('\n').filter(Boolean) : [];
const equivalents = loadEquivalents();
let failed = false;

for (const name of programs) {
  programNamed(name);
  const started = Date.now();
  if (salvage) salvageRun(name);
  if (!summaryOnly) {
    const judge = judgeHash();
    const inScope = mutateScope();
    if (!strykerArgs.includes('--force')) forgetSurvivorsIfJudgeChanged(name, judge, inScope);
    mkdirSync(join('reports', 'mutation', name), { recursive: true });
    // (the sources as mutated, and as Stryker matched the results it keeps from the incremental
    // file: a salvage, or a look at a live run, places each result in the code it was found in)
    const sources = Object.fromEntries(programFiles(name).map((f) => [f, readFileSync(f, 'utf8')]));
    writeFileSync(runFile(name), JSON.stringify({ judge, mutate: mutateList(), sources }));
    const stryker = await runStryker(name);
    if (stryker.interrupted) {
      console.error(`mutation: interrupted (${stryker.interrupted}) while testing ${name}: reports/mutation/${name}/live.ndjson keeps what was judged`);
      salvageRun(name);
      process.exit(130);
    }
    if (stryker.status !== 0) {
      console.error(`mutation: stryker failed on ${name} (exit ${stryker.status ?? stryker.signal})`);
      failed = true;
      continue;
    }
    writeStamps(name, judge, inScope);
  }
  const reportFile = join('reports', 'mutation', name, live ? 'live.ndjson' : 'mutation.json');
  if (salvage) continue;
  if (!existsSync(reportFile)) {
    console.error(`mutation: no report for ${name} (${reportFile})`);
    failed = true;
    continue;
  }
  const report = live ? reportFromLive(reportFile, name) : JSON.parse(readFileSync(reportFile, 'utf8'));
  const s = summarize(live ? `${name} (so far)` : name, report, equivalents);
  const minutes = summaryOnly ? '' : ` (${((Date.now() - started) / 60000).toFixed(1)} min)`;
  const line = summaryLine(s) + minutes;
  const index = lines.findIndex((l) => l.startsWith(`${name}:`));
  if (live) { /* a partial figure never replaces a run's summary */ } else if (index >= 0) lines[index] = line;
  else lines.push(line);
  console.log(`\n${line}`);
  for (const m of s.survivors) console.log(survivorLine(m));
  const { target } = programNamed(name);
  if (!live && target !== undefined && s.score < target) {
    console.log(`  below the target of ${target}%`);
    failed = true;
  }
  for (const e of s.stale) console.log(`  stale equivalents entry (no such undetected mutant): ${e.file}:${e.line} ${e.mutator} ${JSON.stringify(e.original)} -> ${JSON.stringify(e.replacement)}`);
}
writeFileSync(summaryFile, lines.join('\n') + '\n');
console.log(`\nmutation summary (${summaryFile}):\n${lines.join('\n')}`);
process.exit(failed ? 1 : 0);
