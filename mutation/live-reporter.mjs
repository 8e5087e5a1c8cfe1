// A Stryker reporter that appends each mutant's result to reports/mutation/<program>/live.ndjson
// as soon as it is known: Stryker writes its own reports only at the end, and a long run cut
// short (or watched while it goes) still leaves what it found.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

class LiveReporter {
  constructor() {
    const dir = join('reports', 'mutation', process.env.MUTATION_PROGRAM ?? 'unknown');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'live.ndjson');
    writeFileSync(this.file, '');
  }

  onMutantTested(result) {
    // (coveredBy and killedBy: scenario keys, for mutation/salvage.mjs)
    const { id, fileName, mutatorName, replacement, location, status, statusReason, coveredBy, killedBy, testsCompleted } = result;
    const scenarios = { covering: coveredBy?.length, run: testsCompleted };
    const line = { at: new Date().toISOString(), id, fileName, mutatorName, replacement, location, status, statusReason, static: result.static, coveredBy, killedBy, testsCompleted, scenarios };
    appendFileSync(this.file, JSON.stringify(line) + '\n');
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'live', LiveReporter)];
