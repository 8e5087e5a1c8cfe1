// The drill's other ways in, run for real: entrypoint's timeout instead of an abort, a Prow job
// pod instead of a step pod, and what the step is given (--env, --shared-dir).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../paths.js';
import { Timing } from '../timing.js';
import { computeFindings } from './findings.js';
import { parseDrillArgs } from './options.js';
import { DrillResources, runDrill } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'drill-modes-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const timing = new Timing(Number(process.env.PODUTILS_TIME_SCALE ?? 1));
const example = (name: string) => join(ROOT, 'examples', 'drill', name, `${name}-commands.sh`);

async function drill(...args: string[]) {
  const options = parseDrillArgs([...args, '--out', join(dir, 'out')], dir);
  assert.ok(options);
  const result = await runDrill(options, new DrillResources());
  return { options, result, findings: computeFindings(result) };
}

test('--timeout: entrypoint\'s timer sends SIGINT alone, then SIGKILL after the grace period; no pod deletion', async () => {
  const { options, result, findings } = await drill(example('foreground-sleep'), '--timeout', '1s', '--grace', '1s');
  assert.equal(result.deletion, null);
  const step = result.processes.find((p) => p.role === 'step')!;
  assert.deepEqual(step.signals.map((s) => [s.signal, s.from]), [['SIGINT', 'entrypoint']]);
  const check = timing.checkNotBefore('SIGINT after the step started', step.signals[0].atMs - step.startMs, options.timeoutMs);
  assert.ok(check.ok, check.message);
  assert.equal(step.end?.killedBy, 'entrypoint');
  assert.deepEqual(findings.map((f) => f.id).sort(), ['children-outlive-step', 'grace-period-exceeded', 'trap-waits-for-foreground']);
  // A timeout is documented by the timeout feature, an abort by the pod deletion one.
  assert.equal(findings.find((f) => f.id === 'grace-period-exceeded')!.features[0].path, 'features/entrypoint/timeout.feature');
  // entrypoint's code for a timeout, whatever the test's own end.
  assert.equal(result.marker?.code, '127');
  assert.equal(result.finished?.result, 'FAILURE');
});

test('--kind prow: entrypoint is the container\'s first process and the command line runs as given', async () => {
  const { result, findings } = await drill('--kind', 'prow', '--grace', '2s', '--', example('no-trap'));
  assert.deepEqual(result.processes.slice(0, 2).map((p) => p.role), ['entrypoint', 'step']);
  assert.ok(!result.processes.some((p) => p.role === 'entrypoint-wrapper'));
  assert.equal(result.processes[1].programs[0][0], example('no-trap'));
  // Run from its file, bash does not exec the script's last command (it does for -c): the sleep
  // is a child of the dead shell.
  assert.deepEqual(findings.map((f) => f.id).sort(), ['children-outlive-step', 'no-trap']);
  assert.equal(result.finished?.result, 'ABORTED');
});

test('--env and --shared-dir reach the step', async () => {
  const shared = join(dir, 'shared');
  mkdirSync(shared);
  writeFileSync(join(shared, 'cluster-name'), 'drill-cluster\n');
  const script = join(dir, 'uses-inputs-commands.sh');
  writeFileSync(script, 'echo "colour=$COLOUR cluster=$(cat "$SHARED_DIR/cluster-name")"\n');
  const { result } = await drill(script, '--env', 'COLOUR=teal', '--shared-dir', shared);
  assert.ok(result.buildLogTail.includes('colour=teal cluster=drill-cluster'), result.buildLogTail.join('\n'));
  assert.equal(result.marker?.code, '0');
  assert.ok(result.notes.some((n) => /ended by itself/.test(n)), result.notes.join('; '));
});
