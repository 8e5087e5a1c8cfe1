// Reading the results.json a run leaves in its report dir.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from '../results.js';
import type { Column } from '../reports/matrix.js';

export function readColumn(reportDir: string): Column | null {
  const file = join(reportDir, 'results.json');
  if (!existsSync(file)) return null;
  const { profile, results } = JSON.parse(readFileSync(file, 'utf8')) as { profile: string; results: ScenarioResult[] };
  return { profile, results };
}
