// Traceability: every clause with the scenarios that verify it and their result in each
// implementation, and the clauses no scenario covers yet.
import type { Clause, ScenarioInfo } from '../features.js';
import type { Column } from './matrix.js';

export function traceMarkdown(clauses: Clause[], scenarios: ScenarioInfo[], columns: Column[]): { text: string; uncovered: string[] } {
  const lines = ['# Clause traceability', ''];
  const uncovered: string[] = [];
  for (const clause of clauses) {
    const verifying = scenarios.filter((s) => s.clauses.includes(clause.id));
    if (verifying.length === 0) uncovered.push(clause.id);
    lines.push(`## ${clause.id} (${clause.level})`, '', clause.statement, '', `Source: ${clause.source}`, '');
    if (verifying.length === 0) {
      lines.push('**Not covered by any scenario.**', '');
      continue;
    }
    const header = columns.length ? ` | ${columns.map((c) => c.profile).join(' | ')} |` : ' |';
    lines.push(`| scenario${header}`, `| ---${columns.map(() => ' | ---').join('')} |`);
    for (const s of verifying) {
      const results = columns.map((c) => c.results.find((r) => r.key === s.key)?.outcome ?? 'not run');
      lines.push(`| ${s.key.replace(/\|/g, '\\|')}${results.length ? ` | ${results.join(' | ')}` : ''} |`);
    }
    lines.push('');
  }
  lines.splice(2, 0, `${clauses.length} clauses, ${clauses.length - uncovered.length} covered${uncovered.length ? `; uncovered: ${uncovered.join(', ')}` : ''}.`, '');
  return { text: lines.join('\n') + '\n', uncovered };
}
