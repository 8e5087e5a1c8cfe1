// Sidecar options, from $SIDECAR_OPTIONS: the JSON object Prow's decoration gives the sidecar
// (upstream pkg/sidecar/options.go, with gcsupload.Options and each test container's
// wrapper.Options). Upstream also takes flags when the variable is absent; Prow never uses them,
// so only the JSON is read. A GCS bucket, which upstream takes and this implementation cannot
// reach, is refused at start rather than ignored.

import { parseJSON, type Shape } from './json.js';
import { invalidMediaType } from './stores/media-types.js';

export const CONFIG_ENV_VAR = 'SIDECAR_OPTIONS';

/** One test container: what its entrypoint was told. */
export interface Entry {
  args?: string[];
  container_name?: string;
  process_log?: string;
  marker_file?: string;
  metadata_file?: string;
}

export interface CensoringOptions {
  secret_directories?: string[];
  censoring_concurrency?: number;
  censoring_buffer_size?: number;
  minimum_secret_length?: number;
  include_directories?: string[];
  exclude_directories?: string[];
  ini_filenames?: string[];
}

/** gcsupload.Options: where the uploads go. */
export interface GcsOptions {
  items?: string[];
  bucket?: string;
  path_strategy?: string;
  default_org?: string;
  default_repo?: string;
  local_output_dir?: string;
  s3_credentials_file?: string;
  dry_run?: boolean;
  sub_dir?: string;
  path_prefix?: string;
  mediaTypes?: Record<string, string>;
  compress_file_types?: string[];
}

export interface SidecarOptions extends Pick<CensoringOptions, 'secret_directories' | 'censoring_concurrency' | 'censoring_buffer_size'> {
  gcs_options: GcsOptions;
  entries: Entry[];
  wrapper_options?: Entry;
  entry_error?: boolean;
  ignore_interrupts?: boolean;
  censoring_options?: CensoringOptions;
}

const strings = ['string'] as const;
const ENTRY = { args: strings, container_name: 'string', process_log: 'string', marker_file: 'string', metadata_file: 'string' } as const;
// the deprecated top-level censoring fields (moved into censoring_options by validateOptions)
const DEPRECATED_CENSORING = { secret_directories: strings, censoring_concurrency: 'integer', censoring_buffer_size: 'integer' } as const;
const SHAPE: Shape = {
  gcs_options: {
    items: strings,
    bucket: 'string',
    path_strategy: 'string',
    default_org: 'string',
    default_repo: 'string',
    local_output_dir: 'string',
    s3_credentials_file: 'string',
    dry_run: 'boolean',
    sub_dir: 'string',
    path_prefix: 'string',
    mediaTypes: 'string-map',
    compress_file_types: strings,
  },
  entries: [ENTRY],
  wrapper_options: ENTRY,
  entry_error: 'boolean',
  ignore_interrupts: 'boolean',
  censoring_options: {
    ...DEPRECATED_CENSORING,
    minimum_secret_length: 'integer',
    include_directories: strings,
    exclude_directories: strings,
    ini_filenames: strings,
  },
  ...DEPRECATED_CENSORING,
};

/**
 * The test containers: the deprecated wrapper_options first (one container, from decoration
 * older than entries), then the entries.
 */
export const allEntries = (o: SidecarOptions): Entry[] => [...(o.wrapper_options ? [o.wrapper_options] : []), ...o.entries];

/** Parses and type-checks the JSON; throws with the reason. */
export function parseOptions(json: string): SidecarOptions {
  let o: Partial<SidecarOptions>;
  try {
    // (null is an empty object to Go's decoder: every option absent)
    o = parseJSON<Partial<SidecarOptions> | undefined>(json, SHAPE) ?? {};
  } catch (err) {
    throw new Error(`could not load config from JSON var ${CONFIG_ENV_VAR}: ${(err as Error).message}`);
  }
  return { ...o, gcs_options: o.gcs_options ?? {}, entries: o.entries ?? [] };
}

/** The message for an option this implementation does not support, if one is set. */
export function unsupportedOption(o: SidecarOptions): string | undefined {
  const g = o.gcs_options;
  // a plain bucket name means GCS, as upstream reads it
  if (!g.local_output_dir && !g.dry_run && g.bucket && !/^(s3|file):\/\//.test(g.bucket)) {
    return `Unsupported bucket ${JSON.stringify(g.bucket)}: this sidecar uploads to s3:// buckets and local directories (local_output_dir), not to GCS`;
  }
  return undefined;
}

export const PATH_STRATEGIES = ['legacy', 'explicit', 'single'];

/**
 * Upstream's Validate, in its order; returns the message for "Invalid options: ...". Like
 * upstream it also moves the deprecated top-level censoring fields into censoring_options.
 */
export function validateOptions(o: SidecarOptions): string | undefined {
  if (o.secret_directories !== undefined || o.censoring_concurrency !== undefined || o.censoring_buffer_size !== undefined) {
    if (o.censoring_options !== undefined) {
      return 'cannot use deprecated options (secret_directories, censoring_{concurrency,buffer_size}) and new options (censoring_options) at the same time';
    }
    o.censoring_options = { secret_directories: o.secret_directories, censoring_concurrency: o.censoring_concurrency, censoring_buffer_size: o.censoring_buffer_size };
  }
  if (allEntries(o).length === 0) return 'no wrapper.Option entries';
  for (const [i, e] of allEntries(o).entries()) {
    if (!e.process_log) return `entry ${i}: no log file specified with --process-log`;
    if (!e.marker_file) return `entry ${i}: no marker file specified with --marker-file`;
  }
  const g = o.gcs_options;
  if (g.local_output_dir) return undefined;
  if (!g.dry_run && !g.bucket) return 'GCS upload was requested no GCS bucket was provided';
  const badType = invalidMediaType(g.mediaTypes);
  if (badType) return badType;
  if (!PATH_STRATEGIES.includes(g.path_strategy ?? '')) return 'gcs_path_strategy must be one of "legacy", "explicit", or "single"';
  if (g.path_strategy !== 'explicit' && (!g.default_org || !g.default_repo)) {
    return `default org and repo must be provided for GCS strategy "${g.path_strategy}"`;
  }
  return undefined;
}
