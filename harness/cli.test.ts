// The CLI's contract: exit 2 with a one-line error for unusable input, and scenarios of roles a
// profile lacks reported as not applicable rather than failed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from './paths.js';
import { sleep } from './wait.js';

const cli = join(ROOT, 'harness', 'bin', 'podutils-conformance');

/** Every process of a pod works in its scenario dir, under the run's TMPDIR. */
function processesWorkingIn(dir: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    try {
      return /^\d+$/.test(pid) && readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
    } catch {
      return false;
    }
  });
}
const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(cli, args, { encoding: 'utf8', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function profile(name: string, content: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

test('unusable input exits 2 with one line naming the problem', () => {
  const script = join(dir, 'not-executable.sh');
  writeFileSync(script, '#!/bin/sh\n');
  chmodSync(script, 0o644);
  const cases: [string[], RegExp][] = [
    [['run', '--profile', 'nope'], /unknown profile "nope"/],
    [['run', '--profile', profile('bad-cmd', { name: 'x', roles: { entrypoint: { command: ['./not-executable.sh'] } } })], /not executable/],
    [['run', '--tags', '@a and ('], /bad tag expression/],
    [['run', '--time-scale', '0'], /time-scale/],
    [['run', '--parallel', 'two'], /--parallel needs a number/],
    [['run', '--colour'], /Unknown option '--colour'/],
    [['docs', '--results', join(dir, 'no-such-run')], /--results .*no-such-run: no results\.json there/],
    [['docs', '--screenshots', join(dir, 'shots')], /--screenshots goes with --check/],
    [['docs', '--check', '--time-scale', 'x'], /--time-scale needs a positive number/],
    [['frobnicate'], /unknown command "frobnicate" \(run, stability, matrix, trace, docs, bench, history, upstream, node, drill;/],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: status ${r.status} ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('scenarios for a role the profile lacks are not applicable, and the run conforms', () => {
  const empty = profile('no-roles', { name: 'no-roles', roles: {} });
  const reports = join(dir, 'reports');
  const r = run('run', '--profile', empty, '--report-dir', reports);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const { results } = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8')) as { results: { outcome: string; message: string }[] };
  assert.ok(results.length > 0);
  assert.ok(results.every((x) => x.outcome === 'not-applicable' && /has no (entrypoint|sidecar|entrypoint-wrapper)/.test(x.message)));
  assert.match(readFileSync(join(reports, 'junit.xml'), 'utf8'), /<skipped message="not-applicable: profile &quot;no-roles&quot; has no (entrypoint|sidecar)"/);
});

test('Ctrl-C during a run leaves no process and no temp dir behind', async () => {
  const { spawn } = await import('node:child_process');
  const { readdirSync, mkdirSync } = await import('node:fs');
  const { findTagged } = await import('./process/tree.js');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const child = spawn(cli, ['run', '--parallel', '2', '--tags', '@clause:EP-DEFAULTS', '--report-dir', join(dir, 'int')], {
    cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore',
  });
  const probesOfRun = () => findTagged((tag) => tag.startsWith('pc-') && !tag.endsWith('harness'), true).filter((p) => p.command.includes(tmp));
  // Wait until both scenarios' tests are running (they run for several seconds), then interrupt.
  const deadline = Date.now() + 20_000;
  while (probesOfRun().length < 2) {
    assert.ok(Date.now() < deadline, 'the scenarios never started their tests');
    await sleep(50);
  }
  child.kill('SIGINT');
  const status = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  assert.equal(status, 130);
  assert.deepEqual(probesOfRun(), []);
  assert.deepEqual(findTagged(() => true).filter((p) => p.command.includes(tmp)), []);
  assert.deepEqual(readdirSync(tmp), [], 'temp dirs left behind');
});

/** The PID and mount namespaces of these processes that are not the harness's own. */
function namespacesOf(pids: string[]): Set<string> {
  const own = new Set(['pid', 'mnt'].map((ns) => readlinkSync(`/proc/self/ns/${ns}`)));
  const found = new Set<string>();
  for (const pid of pids) {
    for (const ns of ['pid', 'mnt']) {
      try {
        const id = readlinkSync(`/proc/${pid}/ns/${ns}`);
        if (!own.has(id)) found.add(id);
      } catch {
        // gone meanwhile
      }
    }
  }
  return found;
}

/** The run tags (PODUTILS_CONFORMANCE_TAG up to the scenario) these processes carry. */
function tagsOf(pids: string[]): string[] {
  return pids.flatMap((pid) => {
    try {
      const tag = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').find((v) => v.startsWith('PODUTILS_CONFORMANCE_TAG='));
      return tag ? [tag.slice('PODUTILS_CONFORMANCE_TAG='.length).split('-').slice(0, 2).join('-')] : [];
    } catch {
      return [];
    }
  });
}

const hasNamespaces = await (await import('./pod/runtimes/launcher.js')).namespaceLauncher().then(() => true, () => false);

test('Ctrl-C during pod scenarios leaves none of the pods\' processes, namespaces or mounts behind', async () => {
  const { spawn } = await import('node:child_process');
  const { readdirSync, mkdirSync } = await import('node:fs');
  const tmp = join(dir, 'tmp-pods');
  mkdirSync(tmp);
  const processesOfRun = () => processesWorkingIn(tmp);
  const mountsBefore = readFileSync('/proc/self/mountinfo', 'utf8');
  // Step pods whose step ignores signals: each keeps its five processes for a second or more.
  const runtime = hasNamespaces ? ['--pod-runtime', 'namespaces'] : [];
  const child = spawn(cli, ['run', '--parallel', '2', ...runtime, '--tags', '@clause:SC-IGNORE-HAZARD and @capability:local-output', '--report-dir', join(dir, 'int-pods'), join(ROOT, 'features', 'pod')], {
    cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore',
  });
  // A step pod up: entrypoint-wrapper, entrypoint, the shell, its sleep, the sidecar.
  const deadline = Date.now() + 20_000;
  while (processesOfRun().length < 5) {
    assert.ok(Date.now() < deadline, `the pods never started (${processesOfRun().length} processes)`);
    await sleep(50);
  }
  const seen = processesOfRun();
  const namespaces = namespacesOf(seen);
  if (hasNamespaces) assert.ok(namespaces.size >= 2, `the containers run in no namespaces of their own: ${[...namespaces].join(', ')}`);
  child.kill('SIGINT');
  const status = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  assert.equal(status, 130);
  assert.deepEqual(processesOfRun(), []);
  assert.deepEqual(readdirSync(tmp), [], 'temp dirs left behind');
  // A namespace lives while a process is in it: none of the containers' may be left.
  // (A container's PID 1 killed with its launcher is a zombie until init reaps it: a moment.)
  // Only processes of this run count: a freed namespace's id is soon given to a new one, and other
  // work on the machine (a kubelet, another run) makes namespaces all the time.
  const runTags = new Set(tagsOf(seen));
  const ofRun = () => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && tagsOf([pid]).some((t) => runTags.has(t)));
  const leftNamespaces = () => [...namespacesOf(ofRun())].filter((id) => namespaces.has(id));
  const reaped = Date.now() + 5000;
  while (leftNamespaces().length > 0 && Date.now() < reaped) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(leftNamespaces(), [], 'namespaces left behind');
  assert.equal(readFileSync('/proc/self/mountinfo', 'utf8'), mountsBefore, 'the host\'s mounts changed');
});

test('SIGTERM to stability alone (a CI cancelling the job) stops its current run and leaves nothing', async () => {
  const { spawn } = await import('node:child_process');
  const { readdirSync, mkdirSync } = await import('node:fs');
  const tmp = join(dir, 'tmp-stability');
  mkdirSync(tmp);
  const processesOfRun = () => processesWorkingIn(tmp);
  const child = spawn(cli, ['stability', '--runs', '3', '--parallel', '2', '--tags', '@clause:SC-IGNORE-HAZARD and @capability:local-output', '--report-dir', join(dir, 'stab'), join(ROOT, 'features', 'pod')], {
    cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore',
  });
  const deadline = Date.now() + 20_000;
  while (processesOfRun().length < 5) {
    assert.ok(Date.now() < deadline, `the pods never started (${processesOfRun().length} processes)`);
    await sleep(50);
  }
  child.kill('SIGTERM'); // the stability process only, not its run
  const status = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  assert.equal(status, 130);
  assert.deepEqual(processesOfRun(), []);
  assert.deepEqual(readdirSync(tmp), [], 'temp dirs left behind');
});

test('stability --load keeps stress-ng busy beside the runs and stops it after them, and on SIGTERM', async () => {
  const { spawn } = await import('node:child_process');
  const { mkdirSync } = await import('node:fs');
  const cwd = join(dir, 'load-cwd');
  mkdirSync(cwd, { recursive: true });
  const hogs = () => processesWorkingIn(cwd).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('stress-ng');
    } catch {
      return false;
    }
  });
  const stability = (runs: string) => spawn(cli, ['stability', '--runs', runs, '--load', '1', '--parallel', '2', '--tags', '@clause:SC-IGNORE-HAZARD and @capability:local-output', '--report-dir', join(cwd, `stab-${runs}`), join(ROOT, 'features', 'pod')], { cwd, stdio: 'ignore' });
  const exit = (child: ReturnType<typeof spawn>) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // (the hogs this stability process started: not a previous one's, which may linger a moment,
  // nor its `stress-ng --version` check, which runs before it has set up its signal handlers)
  const parentOf = (pid: number | string) => {
    try {
      return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
    } catch {
      return -1;
    }
  };
  const untilHogs = async (of: ReturnType<typeof spawn>) => {
    const deadline = Date.now() + 20_000;
    const started = (pid: string) => parentOf(pid) === of.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--cpu');
    while (!hogs().some((pid) => {
      try {
        return started(pid);
      } catch {
        return false;
      }
    })) {
      assert.ok(Date.now() < deadline, 'stress-ng never started');
      await sleep(50);
    }
  };
  const once = stability('1');
  await untilHogs(once);
  assert.equal(await exit(once), 0);
  assert.deepEqual(hogs(), [], 'stress-ng left running after the runs');
  const cancelled = stability('3');
  await untilHogs(cancelled);
  cancelled.kill('SIGTERM');
  assert.equal(await exit(cancelled), 130);
  assert.deepEqual(hogs(), [], 'stress-ng left running after SIGTERM');
});

// Like the MinIO server test: needs the MinIO binary (built on first use).
const SKIP_MINIO = process.env.PODUTILS_SKIP_MINIO === '1' ? 'PODUTILS_SKIP_MINIO=1' : false;

test('SIGTERM to bench during the MinIO rows stops MinIO and the sidecar measured, and leaves no temp dir', { skip: SKIP_MINIO }, async () => {
  const { spawn } = await import('node:child_process');
  const { readdirSync, mkdirSync } = await import('node:fs');
  const tmp = join(dir, 'tmp-bench');
  mkdirSync(tmp);
  const processesOfRun = () => processesWorkingIn(tmp);
  const minioOfRun = () => processesOfRun().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0].endsWith('/minio');
    } catch {
      return false;
    }
  });
  const child = spawn(cli, ['bench', '--profile', 'reference', '--repeats', '1', '--big-mib', '64', '--skip-suite', '--out', join(dir, 'bench')], {
    cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore',
  });
  // The entrypoint rows take a few seconds (more on a loaded machine); then MinIO starts.
  const deadline = Date.now() + 180_000;
  while (minioOfRun().length === 0) {
    assert.ok(Date.now() < deadline, 'bench never started MinIO');
    await sleep(50);
  }
  await sleep(500); // into the rows: the workloads written, a sidecar measured
  child.kill('SIGTERM'); // the bench process only
  const status = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  assert.equal(status, 130);
  assert.deepEqual(processesOfRun(), []);
  assert.deepEqual(readdirSync(tmp), [], 'temp dirs left behind');
});
