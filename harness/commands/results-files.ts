// Reading the results.json a run leaves in its report dir.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from '../results.js';
import type { Column } from '../reports/matrix.js';

/** A column's name: the profile's, with the runtime when the pods ran on the real node. */
export function columnName(profile: string, podRuntime?: string): string {
  return podRuntime === 'kubelet' || podRuntime === 'cluster' ? `${profile} (${podRuntime})` : profile;
}

export function readColumn(reportDir: string): Column | null {
  const file = join(reportDir, 'results.json');
  if (!existsSync(file)) return null;
  const { profile, podRuntime, results } = JSON.parse(readFileSync(file, 'utf8')) as { profile: string; podRuntime?: string; results: ScenarioResult[] };
  return { profile: columnName(profile, podRuntime), results };
}

/** The report dirs of earlier runs: those under reports/matrix/ and reports/. */
export function defaultReportDirs(): string[] {
  const dirs: string[] = [];
  for (const base of ['reports/matrix', 'reports']) {
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) if (entry.isDirectory()) dirs.push(join(base, entry.name));
  }
  return dirs;
}
