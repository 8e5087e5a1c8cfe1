// The drill's report as one self-contained HTML page: the timeline picture (drawn by the one
// timeline module), the outcome, the findings with links to the features that document them,
// the processes, the events in words, the step's commands and the end of the build log.
import { join, relative } from 'node:path';
import { ROOT } from '../paths.js';
import { drawTimeline } from '../timeline/svg.js';
import { formatMs } from '../timing.js';
import { formatDuration } from './duration.js';
import { endText, type Finding } from './findings.js';
import { describeEvent, outcomeRows } from './outcome.js';
import type { DrillResult } from './result.js';
import { drillTimeline } from './timeline.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; color: #111827; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #e5e7eb; }
.sub { color: #4b5563; margin-top: 0; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid #f3f4f6; }
th { width: 13rem; color: #374151; font-weight: 600; }
.finding { border-left: 4px solid #b91c1c; background: #fef2f2; padding: .6rem 1rem; margin: .8rem 0; }
.finding h3 { margin: 0 0 .3rem; font-size: 1rem; } .finding p { margin: .3rem 0; }
.clean { border-left: 4px solid #047857; background: #ecfdf5; padding: .6rem 1rem; }
pre { background: #f9fafb; border: 1px solid #e5e7eb; padding: .6rem; overflow-x: auto; font-size: .85rem; }
.picture { overflow-x: auto; } .num { font-variant-numeric: tabular-nums; white-space: nowrap; }
`;

/** The page for `result`, to be written into `outDir` (links to the features are relative to it). */
export function htmlReport(result: DrillResult, findings: Finding[], outDir: string): string {
  const c = result.config;
  const timeline = drillTimeline(result);
  const featureHref = (path: string) => relative(outDir, join(ROOT, path)).split('\\').join('/');
  const how = c.deleteAfterMs !== null ? `pod deleted ${formatDuration(c.deleteAfterMs)} after the step started` : `entrypoint's timeout of ${formatDuration(c.timeoutMs)}`;
  const parts: string[] = [];
  parts.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', `<title>Drill: ${esc(result.step.name)}</title>`, `<style>${STYLE}</style>`, '</head>');
  parts.push(`<body data-findings="${findings.length}">`);
  parts.push(`<h1>Interruption drill: ${esc(result.step.name)}</h1>`);
  parts.push(`<p class="sub">${esc(result.step.source)} in ${result.step.kind === 'step' ? 'a ci-operator step pod' : 'a Prow job pod'} (profile ${esc(c.profile)}, ${c.runtime === 'namespaces' ? 'real PID namespaces' : 'process groups'}); ${esc(how)}; grace period ${formatDuration(c.gracePeriodMs)}, termination grace period ${formatDuration(c.terminationGraceMs)}.</p>`);
  parts.push('<h2>Timeline</h2>', `<div class="picture">${drawTimeline(timeline, { width: 920 })}</div>`);
  parts.push('<h2>Outcome</h2>', '<table>');
  for (const row of outcomeRows(result)) parts.push(`<tr><th>${esc(row.label)}</th><td>${esc(row.value)}</td></tr>`);
  parts.push('</table>');
  parts.push(`<h2>Findings (${findings.length})</h2>`);
  if (findings.length === 0) parts.push('<p class="clean">None: the step handles the interruption as the protocol expects.</p>');
  for (const f of findings) {
    parts.push(`<section class="finding" data-finding="${f.id}">`, `<h3>${esc(f.title)}</h3>`, `<p>${esc(f.detail)}</p>`, `<p><strong>What to do:</strong> ${esc(f.advice)}</p>`);
    parts.push(`<p>Documented by ${f.features.map((l) => `<a href="${esc(featureHref(l.path))}">${esc(l.path)}</a>, scenario “${esc(l.scenario)}”`).join('; ')}.</p>`, '</section>');
  }
  parts.push('<h2>Processes</h2>', '<table>', '<tr><th>process</th><td><strong>received · ended</strong></td></tr>');
  const label = (id: string) => timeline.lanes.find((l) => l.id === id)?.label ?? id;
  for (const p of result.processes) {
    const got = p.signals.length ? p.signals.map((s) => `${s.signal} at ${formatMs(s.atMs)}${s.from ? ` from ${label(s.from)}` : ''}`).join(', ') : 'no signal';
    parts.push(`<tr><th>${esc(p.label)} <span class="num">[pid ${p.pid}]</span></th><td>${esc(got)} · ${esc(endText(p, label))}${p.end ? ` at ${formatMs(p.end.atMs)}` : ''}</td></tr>`);
  }
  parts.push('</table>');
  parts.push('<h2>Events</h2>', '<table>');
  for (const e of timeline.events) parts.push(`<tr><th class="num">${formatMs(e.atMs)}</th><td>${esc(describeEvent(timeline, e, result))}</td></tr>`);
  parts.push('</table>');
  if (result.step.script !== null) parts.push('<h2>The step\'s commands</h2>', `<pre>${esc(result.step.script)}</pre>`);
  if (result.buildLogTail.length) parts.push('<h2>End of the build log</h2>', `<pre>${esc(result.buildLogTail.join('\n'))}</pre>`);
  for (const note of result.notes) parts.push(`<p><em>Note:</em> ${esc(note)}</p>`);
  const d = result.durations;
  parts.push(`<p class="sub">The drill took ${formatMs(d.drillMs)}; the pod ran ${formatMs(d.podMs)}${d.stepMs !== null ? `, the step ${formatMs(d.stepMs)}` : ''}.</p>`);
  parts.push('</body>', '</html>');
  return `${parts.join('\n')}\n`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
