// Reading the features without running them: every scenario (one per outline example row) with
// its tags, and the clause list they refer to. Used by the clause checks and the trace report.
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLAUSES_FILE, FEATURES_DIR, ROOT } from './paths.js';
import { CLAUSE_TAG } from './applicability.js';

export interface Clause {
  id: string;
  /** The program the clause is about, or "pod" for the whole pod. */
  role: 'entrypoint' | 'sidecar' | 'entrypoint-wrapper' | 'pod';
  level: 'MUST' | 'SHOULD';
  statement: string;
  source: string;
}

export interface ScenarioInfo {
  /** Same key as results and expectations: "<feature relative to features/>: <name>". */
  key: string;
  uri: string;
  /** The line that selects it alone (`uri:line`): the scenario's, or its example row's. */
  line: number;
  name: string;
  tags: string[];
  clauses: string[];
}

export function loadClauses(): Clause[] {
  return (JSON.parse(readFileSync(CLAUSES_FILE, 'utf8')) as { clauses: Clause[] }).clauses;
}

function featureFiles(dir = FEATURES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return featureFiles(path);
    return entry.name.endsWith('.feature') ? [path] : [];
  });
}

export function loadScenarios(): ScenarioInfo[] {
  const scenarios: ScenarioInfo[] = [];
  for (const file of featureFiles()) {
    const uri = relative(ROOT, file);
    const newId = IdGenerator.uuid();
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    const document = parser.parse(readFileSync(file, 'utf8'));
    for (const pickle of compile(document, uri, newId)) {
      const tags = pickle.tags.map((t) => t.name);
      scenarios.push({
        key: `${uri.replace(/^features\//, '')}: ${pickle.name}`,
        uri,
        line: pickle.location?.line ?? 0,
        name: pickle.name,
        tags,
        clauses: tags.filter((t) => t.startsWith(CLAUSE_TAG)).map((t) => t.slice(CLAUSE_TAG.length)),
      });
    }
  }
  return scenarios;
}
