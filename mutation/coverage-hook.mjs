// Loaded into every Node process of a coverage run (NODE_OPTIONS=--import, set by
// features-runner.mjs): it writes which mutants this process reached to MUTATION_COVERAGE_DIR,
// under the scenario's process tag, so that each mutant is later judged only by the scenarios
// that run its code. Processes without instrumented code (the harness, the probe) write nothing.
//
// Written when the process exits and, because a program the scenario SIGKILLs never exits
// normally, also whenever the set of reached mutants has grown (checked every 20 ms, unref'd:
// the timer never keeps a program alive).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.MUTATION_COVERAGE_DIR;
const tag = process.env.PODUTILS_CONFORMANCE_TAG;
if (dir && tag) {
  // (a pod's containers add "/<container>" to the tag; pids repeat across PID namespaces)
  const file = join(dir, `${tag.replace(/[^\w.-]/g, '_')}.${process.pid}.${Date.now()}.json`);
  let written = -1;
  const reached = () => {
    const coverage = globalThis.__stryker__?.mutantCoverage;
    if (!coverage) return undefined;
    const ids = new Set(Object.keys(coverage.static));
    for (const perTest of Object.values(coverage.perTest)) for (const id of Object.keys(perTest)) ids.add(id);
    return ids;
  };
  const flush = () => {
    const ids = reached();
    if (!ids || ids.size === written) return;
    try {
      writeFileSync(file, JSON.stringify({ tag, mutants: [...ids] }));
      written = ids.size;
    } catch {
      // Never the reason a program fails: a lost file only means a mutant judged by fewer scenarios.
    }
  };
  process.on('exit', flush);
  setInterval(flush, 20).unref();
}
