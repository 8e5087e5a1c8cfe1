// The features as a reader meets them: each feature's name, description and background, and
// every scenario (one per outline example row, as it runs) with its steps under their own
// keywords, its description and tags. Keys match results.json ("<file under features/>: <name>").
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Background, type PickleStepArgument, type Step as AstStep } from '@cucumber/messages';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLAUSE_TAG } from '../applicability.js';

export interface DocStep {
  keyword: string;
  text: string;
  docString?: string;
  table?: string[][];
}

export interface DocScenario {
  key: string;
  name: string;
  description: string;
  tags: string[];
  clauses: string[];
  steps: DocStep[];
}

export interface DocFeature {
  /** Relative to features/, e.g. "entrypoint/timeout.feature". */
  file: string;
  /** The folder: entrypoint, sidecar, entrypoint-wrapper, pod. */
  group: string;
  name: string;
  description: string;
  tags: string[];
  background: DocStep[];
  scenarios: DocScenario[];
}

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return featureFiles(path);
      return entry.name.endsWith('.feature') ? [path] : [];
    })
    .sort();
}

function docStep(step: AstStep, text = step.text, argument?: PickleStepArgument): DocStep {
  const doc = argument?.docString?.content ?? step.docString?.content;
  const rows = argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)) ?? step.dataTable?.rows.map((r) => r.cells.map((c) => c.value));
  return { keyword: step.keyword.trim(), text, ...(doc !== undefined ? { docString: doc } : {}), ...(rows ? { table: rows } : {}) };
}

export function readFeatures(featuresDir: string): DocFeature[] {
  return featureFiles(featuresDir).map((path) => {
    const file = relative(featuresDir, path).split('\\').join('/');
    const uri = `features/${file}`;
    const newId = IdGenerator.uuid();
    const document = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(readFileSync(path, 'utf8'));
    const feature = document.feature;
    if (!feature) throw new Error(`${uri} has no Feature`);
    // Every step of the file by id (rules' and outlines' included), and which belong to backgrounds.
    const steps = new Map<string, AstStep>();
    const scenarios = new Map<string, { description: string }>();
    const backgroundIds = new Set<string>();
    let background: DocStep[] = [];
    const visit = (children: { background?: Background; scenario?: { id: string; description: string; steps: readonly AstStep[] }; rule?: { children: readonly unknown[] } }[]): void => {
      for (const child of children) {
        if (child.background) {
          for (const s of child.background.steps) {
            steps.set(s.id, s);
            backgroundIds.add(s.id);
          }
          if (background.length === 0) background = child.background.steps.map((s) => docStep(s));
        }
        if (child.scenario) {
          scenarios.set(child.scenario.id, { description: child.scenario.description });
          for (const s of child.scenario.steps) steps.set(s.id, s);
        }
        if (child.rule) visit(child.rule.children as typeof children);
      }
    };
    visit(feature.children as Parameters<typeof visit>[0]);
    const docScenarios = compile(document, uri, newId).map((pickle): DocScenario => {
      const tags = pickle.tags.map((t) => t.name);
      return {
        key: `${file}: ${pickle.name}`,
        name: pickle.name,
        description: scenarios.get(pickle.astNodeIds[0])?.description.trim() ?? '',
        tags,
        clauses: tags.filter((t) => t.startsWith(CLAUSE_TAG)).map((t) => t.slice(CLAUSE_TAG.length)),
        steps: pickle.steps
          .filter((s) => !backgroundIds.has(s.astNodeIds[0]))
          .map((s) => {
            const ast = steps.get(s.astNodeIds[0])!;
            return docStep(ast, s.text, s.argument);
          }),
      };
    });
    return {
      file,
      group: file.split('/')[0],
      name: feature.name,
      description: feature.description.trim(),
      tags: feature.tags.map((t) => t.name),
      background,
      scenarios: docScenarios,
    };
  });
}

/** The paragraphs of a description (blank lines apart), each joined into one line. */
export function paragraphs(description: string): string[] {
  return description
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).join(' ').trim())
    .filter((p) => p !== '');
}

/** A description's advice: the paragraphs starting "What to do:" (hazards carry one). */
export function advice(description: string): string[] {
  return paragraphs(description).filter((p) => /^What to do:/.test(p)).map((p) => p.replace(/^What to do:\s*/, ''));
}
