import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Timeline } from './model.js';
import { describeTimeline, drawTimeline } from './svg.js';

const timeout: Timeline = {
  summary: 'entrypoint sends SIGINT to the test at its 1 s timeout & the test exits 130.',
  lanes: [
    { id: 'entrypoint', label: 'entrypoint', pid: 100 },
    { id: 'test', label: 'test <probe>', pid: 101, parent: 'entrypoint' },
  ],
  events: [
    { kind: 'start', lane: 'entrypoint', atMs: 0 },
    { kind: 'start', lane: 'test', atMs: 12 },
    { kind: 'signal', lane: 'test', from: 'entrypoint', signal: 'SIGINT', atMs: 1004 },
    { kind: 'exit', lane: 'test', atMs: 1010, code: 130 },
    { kind: 'marker', lane: 'entrypoint', atMs: 1015, code: '130' },
    { kind: 'exit', lane: 'entrypoint', atMs: 1020, code: 1 },
    { kind: 'upload', lane: 'entrypoint', atMs: 1100, name: 'finished.json', missing: true },
  ],
  marks: [
    { kind: 'timeout', label: 'timeout', atMs: 1000 },
    { kind: 'grace-period', label: 'grace period ends', atMs: 1500 },
  ],
  endMs: 1600,
};

/** Tags balance and nothing unescaped: enough to know a browser parses the SVG as written. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const text = svg.replace(/<(\/?)([a-zA-Z]+)([^>]*?)(\/?)>/g, (_, close, name, attrs, selfClose) => {
    assert.doesNotMatch(attrs, /[<>]/, `attributes of <${name}>`);
    if (close) assert.equal(stack.pop(), name, `</${name}> closes what was opened`);
    else if (!selfClose) stack.push(name);
    return '';
  });
  assert.deepEqual(stack, [], 'every element is closed');
  assert.doesNotMatch(text, /[<>]|&(?!amp;|lt;|gt;|quot;)/, 'text is escaped');
}

function attr(element: string, name: string): number {
  const m = new RegExp(` ${name}="([^"]+)"`).exec(element);
  assert.ok(m, `${name} in ${element}`);
  return Number(m[1]);
}

test('the picture is an image whose title and label are the summary, and whose description tells every event', () => {
  const svg = drawTimeline(timeout);
  assertWellFormed(svg);
  assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-label="entrypoint sends SIGINT to the test at its 1 s timeout &amp; the test exits 130\."/);
  assert.match(svg, /<title>entrypoint sends SIGINT to the test at its 1 s timeout &amp; the test exits 130\.<\/title>/);
  const desc = /<desc>([^<]*)<\/desc>/.exec(svg)![1];
  assert.match(desc, /1\.00 s: timeout \(configured\); 1\.00 s: entrypoint sent SIGINT to test &lt;probe&gt;; 1\.01 s: test &lt;probe&gt; exit 130/);
  assert.match(desc, /1\.10 s: finished\.json was missing from the store; 1\.50 s: grace period ends \(configured\)\.$/);
});

test('a signal is an arrow from the sender lane to the receiver lane, at its time', () => {
  const svg = drawTimeline(timeout, { width: 1000, laneHeight: 50 });
  const signal = /<g class="event event-signal"[^>]*>.*?<\/g>/.exec(svg)![0];
  assert.match(signal, /data-signal="SIGINT" data-from="entrypoint"/);
  const line = /<line [^>]*>/.exec(signal)![0];
  // Lanes are 50 high below a 46 top pad: entrypoint's row centre is at 71, test's at 121.
  assert.equal(attr(line, 'y1'), 71);
  assert.ok(attr(line, 'y2') > 71 && attr(line, 'y2') < 121, 'the arrow points down to the receiver');
  const axisEnd = 1600 * 1.04;
  assert.ok(Math.abs(attr(line, 'x1') - (160 + (1004 / axisEnd) * (1000 - 160 - 40))) < 0.1);
  assert.match(signal, />SIGINT<\/text>/);
});

test('deadlines are vertical lines across the lanes, labelled with their time', () => {
  const svg = drawTimeline(timeout);
  const marks = [...svg.matchAll(/<g class="mark mark-([a-z-]+)"[^>]*data-at-ms="(\d+)">.*?<line ([^>]*)>.*?<text[^>]*>([^<]*)<\/text>/gs)];
  assert.deepEqual(marks.map((m) => [m[1], Number(m[2]), m[4]]), [
    ['timeout', 1000, 'timeout 1.00 s'],
    ['grace-period', 1500, 'grace period ends 1.50 s'],
  ]);
  for (const m of marks) assert.equal(attr(` ${m[3]}`, 'x1'), attr(` ${m[3]}`, 'x2'));
});

test('exits say how the process ended; the marker and uploads are symbols with their text', () => {
  const svg = drawTimeline(timeout);
  assert.match(svg, /data-kind="exit" data-lane="test"[^>]*>.*>exit 130<\/text>/);
  assert.match(svg, />marker 130<\/text>/);
  assert.match(svg, />no finished\.json<\/text>/);
  const killed = drawTimeline({ ...timeout, events: [{ kind: 'exit', lane: 'test', atMs: 5, signal: 'SIGKILL' }] });
  assert.match(killed, />killed by SIGKILL<\/text>/);
});

test('the axis is in seconds and reaches past the last event, even when endMs says less', () => {
  const svg = drawTimeline({ ...timeout, marks: [], endMs: 0 });
  const ticks = [...svg.matchAll(/<text [^>]*text-anchor="middle" fill="#111827">([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
  assert.deepEqual(ticks, [0, 0.2, 0.4, 0.6, 0.8, 1], 'the last event is at 1.1 s');
  const long = drawTimeline({ ...timeout, endMs: 45_000 });
  const longTicks = [...long.matchAll(/<text [^>]*text-anchor="middle" fill="#111827">([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
  assert.deepEqual(longTicks, [0, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
  assert.match(svg, />seconds<\/text>/);
});

test('uploads landing together are one symbol; labels that would overlap are moved apart', () => {
  const crowded: Timeline = {
    summary: 's',
    lanes: [{ id: 'a', label: 'a' }, { id: 'b', label: 'b' }],
    events: [
      { kind: 'upload', lane: 'a', atMs: 100, name: 'started.json' },
      { kind: 'upload', lane: 'a', atMs: 101, name: 'finished.json' },
      { kind: 'upload', lane: 'a', atMs: 900, name: 'late.txt' },
      { kind: 'marker', lane: 'a', atMs: 102, code: '0' },
      { kind: 'exit', lane: 'a', atMs: 103, code: 0 },
      { kind: 'exit', lane: 'b', atMs: 103, code: 0 },
    ],
    marks: [],
    endMs: 1000,
  };
  const svg = drawTimeline(crowded);
  const uploads = [...svg.matchAll(/<g class="event event-upload"[^>]*data-count="(\d)"><title>([^<]*)<\/title>.*?<text x="([^"]+)" y="([^"]+)"[^>]*>([^<]*)</g)];
  assert.deepEqual(uploads.map((u) => [Number(u[1]), u[5]]), [[2, '2 uploads'], [1, 'late.txt']]);
  assert.match(uploads[0][2], /started\.json reached the store; 0\.10 s: finished\.json reached the store/);
  const labels = [...svg.matchAll(/<g class="event[^>]*>.*?<text x="([^"]+)" y="([^"]+)"[^>]*>([^<]*)</g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] }));
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) {
      const apart = Math.abs(a.y - b.y) >= 11 || a.x + a.text.length * 6.2 < b.x || b.x + b.text.length * 6.2 < a.x;
      assert.ok(apart, `"${a.text}" and "${b.text}" overlap`);
    }
  }
});

test('a deadline beyond the picture is named at its right edge', () => {
  const svg = drawTimeline({ ...timeout, marks: [...timeout.marks, { kind: 'timeout', label: 'pod timeout', atMs: 60_000 }] });
  assert.match(svg, /data-at-ms="60000" data-off-axis="true"><title>pod timeout at 60\.00 s, after the end of the picture<\/title><\/g>/);
  assert.match(svg, />later: pod timeout 60\.00 s ▸<\/text>/);
  assert.doesNotMatch(svg, />60<\/text>/, 'the axis is not stretched to it');
});

test('an empty timeline still draws (an axis and its summary)', () => {
  const svg = drawTimeline({ summary: 'nothing was recorded', lanes: [], events: [], marks: [], endMs: 0 });
  assertWellFormed(svg);
  assert.match(svg, /<title>nothing was recorded<\/title>/);
  assert.equal(describeTimeline({ summary: '', lanes: [], events: [], marks: [], endMs: 0 }), '.');
});
