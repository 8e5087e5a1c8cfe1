// Every example of the drill's gallery (examples/drill/gallery.json) run for real: its step in a
// real pod, interrupted as its options say, observed with strace. The findings the drill
// computes must be the ones the example is there to show, with the timing of the protocol
// (through harness/timing.ts), the committed report must say the same, and nothing is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../paths.js';
import { START_TIME_RESOLUTION_MS } from '../process/proc.js';
import { findTagged } from '../process/tree.js';
import { Timing } from '../timing.js';
import { computeFindings, type FindingId } from './findings.js';
import { parseDrillArgs } from './options.js';
import type { DrillResult, ObservedProcess } from './result.js';
import { DrillResources, runDrill } from './run.js';

const GALLERY = join(ROOT, 'examples', 'drill');
const { examples } = JSON.parse(readFileSync(join(GALLERY, 'gallery.json'), 'utf8')) as { examples: { name: string; step: string; args: string[] }[] };
const timing = new Timing(Number(process.env.PODUTILS_TIME_SCALE ?? 1));
const out = mkdtempSync(join(tmpdir(), 'drill-gallery-'));

/** What each example is there to show. */
const EXPECTED: Record<string, FindingId[]> = {
  'good-trap': [],
  'no-trap': ['no-trap'],
  'foreground-sleep': ['trap-waits-for-foreground', 'children-outlive-step', 'grace-period-exceeded'],
  'children-left-behind': ['children-outlive-step'],
  'too-slow-cleanup': ['children-outlive-step', 'grace-period-exceeded'],
  'short-termination-grace': ['termination-grace-too-short'],
};

function step(result: DrillResult): ObservedProcess {
  const found = result.processes.find((p) => p.role === 'step');
  assert.ok(found, `no step in the trace: ${result.processes.map((p) => p.label).join(', ')}`);
  return found;
}

function checked(check: { ok: boolean; message: string }): void {
  assert.ok(check.ok, check.message);
}

test('the gallery lists exactly the examples this test knows', () => {
  assert.deepEqual(examples.map((e) => e.name).sort(), Object.keys(EXPECTED).sort());
});

for (const example of examples) {
  test(`gallery: ${example.name}`, async () => {
    const options = parseDrillArgs([join('examples', 'drill', example.step), ...example.args, '--out', join(out, example.name)], ROOT);
    assert.ok(options);
    const result = await runDrill(options, new DrillResources());
    const ids = computeFindings(result).map((f) => f.id);
    assert.deepEqual([...ids].sort(), [...EXPECTED[example.name]].sort(), `findings of ${example.name}`);

    // The protocol's timing, as the drill measured it.
    const s = step(result);
    const deletion = result.deletion;
    assert.ok(deletion, 'the pod was not deleted');
    // (the drill and the trace each read the step's start from /proc, to START_TIME_RESOLUTION_MS)
    checked(timing.checkNotBefore('deletion after the step started', deletion.atMs - s.startMs, options.deleteAfterMs! - START_TIME_RESOLUTION_MS));
    const interrupt = s.signals.find((x) => x.signal === 'SIGINT');
    assert.ok(interrupt, `the step received no SIGINT: ${JSON.stringify(s.signals)}`);
    assert.equal(interrupt.from, 'entrypoint');
    checked(timing.checkAtMost('SIGINT to the step after the deletion', interrupt.atMs - deletion.atMs, 0));
    assert.ok(s.end, 'the step never ended');
    if (ids.includes('grace-period-exceeded')) {
      assert.equal(s.end.killedBy, 'entrypoint');
      checked(timing.checkNotBefore('SIGKILL after the first SIGINT', s.end.atMs - interrupt.atMs, options.gracePeriodMs));
    }
    if (ids.includes('termination-grace-too-short')) {
      assert.ok(deletion.killedAtMs !== null, 'the kubelet killed nothing');
      checked(timing.checkNotBefore('the kubelet\'s SIGKILL after the deletion', deletion.killedAtMs - deletion.atMs, options.terminationGraceMs));
      assert.equal(result.finished, null, 'something was uploaded');
    } else {
      assert.equal(result.finished?.result, 'ABORTED');
      assert.equal(result.marker?.code, '130');
    }
    if (example.name === 'good-trap') {
      checked(timing.checkAtMost('the trap\'s exit after the SIGINT', s.end.atMs - interrupt.atMs, 0));
      assert.ok(result.uploads.some((u) => u.name === 'artifacts/summary.txt'), `uploads: ${result.uploads.map((u) => u.name).join(', ')}`);
    }

    // The report committed beside the example says the same.
    const committed = JSON.parse(readFileSync(join(GALLERY, example.name, 'report.json'), 'utf8')) as { findings: { id: string }[] };
    assert.deepEqual(committed.findings.map((f) => f.id).sort(), [...ids].sort(), `examples/drill/${example.name}/report.json is stale: npm run drill:gallery`);
    assert.deepEqual(findTagged((tag) => tag.startsWith('pc-drill-')), [], 'processes of the drill left running');
  });
}

test.after(() => rmSync(out, { recursive: true, force: true }));
