// End-to-end runs of the compiled program (main.js beside this file) in local-output mode.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const SHIM = fileURLToPath(new URL('../../../reference/bin/sidecar', import.meta.url));
const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stderr: string;
  dir: string;
  out: (name: string) => string;
  uploaded: () => string[];
}

function sidecar(options: (dir: string) => object, opts: { jobSpec?: string | null; shim?: boolean; setup?: (dir: string) => void; during?: (pid: number, dir: string, logged: (message: string) => Promise<void>) => Promise<void> } = {}): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-e2e-'));
  tempDirs.push(dir);
  fs.writeFileSync(path.join(dir, 'log'), 'build output\n');
  opts.setup?.(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, SIDECAR_OPTIONS: JSON.stringify(options(dir)), TMPDIR: dir };
  delete env.JOB_SPEC;
  const jobSpec = opts.jobSpec === undefined ? '{"type":"periodic","job":"unit","buildid":"42","prowjobid":"p"}' : opts.jobSpec;
  if (jobSpec !== null) env.JOB_SPEC = jobSpec;
  const child = spawn(process.execPath, [opts.shim ? SHIM : MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let closed = false;
  child.on('close', () => (closed = true));
  // Resolves once the sidecar has logged `message` (what the test waits for instead of a guess).
  const logged = async (message: string): Promise<void> => {
    while (!stderr.includes(message)) {
      if (closed) throw new Error(`the sidecar exited without logging "${message}":\n${stderr}`);
      await sleep(10);
    }
  };
  const during = opts.during?.(child.pid!, dir, logged);
  return new Promise((resolve) => {
    child.on('close', async (status) => {
      await during;
      const out = path.join(dir, 'out');
      resolve({
        status,
        stderr,
        dir,
        out: (name) => fs.readFileSync(path.join(out, name), 'utf8'),
        uploaded: () => (fs.existsSync(out) ? (fs.readdirSync(out, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(out, f)).isFile()).sort() : []),
      });
    });
  });
}

const local = (extra: object = {}) => (dir: string) => ({
  entries: [{ container_name: 'test', process_log: `${dir}/log`, marker_file: `${dir}/marker`, metadata_file: `${dir}/meta.json` }],
  gcs_options: { local_output_dir: `${dir}/out`, items: [`${dir}/artifacts`] },
  ...extra,
});
const messages = (stderr: string): string[] => stderr.trim().split('\n').map((l) => JSON.parse(l).msg);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Waits until the sidecar has created its own log file in TMPDIR (`dir`): its program has loaded,
 * so the shim's handlers exist. (/proc's SigCgt cannot tell: Node marks SIGINT and SIGTERM as
 * caught from its first instant.) A signal sent before would kill Node, not test the sidecar.
 */
const loaded = async (dir: string): Promise<void> => {
  while (!fs.readdirSync(dir).some((name) => name.startsWith('sidecar-logs'))) await sleep(5);
};
const writeMarker = (dir: string, code: string) => {
  fs.writeFileSync(path.join(dir, 'marker.tmp'), code);
  fs.renameSync(path.join(dir, 'marker.tmp'), path.join(dir, 'marker'));
};

test('success: a flat upload with the build log, finished.json, own log and artifacts', async () => {
  const r = await sidecar(local(), {
    setup: (dir) => {
      fs.mkdirSync(path.join(dir, 'artifacts', 'sub'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'artifacts', 'sub', 'test#1.log'), 'first');
      fs.writeFileSync(path.join(dir, 'artifacts', 'junit.xml.gz'), 'not really gzip');
      fs.writeFileSync(path.join(dir, 'meta.json'), '{"version":"v1"}');
      writeMarker(dir, '0');
    },
  });
  assert.equal(r.status, 0);
  assert.deepEqual(r.uploaded(), ['artifacts/junit.xml', 'artifacts/sub/test%231.log', 'build-log.txt', 'finished.json', 'sidecar-logs.json']);
  assert.equal(r.out('build-log.txt'), 'build output\n');
  assert.match(r.out('finished.json'), /^\{"timestamp":\d+,"passed":true,"metadata":\{"version":"v1"\},"result":"SUCCESS"\}$/);
  // the uploaded copy of the sidecar's log stops where the upload started
  assert.deepEqual(messages(r.out('sidecar-logs.json')), ['Starting to upload']);
  assert.ok(!fs.readdirSync(r.dir).some((f) => f.startsWith('sidecar-logs')), 'the temp log is removed');
});

test('entry_error: a failed container makes the sidecar fail once it has uploaded', async () => {
  const r = await sidecar(local({ entry_error: true }), { setup: (dir) => writeMarker(dir, '1') });
  assert.equal(r.status, 1);
  assert.match(r.out('finished.json'), /"passed":false,"result":"FAILURE"/);
  assert.equal(messages(r.stderr).at(-1), '1 containers failed');
});

test('a missing JOB_SPEC: logged, exit 0, nothing uploaded', async () => {
  const r = await sidecar(local(), { jobSpec: null });
  assert.equal(r.status, 0);
  assert.deepEqual(r.uploaded(), []);
  const line = JSON.parse(r.stderr.trim());
  assert.deepEqual([line.level, line.msg, line.error], ['error', 'Failed to report job status', 'could not resolve job spec: $JOB_SPEC unset']);
});

test('invalid or unsupported options: one fatal line, exit 1', async () => {
  const fatal = async (options: object): Promise<string> => {
    const r = await sidecar(() => options);
    assert.equal(r.status, 1);
    const line = JSON.parse(r.stderr.trim());
    assert.equal(line.level, 'fatal');
    return line.msg;
  };
  assert.equal(await fatal({ entries: [{ process_log: '/l' }] }), 'Invalid options: entry 0: no marker file specified with --marker-file');
  assert.match(await fatal({ entries: 1 }), /^Could not resolve options: could not load config from JSON var SIDECAR_OPTIONS: entries must be a list, not 1$/);
  assert.match(await fatal({ gcs_options: { bucket: 'gs://b' } }), /^Unsupported bucket "gs:\/\/b": /);
});

test('a presubmit with a local output directory but no path strategy: exit 2 at once', async () => {
  const jobSpec = '{"type":"presubmit","job":"pj","buildid":"1","refs":{"org":"o","repo":"r","pulls":[{"number":1}]}}';
  const r = await sidecar(local(), { jobSpec });
  assert.equal(r.status, 2);
  assert.match(JSON.parse(r.stderr.trim()).msg, /needs gcs_options\.path_strategy/);
  assert.deepEqual(r.uploaded(), []);
});

test('SIGTERM: an ABORTED upload at once, then the final one replaces it when the marker comes', async () => {
  let early = '';
  const r = await sidecar(local(), {
    shim: true,
    during: async (pid, dir, logged) => {
      await loaded(dir);
      process.kill(pid, 'SIGTERM');
      await logged('Finished uploading');
      early = fs.readFileSync(path.join(dir, 'out', 'finished.json'), 'utf8');
      process.kill(pid, 'SIGTERM'); // swallowed
      fs.appendFileSync(path.join(dir, 'log'), 'more output\n');
      writeMarker(dir, '0');
    },
  });
  assert.match(early, /"passed":false,"result":"ABORTED"/);
  assert.equal(r.status, 0);
  assert.match(r.out('finished.json'), /"passed":true,"result":"SUCCESS"/);
  assert.equal(r.out('build-log.txt'), 'build output\nmore output\n');
  assert.ok(messages(r.stderr).includes('Received an interrupt: terminated, cancelling...'));
});

test('ignore_interrupts: a signal is only logged; the upload waits for the marker', async () => {
  let before: string[] = ['unset'];
  const r = await sidecar(local({ ignore_interrupts: true }), {
    // (the shim holds a signal that comes before the program has loaded)
    shim: true,
    during: async (pid, dir, logged) => {
      await loaded(dir);
      process.kill(pid, 'SIGINT');
      await logged('Received an interrupt: interrupt, ignoring...');
      before = fs.existsSync(path.join(dir, 'out')) ? fs.readdirSync(path.join(dir, 'out')) : [];
      writeMarker(dir, '130');
    },
  });
  assert.deepEqual(before, []);
  assert.equal(r.status, 0);
  assert.match(r.out('finished.json'), /"passed":false,"result":"ABORTED"/);
  assert.ok(messages(r.stderr).includes('Received an interrupt: interrupt, ignoring...'));
});
