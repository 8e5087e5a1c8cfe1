import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { ROOT } from '../paths.js';
import {
  checkBuildModule,
  ldflagsFor,
  parseVersions,
  readVersions,
  releaseVersionString,
  requiredVersions,
  stampText,
  targetsOf,
  upstreamBinDir,
  VERSIONS_FILE,
} from './build.js';
import { ensureBuilt, isUpToDate, removeStaleTmpDirs, stampPath } from './go-build.js';
import { sleep } from '../wait.js';

test('upstream/versions.json pins the three programs at exact versions', () => {
  const modules = readVersions();
  const byKey = new Map(modules.map((m) => [m.key, m]));
  assert.equal(byKey.get('prow')?.module, 'sigs.k8s.io/prow');
  assert.equal(byKey.get('ci-tools')?.module, 'github.com/openshift/ci-tools');
  for (const m of modules) assert.match(m.version, /^v\d+\.\d+\.\d+-(?:\d+\.)?\d{14}-[0-9a-f]{12}$|^v\d+\.\d+\.\d+$/, `${m.key} version`);
  const targets = targetsOf(modules);
  assert.deepEqual(targets.map((t) => t.name).sort(), ['entrypoint', 'entrypoint-wrapper', 'sidecar']);
  const wrapper = targets.find((t) => t.name === 'entrypoint-wrapper')!;
  assert.equal(wrapper.pkg, 'github.com/openshift/ci-tools/cmd/entrypoint-wrapper');
  assert.equal(wrapper.buildModule, join(ROOT, 'upstream', 'ci-tools'));
  assert.equal(targets.find((t) => t.name === 'entrypoint')!.buildModule, undefined, 'Prow installs with go install pkg@version');
  assert.equal(upstreamBinDir(), join(ROOT, '.cache', 'upstream', 'bin'));
});

test('our ci-tools build module requires the pinned versions and repeats the replace', () => {
  const modules = readVersions();
  const dir = join(ROOT, 'upstream', 'ci-tools');
  checkBuildModule(dir, modules);
  const goMod = readFileSync(join(dir, 'go.mod'), 'utf8');
  assert.match(goMod, /^replace github\.com\/docker\/distribution => github\.com\/docker\/distribution v2\.7\.1\+incompatible$/m);
  const required = requiredVersions(goMod);
  for (const m of modules) assert.equal(required.get(m.module), m.version, `${m.module} in upstream/ci-tools/go.mod`);
  assert.ok(existsSync(join(dir, 'go.sum')), 'go.sum is committed, so builds need no checksum database look-ups');
});

test('checkBuildModule names a version drift in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'upstream-mod-'));
  try {
    writeFileSync(join(dir, 'go.mod'), 'module x\n\nrequire (\n\tsigs.k8s.io/prow v0.0.0-20200101000000-aaaaaaaaaaaa // indirect\n)\n');
    const modules = parseVersions({ prow: { module: 'sigs.k8s.io/prow', version: 'v0.0.0-20260623221824-1e6ed72765e2', commands: ['cmd/entrypoint'] } });
    assert.throws(() => checkBuildModule(dir, modules), (e: Error) => e instanceof UsageError && /requires sigs\.k8s\.io\/prow v0\.0\.0-2020.* pins v0\.0\.0-2026/.test(e.message) && !e.message.includes('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('requiredVersions reads single and block requires, not replaces', () => {
  const got = requiredVersions('module m\n\nreplace a.io/x => a.io/x v9.9.9\nrequire b.io/y v1.0.0\nrequire (\n\ta.io/x v1.2.3 // indirect\n\t// c.io/z v0.0.1\n)\n');
  assert.deepEqual([...got], [['b.io/y', 'v1.0.0'], ['a.io/x', 'v1.2.3']]);
});

test('versions file shape errors are one-line usage errors', () => {
  const ok = { module: 'sigs.k8s.io/prow', version: 'v0.0.0-20260623221824-1e6ed72765e2', commands: ['cmd/entrypoint'] };
  const cases: [unknown, RegExp][] = [
    [[], /non-empty JSON object/],
    [{}, /non-empty JSON object/],
    [{ prow: 'x' }, /"prow" must be an object/],
    [{ prow: { ...ok, module: 'prow' } }, /prow\.module/],
    [{ prow: { ...ok, version: 'latest' } }, /exact module version/],
    [{ prow: { ...ok, version: 'master' } }, /exact module version/],
    [{ prow: { ...ok, commands: [] } }, /prow\.commands/],
    [{ prow: { ...ok, commands: ['/abs'] } }, /prow\.commands/],
    [{ prow: { ...ok, buildModule: '../elsewhere' } }, /buildModule/],
    [{ prow: ok, other: { ...ok, module: 'example.com/other' } }, /both build .*entrypoint/],
  ];
  for (const [raw, message] of cases) {
    assert.throws(() => parseVersions(raw, 'v.json'), (e: Error) => e instanceof UsageError && message.test(e.message) && !e.message.includes('\n'), JSON.stringify(raw));
  }
  assert.throws(() => readVersions('/no/such/versions.json'), UsageError);
  assert.equal(readVersions(VERSIONS_FILE).length >= 2, true);
});

test('ldflags follow upstream release builds and set the component name', () => {
  assert.equal(releaseVersionString('v0.0.0-20260623221824-1e6ed72765e2'), 'v20260623-1e6ed72765e2');
  assert.equal(releaseVersionString('v0.0.1-0.20260608074635-5c8643284941'), 'v20260608-5c8643284941');
  assert.equal(releaseVersionString('v1.2.3'), 'v1.2.3');
  assert.equal(
    ldflagsFor('sigs.k8s.io/prow', 'v0.0.0-20260623221824-1e6ed72765e2', 'entrypoint'),
    '-s -w -X sigs.k8s.io/prow/pkg/version.Version=v20260623-1e6ed72765e2 -X sigs.k8s.io/prow/pkg/version.Name=entrypoint',
  );
  assert.equal(
    ldflagsFor('github.com/openshift/ci-tools', 'v0.0.0-20260401181544-dbe3f838b8a0', 'entrypoint-wrapper'),
    '-X sigs.k8s.io/prow/pkg/version.Name=entrypoint-wrapper -X sigs.k8s.io/prow/pkg/version.Version=v20260401-dbe3f838b8a0',
  );
});

test('stamp: built once, then cached; rebuilt when version, flags or build module change, or with force', async () => {
  const root = mkdtempSync(join(tmpdir(), 'upstream-stamp-'));
  const binDir = join(root, 'bin');
  let builds = 0;
  const build = async (tmp: string) => {
    builds++;
    writeFileSync(join(tmp, 'entrypoint'), `#!/bin/sh\n# build ${builds}\n`, { mode: 0o755 });
  };
  try {
    const [target] = targetsOf(parseVersions({ prow: { module: 'sigs.k8s.io/prow', version: 'v0.0.0-20260623221824-1e6ed72765e2', commands: ['cmd/entrypoint'] } }));
    const stamp = stampText(target);
    assert.match(stamp, /^sigs\.k8s\.io\/prow@v0\.0\.0-20260623221824-1e6ed72765e2\n/);
    assert.match(stamp, /version\.Name=entrypoint/);

    assert.equal(await ensureBuilt(binDir, 'entrypoint', stamp, { build }), 'built');
    assert.equal(readFileSync(stampPath(binDir, 'entrypoint'), 'utf8'), stamp);
    assert.equal(await ensureBuilt(binDir, 'entrypoint', stamp, { build }), 'cached');
    assert.equal(builds, 1);

    const bumped = stampText({ ...target, version: 'v0.0.0-20260701000000-bbbbbbbbbbbb' });
    assert.notEqual(bumped, stamp);
    assert.equal(isUpToDate(binDir, 'entrypoint', bumped), false);
    assert.equal(await ensureBuilt(binDir, 'entrypoint', bumped, { build }), 'built');
    assert.equal(await ensureBuilt(binDir, 'entrypoint', bumped, { build }), 'cached');

    const otherFlags = stampText({ ...target, ldflags: `${target.ldflags} -X x.y=z` });
    assert.equal(await ensureBuilt(binDir, 'entrypoint', otherFlags, { build }), 'built');
    assert.equal(await ensureBuilt(binDir, 'entrypoint', otherFlags, { build, force: true }), 'built');
    assert.equal(builds, 4);

    // A build module's go.mod/go.sum are part of the stamp.
    const mod = join(root, 'mod');
    mkdirSync(mod);
    writeFileSync(join(mod, 'go.mod'), 'module m\n');
    const withModule = { ...target, buildModule: mod };
    const before = stampText(withModule);
    writeFileSync(join(mod, 'go.sum'), 'x v1 h1:abc=\n');
    assert.notEqual(stampText(withModule), before);

    // Binary gone but stamp left: rebuilt.
    rmSync(join(binDir, 'entrypoint'));
    assert.equal(isUpToDate(binDir, 'entrypoint', otherFlags), false);
    assert.equal(await ensureBuilt(binDir, 'entrypoint', otherFlags, { build }), 'built');
    assert.equal(builds, 5);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a failed or interrupted build leaves no binary, no stamp and no temp folder', async () => {
  const binDir = mkdtempSync(join(tmpdir(), 'upstream-fail-'));
  try {
    const stamp = 'm@v1\n';
    await assert.rejects(
      ensureBuilt(binDir, 'sidecar', stamp, {
        build: async (tmp) => {
          writeFileSync(join(tmp, 'sidecar'), 'half a binary');
          throw new Error('go build failed');
        },
      }),
      /go build failed/,
    );
    assert.deepEqual(readdirSync(binDir), []);

    // A good binary with a stamp, then a failed rebuild for a new version: the old stamp is gone,
    // so the next run rebuilds instead of trusting it.
    await ensureBuilt(binDir, 'sidecar', stamp, { build: async (tmp) => writeFileSync(join(tmp, 'sidecar'), 'v1') });
    await assert.rejects(ensureBuilt(binDir, 'sidecar', 'm@v2\n', { build: async () => { throw new Error('interrupted'); } }));
    assert.equal(readFileSync(join(binDir, 'sidecar'), 'utf8'), 'v1', 'the old binary is never half-overwritten');
    assert.equal(existsSync(stampPath(binDir, 'sidecar')), false);
    assert.equal(isUpToDate(binDir, 'sidecar', stamp), false);

    // A build that produces nothing is an error too.
    await assert.rejects(ensureBuilt(binDir, 'sidecar', stamp, { build: async () => {} }), /produced no/);
    assert.deepEqual(readdirSync(binDir).filter((e) => e.startsWith('.tmp-')), []);

    // Temp folders of builds killed outright are removed once old.
    const stale = join(binDir, '.tmp-entrypoint-abc');
    const fresh = join(binDir, '.tmp-sidecar-def');
    mkdirSync(stale);
    mkdirSync(fresh);
    const old = (Date.now() - 7 * 3600 * 1000) / 1000;
    utimesSync(stale, old, old);
    removeStaleTmpDirs(binDir);
    assert.equal(existsSync(stale), false);
    assert.equal(existsSync(fresh), true, 'a temp folder that may be in use by a running build stays');
  } finally {
    rmSync(binDir, { recursive: true, force: true });
  }
});

test('two builds into one folder at once: one builds, the other waits for its lock and finds the binary built', async () => {
  const binDir = mkdtempSync(join(tmpdir(), 'upstream-lock-'));
  try {
    let builds = 0;
    const build = async (tmp: string): Promise<void> => {
      builds++;
      await sleep(300);
      writeFileSync(join(tmp, 'tool'), 'binary');
    };
    const outcomes = await Promise.all([ensureBuilt(binDir, 'tool', 'm@v1\n', { build }), ensureBuilt(binDir, 'tool', 'm@v1\n', { build })]);
    assert.deepEqual(outcomes.sort(), ['built', 'cached']);
    assert.equal(builds, 1);
    assert.deepEqual(readdirSync(binDir).sort(), ['tool', 'tool.version'], 'the lock is released');
  } finally {
    rmSync(binDir, { recursive: true, force: true });
  }
});
