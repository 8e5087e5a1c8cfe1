// SIDECAR_OPTIONS and JOB_SPEC as Prow's decoration puts them in the sidecar container: the
// entries mirror the test containers' entrypoint options (process_log, marker_file,
// metadata_file), gcs_options says where uploads go.

export interface SidecarEntry {
  containerName: string;
  processLog: string;
  markerFile: string;
  metadataFile?: string;
}

export interface SidecarOptions {
  entries: SidecarEntry[];
  /** Where uploads go: produced by the store (local_output_dir, or bucket + credentials). */
  destination: Record<string, unknown>;
  items?: string[];
  pathStrategy?: 'explicit' | 'legacy' | 'single';
  defaultOrg?: string;
  defaultRepo?: string;
  ignoreInterrupts?: boolean;
  entryError?: boolean;
  dryRun?: boolean;
  /** gcs_options.compress_file_types */
  compressFileTypes?: string[];
  /** The first entry goes in the deprecated wrapper_options. */
  deprecatedWrapperOptions?: boolean;
  /** gcs_options.path_prefix and gcs_options.sub_dir */
  pathPrefix?: string;
  subDir?: string;
  censoring?: { secretDirectories?: string[]; minimumSecretLength?: number; includeDirectories?: string[]; excludeDirectories?: string[]; iniFilenames?: string[] };
}

/** A test container's command, as Prow's decoration passes it (upstream names an entry by it). */
export const entryArgs = (containerName: string): string[] => ['/bin/sh', '-c', `run-tests ${containerName}`];

export function encodeSidecarOptions(o: SidecarOptions): string {
  const gcs: Record<string, unknown> = { ...o.destination };
  if (o.items) gcs.items = o.items;
  if (o.pathStrategy) gcs.path_strategy = o.pathStrategy;
  if (o.defaultOrg) gcs.default_org = o.defaultOrg;
  if (o.defaultRepo) gcs.default_repo = o.defaultRepo;
  if (o.dryRun) gcs.dry_run = true;
  if (o.compressFileTypes) gcs.compress_file_types = o.compressFileTypes;
  if (o.pathPrefix !== undefined) gcs.path_prefix = o.pathPrefix;
  if (o.subDir !== undefined) gcs.sub_dir = o.subDir;
  const entry = (e: SidecarEntry): Record<string, unknown> => ({
    args: entryArgs(e.containerName),
    container_name: e.containerName,
    process_log: e.processLog,
    marker_file: e.markerFile,
    ...(e.metadataFile ? { metadata_file: e.metadataFile } : {}),
  });
  // (decoration older than entries: the first container in wrapper_options)
  const [first, ...rest] = o.entries;
  const json: Record<string, unknown> = o.deprecatedWrapperOptions && first
    ? { wrapper_options: entry(first), ...(rest.length > 0 ? { entries: rest.map(entry) } : {}), gcs_options: gcs }
    : { entries: o.entries.map(entry), gcs_options: gcs };
  if (o.ignoreInterrupts) json.ignore_interrupts = true;
  if (o.entryError) json.entry_error = true;
  if (o.censoring) {
    json.censoring_options = {
      secret_directories: o.censoring.secretDirectories,
      ...(o.censoring.minimumSecretLength !== undefined ? { minimum_secret_length: o.censoring.minimumSecretLength } : {}),
      ...(o.censoring.includeDirectories ? { include_directories: o.censoring.includeDirectories } : {}),
      ...(o.censoring.excludeDirectories ? { exclude_directories: o.censoring.excludeDirectories } : {}),
      ...(o.censoring.iniFilenames ? { ini_filenames: o.censoring.iniFilenames } : {}),
    };
  }
  return JSON.stringify(json);
}

export interface JobSpec {
  type: 'periodic' | 'postsubmit' | 'presubmit' | 'batch';
  job: string;
  buildId: string;
  refs?: { org: string; repo: string; baseRef: string; baseSha: string; pulls?: { number: number; sha: string; author: string }[] };
}

export function encodeJobSpec(spec: JobSpec): string {
  const json: Record<string, unknown> = { type: spec.type, job: spec.job, buildid: spec.buildId, prowjobid: `pj-${spec.buildId}` };
  if (spec.refs) {
    json.refs = {
      // (an empty org or repo is left out, as in a JOB_SPEC written by hand)
      org: spec.refs.org || undefined,
      repo: spec.refs.repo || undefined,
      base_ref: spec.refs.baseRef,
      base_sha: spec.refs.baseSha,
      ...(spec.refs.pulls ? { pulls: spec.refs.pulls } : {}),
    };
  }
  return JSON.stringify(json);
}
