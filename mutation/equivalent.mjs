// node mutation/equivalent.mjs PROGRAM MUTANT-ID KIND "REASON": records a survivor of the last
// run (reports/mutation/PROGRAM/mutation.json, else live.ndjson) in reference/mutation-equivalents.json,
// with the texts that match it in later runs. KIND: equivalent | below-tolerance. A survivor kept
// in the committed incremental file (an earlier piece or session) is named FILE#ID.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EQUIVALENTS_FILE, mutantsOf, reportFromLive } from './summary.mjs';

const [name, id, kind, reason] = process.argv.slice(2);
if (!reason || !['equivalent', 'below-tolerance'].includes(kind)) {
  console.error('usage: node mutation/equivalent.mjs PROGRAM MUTANT-ID equivalent|below-tolerance "REASON"');
  process.exit(2);
}

function fail(message) {
  console.error(`mutation: ${message}`);
  process.exit(1);
}
/** The newer of Stryker's last report and the live file of a run still going (or cut short). */
function lastReport() {
  const json = join('reports', 'mutation', name, 'mutation.json');
  const live = join('reports', 'mutation', name, 'live.ndjson');
  const age = (path) => (existsSync(path) ? statSync(path).mtimeMs : -1);
  if (age(json) < 0 && age(live) < 0) return { files: {} };
  return age(live) > age(json) ? reportFromLive(live, name) : JSON.parse(readFileSync(json, 'utf8'));
}

function findMutant() {
  if (id.includes('#')) {
    const [file, inFile] = id.split('#');
    const incremental = join('mutation', 'incremental', `${name}.json`);
    const report = existsSync(incremental) ? JSON.parse(readFileSync(incremental, 'utf8')) : { files: {} };
    return mutantsOf(report).find((m) => m.file === file && m.id === inFile);
  }
  return mutantsOf(lastReport()).find((m) => m.id === id);
}

const mutant = findMutant();
if (!mutant) fail(`no mutant ${id} in the last report of ${name}${id.includes('#') ? ' (nor in its incremental file)' : ''}`);
if (!['Survived', 'NoCoverage'].includes(mutant.status)) fail(`mutant ${id} is ${mutant.status}, not a survivor`);
const doc = JSON.parse(readFileSync(EQUIVALENTS_FILE, 'utf8'));
doc.equivalents.push({ file: mutant.file, line: mutant.location.start.line, mutator: mutant.mutatorName, original: mutant.original, replacement: mutant.replacement ?? '', kind, reason });
doc.equivalents.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
writeFileSync(EQUIVALENTS_FILE, JSON.stringify(doc, null, 2) + '\n');
console.log(`recorded ${mutant.file}:${mutant.location.start.line} ${mutant.mutatorName} ${JSON.stringify(mutant.original)} -> ${JSON.stringify(mutant.replacement ?? '')}`);
