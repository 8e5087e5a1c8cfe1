// The package others install: `npm pack`, installed into an empty project, runs the suite against
// the reference programs it ships, through a profile of the user's own: no TypeScript, no checkout.
// Offline: the project's lockfile is made from ours (the tarball, then our production tree), so
// every dependency comes from npm's cache, which `npm ci` has filled (`npm install` of the bare
// tarball would ask the registry for each dependency's metadata, which the cache does not hold).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths.js';

type LockEntry = Record<string, unknown> & { dev?: boolean };

/** A project depending on the tarball alone, with a lockfile npm ci can satisfy from the cache. */
function writeOfflineProject(project: string, tarball: string): void {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const ours = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const dependencies = { 'podutils-conformance': `file:${tarball}` };
  const packages: Record<string, LockEntry> = {
    '': { name: 'my-impl-conformance', dependencies },
    'node_modules/podutils-conformance': { version: manifest.version, resolved: `file:${tarball}`, dependencies: manifest.dependencies, bin: manifest.bin, engines: manifest.engines },
  };
  for (const [path, entry] of Object.entries(ours.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'my-impl-conformance', private: true, dependencies })}\n`);
  writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify({ name: 'my-impl-conformance', lockfileVersion: 3, requires: true, packages })}\n`);
}

const npm = (args: string[], cwd: string): string => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack gives a package that, installed offline into an empty project, runs scenarios against its own reference bins', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'podutils-package-'));
  try {
    // The build is already in dist/ (this test runs from it): pack it as it is.
    const tarball = join(dir, npm(['pack', '--ignore-scripts', '--pack-destination', dir], ROOT).trim().split('\n').at(-1)!);
    const project = join(dir, 'project');
    mkdirSync(project);
    writeOfflineProject(project, tarball);
    npm(['ci', '--offline'], project);
    const installed = join(project, 'node_modules', 'podutils-conformance');
    assert.ok(existsSync(join(installed, 'dist', 'harness', 'cli.js')), 'no compiled CLI in the package');
    assert.equal(existsSync(join(installed, 'node_modules', 'typescript')) || existsSync(join(project, 'node_modules', 'typescript')), false, 'TypeScript was installed with the package');
    writeFileSync(join(project, 'mine.json'), JSON.stringify({
      name: 'mine',
      roles: {
        entrypoint: { command: ['./node_modules/.bin/entrypoint'] },
        sidecar: { command: ['./node_modules/.bin/sidecar'] },
        'entrypoint-wrapper': { command: ['./node_modules/.bin/entrypoint-wrapper'] },
      },
      capabilities: ['local-output'],
    }));
    const run = spawnSync('npx', ['--offline', 'podutils-conformance', 'run', '--profile', './mine.json', '--tags', '@clause:EP-TIMEOUT-SIGINT', '--parallel', '2', '--time-scale', '2'], {
      cwd: project, encoding: 'utf8',
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    // The package carries the C sources: it builds the compiled probe and the container launcher itself.
    if (existsSync('/usr/bin/cc') && process.getuid?.() === 0) assert.doesNotMatch(run.stderr, /Node probe|process groups/);
    const { profile, results } = JSON.parse(readFileSync(join(project, 'reports', 'mine', 'results.json'), 'utf8')) as { profile: string; results: { key: string; outcome: string }[] };
    assert.equal(profile, 'mine');
    const passed = results.filter((r) => r.outcome === 'passed');
    assert.ok(passed.some((r) => r.key.startsWith('entrypoint/')) && passed.some((r) => r.key.startsWith('pod/')), `passed: ${passed.map((r) => r.key).join('; ')}`);
    assert.deepEqual(results.filter((r) => r.outcome !== 'passed' && r.outcome !== 'not-applicable'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
