// Where a job's objects go in a bucket (upstream pkg/pod-utils/gcs/target.go and
// gcsupload.PathsForJob): logs/<job>/<build> for periodics and postsubmits,
// pr-logs/pull/<org_repo>/<pull>/<job>/<build> for presubmits and pr-logs/pull/batch/<job>/<build>
// for batches; latest-build.txt beside the builds, and for presubmits an alias holding the
// build's address. The path strategy decides how a presubmit's org and repo appear: explicit
// always says "org_repo", legacy and single leave out the default org/repo.

import path from 'node:path';
import type { JobSpec } from './jobspec.js';
import { PATH_STRATEGIES, type GcsOptions } from './options.js';

/** A job spec the paths cannot be made for: the sidecar ends with `exitCode` (as upstream: 1 fatal, 2 panic). */
export class JobPathError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface JobPaths {
  /** the build's directory */
  build: string;
  /** where latest-build.txt (holding the build id) goes */
  latestBuilds: string[];
  /** presubmits: pr-logs/directory/<job>/<build>.txt, holding the build directory's address */
  alias?: string;
}

/** The org_repo segment of a presubmit's path, empty for the default repository where the strategy says so. */
function repoSegment(g: GcsOptions, org: string, repo: string): string {
  const isDefaultOrg = org === g.default_org;
  const isDefaultRepo = isDefaultOrg && repo === g.default_repo;
  if (g.path_strategy === 'legacy' && isDefaultOrg) return isDefaultRepo ? '' : repo;
  if (g.path_strategy === 'single' && isDefaultRepo) return '';
  // Gerrit orgs are URLs: "https://", then "http://", and the trailing slashes are dropped
  // (in that order, as upstream trims them: "https://http://h" is "h")
  return `${org.replace(/^https:\/\//, '').replace(/^http:\/\//, '').replace(/\/+$/, '')}_${repo.replaceAll('/', '_')}`;
}

export function jobPaths(g: GcsOptions, spec: JobSpec): JobPaths {
  const { job, buildid } = spec;
  // (joined as Go's path.Join does: an empty job or build id leaves no empty segment)
  const join = path.posix.join;
  switch (spec.type) {
    case 'periodic':
    case 'postsubmit':
      return { build: join('logs', job, buildid), latestBuilds: [join('logs', job, 'latest-build.txt')] };
    case 'batch':
      return { build: join('pr-logs/pull/batch', job, buildid), latestBuilds: [join('pr-logs/directory', job, 'latest-build.txt')] };
    case 'presubmit': {
      // upstream panics here, after the test, when it cannot name the pull's directory
      if (!PATH_STRATEGIES.includes(g.path_strategy ?? '')) {
        throw new JobPathError('a presubmit needs gcs_options.path_strategy (legacy, explicit or single) to name its directory, even with a local output directory', 2);
      }
      const pull = spec.refs?.pulls?.[0];
      if (!pull) throw new JobPathError('the presubmit JOB_SPEC has no refs.pulls', 2);
      const pr = join('pr-logs/pull', repoSegment(g, spec.refs?.org ?? '', spec.refs?.repo ?? ''), String(pull.number ?? 0), job);
      return {
        build: join(pr, buildid),
        latestBuilds: [join('pr-logs/directory', job, 'latest-build.txt'), join(pr, 'latest-build.txt')],
        alias: join('pr-logs/directory', job, `${buildid}.txt`),
      };
    }
    default:
      throw new JobPathError(`unknown job spec type: ${spec.type}`, 1);
  }
}
