// One line per program from Stryker's JSON report, with the survivors that
// reference/mutation-equivalents.json explains taken out of the score (and listed).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const EQUIVALENTS_FILE = join('reference', 'mutation-equivalents.json');
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

export function loadEquivalents(file = EQUIVALENTS_FILE) {
  if (!existsSync(file)) return [];
  const entries = JSON.parse(readFileSync(file, 'utf8')).equivalents ?? [];
  for (const e of entries) {
    for (const key of ['file', 'line', 'mutator', 'original', 'replacement', 'kind', 'reason']) {
      if (e[key] === undefined) throw new Error(`${file}: an entry lacks "${key}": ${JSON.stringify(e)}`);
    }
    if (!['equivalent', 'below-tolerance'].includes(e.kind)) throw new Error(`${file}: kind must be equivalent or below-tolerance: ${JSON.stringify(e)}`);
  }
  return entries;
}

/** The source text a mutant replaces (Stryker's locations: lines from 1, columns from 1). */
function originalText(source, { start, end }) {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}

/** Every mutant of the report, flattened, with its original text. */
export function mutantsOf(report) {
  const out = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    for (const m of mutants) out.push({ ...m, file, original: originalText(source, m.location) });
  }
  return out;
}

/**
 * Pairs each equivalents entry with an undetected mutant: same file, mutator, original and
 * replacement text, the nearest line (lines move when code is edited). Unpaired entries are stale.
 */
/** A mutant's name in the whole report: Stryker's ids are unique per run, salvaged ones per file only. */
export const mutantKey = (m) => `${m.file}#${m.id}`;

export function matchEquivalents(mutants, entries) {
  const explained = new Map();
  const stale = [];
  for (const e of entries) {
    const candidates = mutants.filter((m) => UNDETECTED.has(m.status) && !explained.has(mutantKey(m)) && m.file === e.file
      && m.mutatorName === e.mutator && m.original === e.original && (m.replacement ?? '') === e.replacement);
    candidates.sort((a, b) => Math.abs(a.location.start.line - e.line) - Math.abs(b.location.start.line - e.line));
    if (candidates[0]) explained.set(mutantKey(candidates[0]), e);
    else stale.push(e);
  }
  return { explained, stale };
}

export function summarize(name, report, entries) {
  const mutants = mutantsOf(report);
  const relevant = entries.filter((e) => mutants.some((m) => m.file === e.file));
  const { explained, stale } = matchEquivalents(mutants, relevant);
  const count = (status) => mutants.filter((m) => m.status === status).length;
  const killed = count('Killed');
  const timedOut = count('Timeout');
  const survived = mutants.filter((m) => m.status === 'Survived' && !explained.has(mutantKey(m))).length;
  const noCoverage = mutants.filter((m) => m.status === 'NoCoverage' && !explained.has(mutantKey(m))).length;
  const equivalent = explained.size;
  const invalid = count('CompileError') + count('RuntimeError') + count('Ignored');
  const detected = killed + timedOut;
  const valid = detected + survived + noCoverage;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  const survivors = mutants.filter((m) => UNDETECTED.has(m.status) && !explained.has(mutantKey(m)));
  return { name, total: mutants.length, killed, survived, timedOut, noCoverage, equivalent, invalid, score, stale, survivors };
}

export function summaryLine(s) {
  return `${s.name}: ${s.total} mutants, killed ${s.killed}, survived ${s.survived}, timed out ${s.timedOut}, no coverage ${s.noCoverage}, `
    + `equivalent ${s.equivalent} (excluded), invalid ${s.invalid}, score ${s.score.toFixed(1)}%`;
}

export function survivorLine(m) {
  const { line, column } = m.location.start;
  return `  survived ${m.file}:${line}:${column} ${m.mutatorName}: ${JSON.stringify(m.original)} -> ${JSON.stringify(m.replacement ?? '')}`;
}

/**
 * A Stryker-like report from the live reporter's file: what a run has found so far. Each result
 * is placed in the code it was found in: the run's sources (run.json, beside the live file), or
 * for a result Stryker took over from the incremental file, that file's copy; else the file as
 * it is now.
 */
export function reportFromLive(liveFile, program) {
  const sources = {};
  const incremental = program && join('mutation', 'incremental', `${program}.json`);
  if (incremental && existsSync(incremental)) {
    for (const [name, file] of Object.entries(JSON.parse(readFileSync(incremental, 'utf8')).files)) sources[name] = file.source;
  }
  const runFile = join(dirname(liveFile), 'run.json');
  if (existsSync(runFile)) Object.assign(sources, JSON.parse(readFileSync(runFile, 'utf8')).sources ?? {});
  const files = {};
  for (const line of readFileSync(liveFile, 'utf8').split('\n').filter(Boolean)) {
    const m = JSON.parse(line);
    const name = relative('.', m.fileName);
    files[name] ??= { source: sources[name] ?? readFileSync(name, 'utf8'), mutants: [] };
    files[name].mutants.push(m);
  }
  return { files };
}
