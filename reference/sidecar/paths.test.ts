// Job paths, against the cases of upstream's pkg/pod-utils/gcs/target_test.go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobSpec } from './jobspec.js';
import type { GcsOptions } from './options.js';
import { JobPathError, jobPaths } from './paths.js';

const spec = (type: string, org = 'org', repo = 'repo'): JobSpec => ({
  type,
  job: 'job',
  buildid: '42',
  refs: { org, repo, pulls: [{ number: 7, sha: 's' }] },
});
const strategy = (path_strategy: string, default_org = 'org', default_repo = 'repo'): GcsOptions => ({ path_strategy, default_org, default_repo });

test('periodic, postsubmit and batch jobs', () => {
  for (const type of ['periodic', 'postsubmit']) {
    assert.deepEqual(jobPaths({}, spec(type)), { build: 'logs/job/42', latestBuilds: ['logs/job/latest-build.txt'] });
  }
  assert.deepEqual(jobPaths({}, spec('batch')), { build: 'pr-logs/pull/batch/job/42', latestBuilds: ['pr-logs/directory/job/latest-build.txt'] });
});

test('presubmits: the org_repo segment follows the path strategy', () => {
  const dir = (g: GcsOptions, org: string, repo: string): string => jobPaths(g, spec('presubmit', org, repo)).build;
  const cases: [GcsOptions, string, string, string][] = [
    [strategy('explicit'), 'org', 'repo', 'pr-logs/pull/org_repo/7/job/42'],
    [strategy('legacy'), 'org', 'repo', 'pr-logs/pull/7/job/42'],
    [strategy('legacy'), 'org', 'other', 'pr-logs/pull/other/7/job/42'],
    [strategy('legacy'), 'else', 'repo', 'pr-logs/pull/else_repo/7/job/42'],
    [strategy('single'), 'org', 'repo', 'pr-logs/pull/7/job/42'],
    [strategy('single'), 'org', 'other', 'pr-logs/pull/org_other/7/job/42'],
    [strategy('explicit'), 'gerrit', 'foo/bar', 'pr-logs/pull/gerrit_foo_bar/7/job/42'],
    [strategy('explicit'), 'https://gerrit.example/', 'a', 'pr-logs/pull/gerrit.example_a/7/job/42'],
  ];
  for (const [g, org, repo, want] of cases) assert.equal(dir(g, org, repo), want, `${g.path_strategy} ${org}/${repo}`);
  assert.deepEqual(jobPaths(strategy('legacy'), spec('presubmit')), {
    build: 'pr-logs/pull/7/job/42',
    latestBuilds: ['pr-logs/directory/job/latest-build.txt', 'pr-logs/pull/7/job/latest-build.txt'],
    alias: 'pr-logs/directory/job/42.txt',
  });
});

test('what upstream dies of: an unknown type (fatal, 1), a presubmit without strategy or pull (panic, 2)', () => {
  const fails = (g: GcsOptions, s: JobSpec, exitCode: number, message: RegExp): void => {
    assert.throws(() => jobPaths(g, s), (e: Error) => e instanceof JobPathError && e.exitCode === exitCode && message.test(e.message));
  };
  fails({}, spec('nightly'), 1, /^unknown job spec type: nightly$/);
  fails({ local_output_dir: '/o' }, spec('presubmit'), 2, /needs gcs_options\.path_strategy/);
  fails(strategy('explicit'), { ...spec('presubmit'), refs: { org: 'o', repo: 'r', pulls: [] } }, 2, /no refs\.pulls/);
  fails(strategy('explicit'), { type: 'presubmit', job: 'j', buildid: '1' }, 2, /no refs\.pulls/);
});
