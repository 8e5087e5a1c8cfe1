// The drill's report as the terminal shows it (and as report.txt keeps it).
import { formatMs } from '../timing.js';
import { formatDuration } from './duration.js';
import { endText, type Finding } from './findings.js';
import { describeEvent, outcomeRows } from './outcome.js';
import type { DrillResult } from './result.js';
import { drillTimeline } from './timeline.js';

export function terminalReport(result: DrillResult, findings: Finding[]): string {
  const c = result.config;
  const out: string[] = [];
  const pod = result.step.kind === 'step' ? 'a ci-operator step pod' : 'a Prow job pod';
  out.push(`Drill of ${result.step.source}: ${pod}, profile ${c.profile}, containers on ${c.runtime === 'namespaces' ? 'real PID namespaces' : 'process groups'}`);
  const how = c.deleteAfterMs !== null ? `the pod deleted ${formatDuration(c.deleteAfterMs)} after the step started` : `entrypoint's timeout of ${formatDuration(c.timeoutMs)}`;
  out.push(`Interruption: ${how}; grace period ${formatDuration(c.gracePeriodMs)}, termination grace period ${formatDuration(c.terminationGraceMs)}`);
  out.push('', 'Timeline (from the start of the test container\'s program)');
  const timeline = drillTimeline(result);
  for (const e of timeline.events) out.push(`  ${formatMs(e.atMs).padStart(10)}  ${describeEvent(timeline, e, result)}`);
  out.push('', 'Processes of the step');
  const label = (id: string) => timeline.lanes.find((l) => l.id === id)?.label ?? id;
  for (const p of result.processes.filter((x) => x.role === 'step' || x.role === 'child')) {
    const got = p.signals.length ? p.signals.map((s) => `${s.signal} at ${formatMs(s.atMs)}${s.from ? ` from ${label(s.from)}` : ''}`).join(', ') : 'no signal';
    out.push(`  ${p.label} [pid ${p.pid}]: received ${got}; ${endText(p, label)}${p.end ? ` at ${formatMs(p.end.atMs)}` : ''}`);
  }
  out.push('', 'Outcome');
  const rows = outcomeRows(result);
  const width = Math.max(...rows.map((r) => r.label.length));
  for (const r of rows) out.push(`  ${r.label.padEnd(width)}  ${r.value}`);
  if (result.buildLogTail.length) out.push('', 'End of the build log', ...result.buildLogTail.map((l) => `  | ${l}`));
  out.push('', findings.length ? `Findings (${findings.length})` : 'Findings: none: the step handles the interruption as the protocol expects');
  for (const f of findings) {
    out.push(`  - ${f.title}`, `    ${f.detail}`, `    What to do: ${f.advice}`);
    for (const link of f.features) out.push(`    See ${link.path}: "${link.scenario}"`);
  }
  for (const note of result.notes) out.push(`Note: ${note}`);
  const d = result.durations;
  out.push('', `The drill took ${formatMs(d.drillMs)}; the pod ran ${formatMs(d.podMs)}${d.stepMs !== null ? `, the step ${formatMs(d.stepMs)}` : ''}: ${formatMs(d.drillMs - (d.stepMs ?? 0))} beyond the step's own run.`);
  return `${out.join('\n')}\n`;
}
