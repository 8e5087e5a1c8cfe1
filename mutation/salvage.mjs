// Folds the results of a run cut short (reports/mutation/<program>/live.ndjson) into the
// committed incremental file, so that the next run tests only what this one did not reach.
// Stryker writes the incremental file only at the end of a whole run: a piece cut at the end of a
// session would otherwise be lost.
//
// A mutant is kept in the form Stryker writes it (its key: file, mutator, location, replacement),
// with the scenarios that covered and killed it as tests of the incremental file's testFiles. The
// killing scenario of a result logged before the live reporter kept killedBy is read from the
// statusReason, which the features runner starts with the scenario's key.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The feature file of a scenario key ("sidecar/x.feature: Name" -> features/sidecar/x.feature). */
const featureOf = (key) => `features/${key.slice(0, key.indexOf('.feature: ') + '.feature'.length)}`;

/**
 * `run`: what run.mjs wrote when the run started: the files it mutates (null: all) and their
 * sources then. Returns the files salvaged, for their judge stamps.
 */
export function salvageLive(name, { mutate, sources = {} }, root = '.') {
  const inScope = (file) => !mutate || mutate.includes(file);
  const liveFile = join(root, 'reports', 'mutation', name, 'live.ndjson');
  const incrementalFile = join(root, 'mutation', 'incremental', `${name}.json`);
  if (!existsSync(liveFile)) throw new Error(`no ${liveFile} to salvage`);
  const report = existsSync(incrementalFile)
    ? JSON.parse(readFileSync(incrementalFile, 'utf8'))
    : { schemaVersion: '2', thresholds: { high: 80, low: 60 }, files: {}, testFiles: {} };
  report.testFiles ??= {};

  // every known test by its key (Stryker's test name is the scenario key), with its report id
  const idOf = new Map();
  let nextId = 0;
  for (const file of Object.values(report.testFiles)) {
    for (const t of file.tests) {
      idOf.set(t.name, t.id);
      if (/^\d+$/.test(t.id)) nextId = Math.max(nextId, Number(t.id) + 1);
    }
  }
  const testId = (key) => {
    if (!idOf.has(key)) {
      const file = featureOf(key);
      report.testFiles[file] ??= { tests: [], ...(existsSync(join(root, file)) ? { source: readFileSync(join(root, file), 'utf8') } : {}) };
      const id = String(nextId++);
      report.testFiles[file].tests.push({ id, name: key });
      idOf.set(key, id);
    }
    return idOf.get(key);
  };
  const keys = [...idOf.keys()].sort((a, b) => b.length - a.length);
  const killerFromReason = (reason = '') => keys.find((k) => reason.startsWith(`${k}: `));

  const results = readFileSync(liveFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const byFile = new Map();
  for (const m of results) {
    const file = relative(root, m.fileName);
    // (the results of the other files were only carried over from the incremental file)
    if (!inScope(file)) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), m]);
  }
  const mutantKey = (m) => `${m.mutatorName}@${JSON.stringify(m.location)}:${m.replacement}`;
  let salvaged = 0;
  for (const [file, mutants] of byFile) {
    const source = sources[file] ?? readFileSync(join(root, file), 'utf8');
    const old = report.files[file];
    // results of the same source that this run did not reach are kept
    const kept = old && old.source === source ? old.mutants : [];
    const fresh = mutants.map((m, i) => {
      const killedBy = m.killedBy ?? [killerFromReason(m.statusReason)].filter(Boolean);
      const testsCompleted = m.testsCompleted ?? m.scenarios?.run;
      return {
        id: `salvaged-${i}`,
        mutatorName: m.mutatorName,
        replacement: m.replacement,
        location: m.location,
        status: m.status,
        ...(m.statusReason ? { statusReason: m.statusReason } : {}),
        static: m.static ?? false,
        ...(testsCompleted !== undefined ? { testsCompleted } : {}),
        coveredBy: (m.coveredBy ?? killedBy).map(testId),
        killedBy: killedBy.map(testId),
      };
    });
    const freshKeys = new Set(fresh.map(mutantKey));
    report.files[file] = { language: 'typescript', source, mutants: [...kept.filter((m) => !freshKeys.has(mutantKey(m))), ...fresh] };
    salvaged += fresh.length;
  }
  writeFileSync(incrementalFile, JSON.stringify(report));
  return { salvaged, files: [...byFile.keys()] };
}
