// The job being run, from $JOB_SPEC (upstream pkg/pod-utils/downwardapi): its type, name and
// build id decide where uploads go, and its refs give finished.json's revision.

import { parseJSON } from './json.js';

export interface Refs {
  org?: string;
  repo?: string;
  base_ref?: string;
  base_sha?: string;
  pulls?: { number?: number; sha?: string }[];
  auxiliary?: boolean;
}

export interface JobSpec {
  type: string;
  job: string;
  buildid: string;
  refs?: Refs;
  extra_refs?: Refs[];
}

const REFS = { org: 'string', repo: 'string', base_ref: 'string', base_sha: 'string', pulls: [{ number: 'integer', sha: 'string' }], auxiliary: 'boolean' } as const;
const SHAPE = { type: 'string', job: 'string', buildid: 'string', refs: REFS, extra_refs: [REFS] } as const;

/** ResolveSpecFromEnv: throws "$JOB_SPEC unset" or "malformed $JOB_SPEC: <why>". */
export function resolveSpecFromEnv(env: NodeJS.ProcessEnv = process.env): JobSpec {
  const raw = env.JOB_SPEC;
  if (raw === undefined) throw new Error('$JOB_SPEC unset');
  try {
    return { type: '', job: '', buildid: '', ...parseJSON<Partial<JobSpec>>(raw, SHAPE) };
  } catch (err) {
    throw new Error(`malformed $JOB_SPEC: ${(err as Error).message}`);
  }
}

/** GetRevisionFromSpec: the main refs' first pull's sha (empty if it has none), else base sha, else base ref. */
export function revisionOf(spec: JobSpec): string {
  const main = spec.refs ?? spec.extra_refs?.find((r) => !r.auxiliary);
  if (main?.pulls?.length) return main.pulls[0].sha ?? '';
  return main?.base_sha || main?.base_ref || '';
}
