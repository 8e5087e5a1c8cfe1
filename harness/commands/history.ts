// history: the suite against every version of upstream/history.json and the current pins, then
// one matrix with a column per version in date order (like wpt.fyi over browser releases), and
// the table of behaviour changes: the change, the first version that has it, the scenarios that
// fail on the versions before it (from the expectations, which name the change they are due to).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INTERRUPTED, runChild } from './child-run.js';
import { readColumn } from './results-files.js';
import { loadProfile, type Profile } from '../profiles/profile.js';
import { loadScenarios } from '../features.js';
import { matrixHtml, matrixMarkdown, type Column } from '../reports/matrix.js';
import { UsageError } from '../errors.js';
import { ROOT } from '../paths.js';
import { buildUpstream, readVersions } from '../upstream/build.js';
import { PSEUDO_VERSION } from '../upstream/go-build.js';
import { buildHistory, HISTORY_PROFILE_PREFIX, historyInDateOrder, readHistory } from '../upstream/history.js';
import { readJsonFile } from '../files/json.js';
import { ensureMinio } from '../stores/minio-build.js';

export const CHANGES_FILE = join(ROOT, 'upstream', 'history-changes.json');

export interface HistoryColumn {
  profile: string;
  /** Commit date, YYYY-MM-DD. */
  date: string;
  /** module@version of each program. */
  builds: string[];
}

export interface BehaviourChange {
  id: string;
  program: 'entrypoint' | 'sidecar' | 'entrypoint-wrapper';
  /** Merge date, YYYY-MM-DD. */
  date: string;
  summary: string;
  /** The upstream commit or PR. */
  evidence: string;
  /** Why no scenario can catch it, when none does. */
  uncovered?: string;
}

/** A defect every version since a date has: expected failures name it with "defect". */
export interface KnownDefect {
  id: string;
  program: string;
  since: string;
  summary: string;
  evidence: string;
}

/** The columns: every history version, then the current pins (profile upstream), in date order. */
export function historyColumns(): HistoryColumn[] {
  const columns: HistoryColumn[] = historyInDateOrder().map((v) => ({ profile: `${HISTORY_PROFILE_PREFIX}${v.name}`, date: v.date, builds: [`${v.module}@${v.version}`] }));
  const current = readVersions();
  const dates = current.map((m) => PSEUDO_VERSION.exec(m.version)?.[1] ?? '').filter(Boolean).sort();
  const last = dates[dates.length - 1] ?? '';
  columns.push({ profile: 'upstream', date: last ? `${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6, 8)}` : '', builds: current.map((m) => `${m.module}@${m.version}`) });
  return columns;
}

export function readDefects(file: string = CHANGES_FILE): KnownDefect[] {
  const raw = readJsonFile(file, 'behaviour changes') as { defects?: unknown };
  return Array.isArray(raw.defects) ? (raw.defects as KnownDefect[]) : [];
}

export function readChanges(file: string = CHANGES_FILE): BehaviourChange[] {
  const raw = readJsonFile(file, 'behaviour changes') as { changes?: unknown };
  if (!Array.isArray(raw.changes)) throw new UsageError(`behaviour changes ${file}: must be {"changes": [...]}`);
  const ids = new Set<string>();
  for (const c of raw.changes as BehaviourChange[]) {
    if (typeof c.id !== 'string' || typeof c.date !== 'string' || typeof c.summary !== 'string' || typeof c.evidence !== 'string') {
      throw new UsageError(`behaviour changes ${file}: every change needs id, program, date, summary and evidence`);
    }
    if (ids.has(c.id)) throw new UsageError(`behaviour changes ${file}: ${c.id} listed twice`);
    ids.add(c.id);
  }
  return raw.changes as BehaviourChange[];
}

interface ChangeRow {
  change: BehaviourChange;
  /** Profile of the first column (date order) that runs the program and has the change. */
  firstVersion: string;
  scenarios: string[];
  /** Problems: an expectation naming an unknown change, an expected failure dated after the change... */
  problems: string[];
}

/** Joins the changes with the expectations (each expected failure names its change). */
export function changeRows(changes: BehaviourChange[], columns: HistoryColumn[], profiles: Profile[], defects: KnownDefect[] = []): { rows: ChangeRow[]; problems: string[] } {
  const problems: string[] = [];
  const rows: ChangeRow[] = changes.map((change) => ({ change, firstVersion: '', scenarios: [], problems: [] }));
  const byId = new Map(rows.map((r) => [r.change.id, r]));
  for (const profile of profiles) {
    const column = columns.find((c) => c.profile === profile.name);
    for (const e of profile.expectedFailures) {
      const id = (e as { change?: string }).change;
      const defect = (e as { defect?: string }).defect;
      if (defect !== undefined) {
        const known = defects.find((d) => d.id === defect);
        if (!known) problems.push(`${profile.name}: the expected failure of "${e.scenario}" names an unknown defect ${defect}`);
        else if (column && column.date < known.since) problems.push(`${profile.name} (${column.date}) names defect ${defect}, which dates from ${known.since}`);
        continue;
      }
      if (!id) {
        if (profile.name.startsWith(HISTORY_PROFILE_PREFIX)) problems.push(`${profile.name}: the expected failure of "${e.scenario}" names no change`);
        continue;
      }
      const row = byId.get(id);
      if (!row) {
        problems.push(`${profile.name}: the expected failure of "${e.scenario}" names an unknown change ${id}`);
        continue;
      }
      if (column && column.date >= row.change.date) problems.push(`${profile.name} (${column.date}) expects "${e.scenario}" to fail for ${id}, which is dated ${row.change.date}: not before it`);
      if (!row.scenarios.includes(e.scenario)) row.scenarios.push(e.scenario);
    }
  }
  for (const row of rows) {
    const first = columns.find((c) => c.date >= row.change.date && profiles.some((p) => p.name === c.profile && row.change.program in p.roles));
    row.firstVersion = first ? first.profile : '(none of the columns)';
    if (row.scenarios.length === 0 && !row.change.uncovered) problems.push(`change ${row.change.id}: no scenario catches it and no reason is given`);
  }
  return { rows, problems };
}

export function changeTableMarkdown(rows: ChangeRow[]): string {
  const lines = ['| behaviour change | date | evidence | first version that has it | scenarios that catch it |', '| --- | --- | --- | --- | --- |'];
  const esc = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const r of [...rows].sort((a, b) => a.change.date.localeCompare(b.change.date))) {
    const caught = r.scenarios.length > 0 ? r.scenarios.map((s) => `\`${s}\``).join('<br>') : `not covered: ${r.change.uncovered ?? '?'}`;
    lines.push(`| ${esc(`${r.change.program}: ${r.change.summary}`)} | ${r.change.date} | ${esc(r.change.evidence)} | ${r.firstVersion} | ${esc(caught)} |`);
  }
  return lines.join('\n') + '\n';
}

export interface HistoryOptions {
  reuse: boolean;
  outDir: string;
  markdownCopy?: string;
  skipBuild: boolean;
  runArgs: string[];
}

export async function runHistory(options: HistoryOptions): Promise<number> {
  const started = performance.now();
  if (!options.skipBuild) {
    const t0 = performance.now();
    await buildUpstream();
    await buildHistory();
    // The S3 scenarios' server, as `upstream build` makes it (without it they are not applicable).
    process.stderr.write(`minio: ${await ensureMinio({})}\n`);
    process.stderr.write(`history: builds done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  readHistory();
  const outDir = resolve(options.outDir);
  const columns = historyColumns();
  const profiles: Profile[] = [];
  const results: Column[] = [];
  const runSeconds: Record<string, number> = {};
  let allGreen = true;
  for (const c of columns) {
    const profile = loadProfile(c.profile);
    profiles.push(profile);
    const reportDir = join(outDir, profile.name);
    let column = options.reuse ? readColumn(reportDir) : null;
    if (!column) {
      mkdirSync(reportDir, { recursive: true });
      const t0 = performance.now();
      const status = await runChild(['--profile', c.profile, '--report-dir', reportDir, ...options.runArgs], 'inherit');
      runSeconds[c.profile] = Number(((performance.now() - t0) / 1000).toFixed(1));
      if (status === 2) throw new UsageError(`history: the run of profile ${profile.name} refused its input (see above)`);
      if (status === INTERRUPTED) return INTERRUPTED;
      if (status !== 0) allGreen = false;
      column = readColumn(reportDir);
      if (!column) throw new Error(`history: the run of profile ${profile.name} left no results in ${reportDir}`);
    } else if (column.results.some((r) => r.outcome === 'failed' || r.outcome === 'unexpected-pass')) {
      allGreen = false;
    }
    results.push({ profile: `${c.profile} (${c.date})`, results: column.results });
  }
  const defects = readDefects();
  const { rows, problems } = changeRows(readChanges(), columns, profiles, defects);
  const generated = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const scenarios = loadScenarios();
  const matrix = ['## Results', ...matrixMarkdown(scenarios, results, generated).split('\n').slice(1)].join('\n').replace('Generated by `npx podutils-conformance matrix` on ' + generated + '. ', '');
  const markdown = [
    '# History matrix',
    '',
    `Generated by \`npm run history\` on ${generated}: the suite against historical builds of the upstream programs (upstream/history.json) and the current pins (upstream/versions.json), one column per version in date order. A scenario that fails on a version is an expected failure only where the version's expectations name the upstream change it predates (harness/profiles/upstream@*.expectations.json, changes in upstream/history-changes.json).`,
    '',
    '| column | built from |',
    '| --- | --- |',
    ...columns.map((c) => `| ${c.profile} (${c.date}) | ${c.builds.map((b) => `\`${b}\``).join('<br>')} |`),
    '',
    '## Behaviour changes',
    '',
    changeTableMarkdown(rows),
    ...(defects.length > 0 ? ['', '## Known defects (not changes: every version since the date has them)', '', ...defects.map((d) => `- **${d.program}, since ${d.since}**: ${d.summary} (${d.evidence})`), ''] : []),
    ...(problems.length > 0 ? ['', '**Problems:**', '', ...problems.map((p) => `- ${p}`), ''] : []),
    matrix,
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'history-matrix.md'), markdown);
  const html = matrixHtml(scenarios, results, generated).replace(/Conformance matrix/g, 'History matrix').replace('npx podutils-conformance matrix', 'npm run history');
  writeFileSync(join(outDir, 'history-matrix.html'), html);
  if (options.markdownCopy) writeFileSync(resolve(options.markdownCopy), markdown);
  const timing = Object.entries(runSeconds).map(([p, s]) => `${p} ${s} s`).join(', ');
  process.stdout.write(`history: ${join(outDir, 'history-matrix.html')} and history-matrix.md${options.markdownCopy ? `, copied to ${options.markdownCopy}` : ''}; ${((performance.now() - started) / 1000).toFixed(1)} s in all${timing ? ` (runs: ${timing})` : ''}\n`);
  for (const p of problems) process.stderr.write(`history: ${p}\n`);
  return allGreen && problems.length === 0 ? 0 : 1;
}

