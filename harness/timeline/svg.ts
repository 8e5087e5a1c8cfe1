// The one way to picture an interruption: a Timeline (model.ts) drawn as an inline, accessible
// SVG. One row per lane, time running left to right in seconds; signals are arrows from the
// sender's row to the receiver's, deadlines are vertical lines across every row. Used by the
// living documentation (harness/docs) and by the drill's report, so both read the same way.
// Plain presentation attributes (no stylesheet needed, so the picture stands on its own), with
// class names a page may restyle; no ids inside, so a page can hold many pictures.
import type { Timeline, TimelineEvent, TimelineMark } from './model.js';

export interface DrawOptions {
  /** Width of the whole picture in user units (default 760). */
  width?: number;
  /** Height of one lane's row (default 56). */
  laneHeight?: number;
}

const LABEL_WIDTH = 160;
const RIGHT_PAD = 40;
const TOP_PAD = 46; // room for three lines of deadline labels
const AXIS_HEIGHT = 34;
const FONT = 11;
const CHAR_WIDTH = 6.2;
/** A white outline behind a label, so it stays readable where it crosses a line. */
const HALO = ' stroke="#ffffff" stroke-width="3" paint-order="stroke"'; // average advance of the 11px sans-serif font, to keep labels apart

const COLOUR = {
  lane: '#6b7280',
  text: '#111827',
  signal: '#b45309',
  exitOk: '#047857',
  exitBad: '#b91c1c',
  marker: '#1d4ed8',
  upload: '#6d28d9',
  missing: '#b91c1c',
  delete: '#b91c1c',
  note: '#374151',
  mark: { timeout: '#b91c1c', 'grace-period': '#c2410c', 'termination-grace': '#7c2d12', deletion: '#9f1239', other: '#4b5563' } as Record<TimelineMark['kind'], string>,
};

/** An accessible `<svg>` picturing the timeline (role="img", its summary as title, every event as text in desc). */
export function drawTimeline(timeline: Timeline, options: DrawOptions = {}): string {
  const width = options.width ?? 760;
  const laneHeight = options.laneHeight ?? 56;
  const endMs = axisEnd(timeline);
  const plotWidth = width - LABEL_WIDTH - RIGHT_PAD;
  const x = (ms: number) => round(LABEL_WIDTH + (Math.max(0, ms) / endMs) * plotWidth);
  const laneIndex = new Map(timeline.lanes.map((l, i) => [l.id, i]));
  const laneY = (id: string) => round(TOP_PAD + (laneIndex.get(id) ?? 0) * laneHeight + laneHeight / 2);
  const plotBottom = TOP_PAD + timeline.lanes.length * laneHeight;
  const height = plotBottom + AXIS_HEIGHT;
  const parts: string[] = [];

  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" aria-label="${esc(timeline.summary)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="${FONT}">`);
  parts.push(`<title>${esc(timeline.summary)}</title>`);
  parts.push(`<desc>${esc(describeTimeline(timeline))}</desc>`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);

  // Lanes: a label and a thin line; the line is solid while the lane's process lived.
  const depth = laneDepths(timeline);
  for (const lane of timeline.lanes) {
    const y = laneY(lane.id);
    const indent = 8 + 12 * (depth.get(lane.id) ?? 0);
    const name = lane.pid ? `${lane.label} (pid ${lane.pid})` : lane.label;
    parts.push(`<g class="lane" data-lane="${esc(lane.id)}">`);
    parts.push(`<text x="${indent}" y="${lane.pid ? y : y + 4}" fill="${COLOUR.text}" font-weight="600">${esc(clip(lane.label, Math.floor((LABEL_WIDTH - indent - 4) / CHAR_WIDTH)))}<title>${esc(name)}</title></text>`);
    if (lane.pid) parts.push(`<text x="${indent}" y="${y + 12}" fill="${COLOUR.lane}" font-size="${FONT - 1}">pid ${lane.pid}</text>`);
    parts.push(`<line x1="${LABEL_WIDTH}" x2="${width - RIGHT_PAD}" y1="${y}" y2="${y}" stroke="${COLOUR.lane}" stroke-width="1" stroke-dasharray="2 4"/>`);
    const start = timeline.events.find((e) => e.kind === 'start' && e.lane === lane.id);
    const exit = timeline.events.find((e) => e.kind === 'exit' && e.lane === lane.id);
    if (start) parts.push(`<line x1="${x(start.atMs)}" x2="${x(exit ? exit.atMs : endMs)}" y1="${y}" y2="${y}" stroke="${COLOUR.lane}" stroke-width="3"/>`);
    parts.push('</g>');
  }

  // Deadlines: vertical lines across all lanes, labelled at the top (staggered when close). Those
  // beyond the axis (a 1 min timeout in a scenario over in 3 s) are named together at the right edge.
  const placer = new LabelPlacer();
  const sortedMarks = [...timeline.marks].sort((a, b) => a.atMs - b.atMs);
  for (const mark of sortedMarks.filter((m) => m.atMs <= endMs)) {
    const mx = x(mark.atMs);
    const text = `${mark.label} ${seconds(mark.atMs)}`;
    const w = text.length * CHAR_WIDTH;
    const x0 = Math.min(Math.max(mx - w / 2, 2), width - 2 - w);
    const ty = placer.place(x0, w, [11, 23, 35]);
    const colour = COLOUR.mark[mark.kind] ?? COLOUR.mark.other;
    parts.push(`<g class="mark mark-${esc(mark.kind)}" data-kind="${esc(mark.kind)}" data-at-ms="${mark.atMs}">`);
    parts.push(`<title>${esc(`${mark.label} at ${seconds(mark.atMs)}`)}</title>`);
    parts.push(`<line x1="${mx}" x2="${mx}" y1="${TOP_PAD - 6}" y2="${plotBottom}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="6 3"/>`);
    parts.push(`<text x="${round(x0)}" y="${ty}"${HALO} fill="${colour}">${esc(text)}</text>`);
    parts.push('</g>');
  }
  const beyond = sortedMarks.filter((m) => m.atMs > endMs);
  if (beyond.length) {
    const text = `later: ${beyond.map((m) => `${m.label} ${seconds(m.atMs)}`).join(', ')} ▸`;
    const w = text.length * CHAR_WIDTH;
    const x0 = Math.max(2, width - 2 - w);
    const ty = placer.place(x0, w, [11, 23, 35]);
    for (const mark of beyond) {
      parts.push(`<g class="mark mark-${esc(mark.kind)}" data-kind="${esc(mark.kind)}" data-at-ms="${mark.atMs}" data-off-axis="true"><title>${esc(`${mark.label} at ${seconds(mark.atMs)}, after the end of the picture`)}</title></g>`);
    }
    parts.push(`<text class="marks-beyond" x="${round(x0)}" y="${ty}"${HALO} fill="${COLOUR.mark.other}">${esc(text)}</text>`);
  }

  // Events, in time order so that labels settle predictably; uploads landing together are one symbol.
  // A label goes right of its symbol, or left of it where it would run off the picture.
  const labelAt = (ex: number, gap: number, text: string, y: number, side: 'above' | 'below'): string => {
    const w = text.length * CHAR_WIDTH;
    const lx = ex + gap + w > width - 2 ? round(ex - gap - w) : ex + gap;
    const ly = placer.place(lx, w, side === 'above' ? [y - 8, y - 20, y + 15, y + 27] : [y + 15, y + 27, y - 8, y - 20]);
    return `x="${lx}" y="${ly}"${HALO}`;
  };
  for (const item of groupUploads([...timeline.events].sort((a, b) => a.atMs - b.atMs), x)) {
    if ('uploads' in item) {
      const first = item.uploads[0];
      const ex = x(first.atMs);
      const y = laneY(first.lane);
      const missing = first.missing === true;
      const colour = missing ? COLOUR.missing : COLOUR.upload;
      const text = item.uploads.length === 1 ? (missing ? `no ${first.name}` : first.name) : `${item.uploads.length} ${missing ? 'missing' : 'uploads'}`;
      const title = item.uploads.map((u) => describeEvent(u, timeline)).join('; ');
      const fill = missing ? '#ffffff' : colour;
      const at = labelAt(ex, 7, text, y, 'above');
      parts.push(`<g class="event event-upload" data-kind="upload" data-lane="${esc(first.lane)}" data-at-ms="${first.atMs}" data-count="${item.uploads.length}"><title>${esc(title)}</title><polygon points="${ex},${y - 7} ${ex + 5},${y + 3} ${ex - 5},${y + 3}" fill="${fill}" stroke="${colour}" stroke-width="1.5"/><text ${at} fill="${colour}">${esc(text)}</text></g>`);
      continue;
    }
    const e = item;
    const ex = x(e.atMs);
    const y = laneY(e.lane);
    const title = `<title>${esc(describeEvent(e, timeline))}</title>`;
    const open = `<g class="event event-${e.kind}" data-kind="${e.kind}" data-lane="${esc(e.lane)}" data-at-ms="${e.atMs}"${e.kind === 'signal' ? ` data-signal="${esc(e.signal)}"${e.from ? ` data-from="${esc(e.from)}"` : ''}` : ''}>`;
    switch (e.kind) {
      case 'start':
        parts.push(`${open}${title}<circle cx="${ex}" cy="${y}" r="4" fill="${COLOUR.lane}"/></g>`);
        break;
      case 'signal': {
        const fromY = e.from && laneIndex.has(e.from) && e.from !== e.lane ? laneY(e.from) : y - laneHeight * 0.55;
        const down = fromY < y;
        const tipY = down ? y - 5 : y + 5;
        const head = down ? `${ex - 4},${tipY - 7} ${ex + 4},${tipY - 7} ${ex},${tipY}` : `${ex - 4},${tipY + 7} ${ex + 4},${tipY + 7} ${ex},${tipY}`;
        const dash = e.from ? '' : ' stroke-dasharray="3 2"';
        const at = labelAt(ex, 4, e.signal, y, down ? 'above' : 'below');
        parts.push(`${open}${title}<line x1="${ex}" x2="${ex}" y1="${fromY}" y2="${down ? tipY - 6 : tipY + 6}" stroke="${COLOUR.signal}" stroke-width="1.6"${dash}/><polygon points="${head}" fill="${COLOUR.signal}"/><text ${at} fill="${COLOUR.signal}" font-weight="600">${esc(e.signal)}</text></g>`);
        break;
      }
      case 'exit': {
        const ok = e.code === 0 && !e.signal;
        const colour = ok ? COLOUR.exitOk : COLOUR.exitBad;
        const text = exitText(e);
        const at = labelAt(ex, 7, text, y, 'below');
        parts.push(`${open}${title}<rect x="${ex - 4}" y="${y - 6}" width="8" height="12" fill="${colour}"/><text ${at} fill="${colour}">${esc(text)}</text></g>`);
        break;
      }
      case 'marker': {
        const text = `marker ${e.code}`;
        const at = labelAt(ex, 8, text, y, 'above');
        parts.push(`${open}${title}<polygon points="${ex},${y - 6} ${ex + 6},${y} ${ex},${y + 6} ${ex - 6},${y}" fill="${COLOUR.marker}"/><text ${at} fill="${COLOUR.marker}">${esc(text)}</text></g>`);
        break;
      }
      case 'delete': {
        const at = labelAt(ex, 8, 'pod deleted', y, 'above');
        parts.push(`${open}${title}<path d="M${ex - 5},${y - 5}L${ex + 5},${y + 5}M${ex + 5},${y - 5}L${ex - 5},${y + 5}" stroke="${COLOUR.delete}" stroke-width="2.5"/><text ${at} fill="${COLOUR.delete}" font-weight="600">pod deleted</text></g>`);
        break;
      }
      case 'note': {
        const at = labelAt(ex, 6, e.text, y, 'below');
        parts.push(`${open}${title}<circle cx="${ex}" cy="${y}" r="2.5" fill="${COLOUR.note}"/><text ${at} fill="${COLOUR.note}" font-style="italic">${esc(e.text)}</text></g>`);
        break;
      }
    }
  }

  // The time axis, in seconds, at a step that gives at most about ten ticks.
  const step = tickStep(endMs);
  parts.push(`<g class="axis"><line x1="${LABEL_WIDTH}" x2="${width - RIGHT_PAD}" y1="${plotBottom + 4}" y2="${plotBottom + 4}" stroke="${COLOUR.text}"/>`);
  for (let t = 0; t <= endMs + 1e-6; t += step) {
    const tx = x(t);
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${plotBottom + 4}" y2="${plotBottom + 9}" stroke="${COLOUR.text}"/><text x="${tx}" y="${plotBottom + 21}" text-anchor="middle" fill="${COLOUR.text}">${esc(trimSeconds(t))}</text>`);
  }
  parts.push(`<text x="${width - RIGHT_PAD}" y="${plotBottom + 32}" text-anchor="end" fill="${COLOUR.lane}">seconds</text></g>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** Every event and mark as one sentence each, in time order: the picture told as text. */
export function describeTimeline(timeline: Timeline): string {
  const lines = [
    ...timeline.marks.map((m) => ({ at: m.atMs, text: `${seconds(m.atMs)}: ${m.label} (configured)` })),
    ...timeline.events.map((e) => ({ at: e.atMs, text: describeEvent(e, timeline) })),
  ].sort((a, b) => a.at - b.at);
  return lines.map((l) => l.text).join('; ') + '.';
}

export function describeEvent(e: TimelineEvent, timeline: Timeline): string {
  const name = (id: string) => timeline.lanes.find((l) => l.id === id)?.label ?? id;
  const at = seconds(e.atMs);
  switch (e.kind) {
    case 'start':
      return `${at}: ${name(e.lane)} started`;
    case 'signal':
      return e.from ? `${at}: ${name(e.from)} sent ${e.signal} to ${name(e.lane)}` : `${at}: ${name(e.lane)} received ${e.signal}`;
    case 'exit':
      return `${at}: ${name(e.lane)} ${exitText(e)}`;
    case 'marker':
      return `${at}: the marker file appeared with code ${e.code}`;
    case 'upload':
      return e.missing ? `${at}: ${e.name} was missing from the store` : `${at}: ${e.name} reached the store`;
    case 'delete':
      return `${at}: ${name(e.lane)} deleted the pod`;
    case 'note':
      return `${at}: ${name(e.lane)}: ${e.text}`;
  }
}

function exitText(e: Extract<TimelineEvent, { kind: 'exit' }>): string {
  if (e.signal) return `killed by ${e.signal}`;
  // A process that reported no exit of its own (a probe) was killed, by a signal nobody saw.
  return e.code === undefined ? 'killed' : `exit ${e.code}`;
}

/** Where the axis ends: the timeline's endMs, but never before its last event (marks beyond it are named at the edge). */
function axisEnd(timeline: Timeline): number {
  const last = Math.max(0, timeline.endMs, ...timeline.events.map((e) => e.atMs));
  return last > 0 ? last * 1.04 : 1000;
}

function tickStep(endMs: number): number {
  for (const step of [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000]) {
    if (endMs / step <= 10) return step;
  }
  return Math.ceil(endMs / 10 / 600_000) * 600_000;
}

function laneDepths(timeline: Timeline): Map<string, number> {
  const byId = new Map(timeline.lanes.map((l) => [l.id, l]));
  const depth = new Map<string, number>();
  for (const lane of timeline.lanes) {
    let d = 0;
    for (let p = lane.parent; p && byId.has(p) && d < 4; p = byId.get(p)!.parent) d++;
    depth.set(lane.id, d);
  }
  return depth;
}

/** Keeps labels apart: each goes to the first of its candidate lines where it overlaps no other. */
class LabelPlacer {
  private taken: { x0: number; x1: number; y: number }[] = [];

  place(x0: number, width: number, candidates: number[]): number {
    const free = (y: number): boolean => !this.taken.some((b) => Math.abs(b.y - y) < 11 && x0 < b.x1 + 3 && x0 + width > b.x0 - 3);
    const y = candidates.find(free) ?? candidates[0];
    this.taken.push({ x0, x1: x0 + width, y });
    return y;
  }
}

type Upload = Extract<TimelineEvent, { kind: 'upload' }>;

/** Uploads of one lane whose symbols would overlap (within 8 units), missing and present apart, become one group. */
function groupUploads(events: TimelineEvent[], x: (ms: number) => number): (Exclude<TimelineEvent, Upload> | { uploads: Upload[] })[] {
  const out: (Exclude<TimelineEvent, Upload> | { uploads: Upload[] })[] = [];
  const open = new Map<string, { uploads: Upload[] }>();
  for (const e of events) {
    if (e.kind !== 'upload') {
      out.push(e);
      continue;
    }
    const key = `${e.lane}\0${e.missing === true}`;
    const group = open.get(key);
    if (group && x(e.atMs) - x(group.uploads[0].atMs) <= 8) group.uploads.push(e);
    else {
      const fresh = { uploads: [e] };
      open.set(key, fresh);
      out.push(fresh);
    }
  }
  return out;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function trimSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(1)));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
