// Entrypoint options, read from $ENTRYPOINT_OPTIONS: the JSON object Prow's decoration puts in
// the test container's environment (upstream pkg/entrypoint/options.go with the embedded
// pkg/pod-utils/wrapper Options). Upstream also takes command-line flags when the variable is
// absent; Prow never uses them, so this implementation reads only the JSON.

export const CONFIG_ENV_VAR = 'ENTRYPOINT_OPTIONS';

/** Used when timeout / grace_period are absent or not positive. */
export const DEFAULT_TIMEOUT_NS = 2 * 3600 * 1e9;
export const DEFAULT_GRACE_PERIOD_NS = 15 * 1e9;

/** The fields keep their JSON names. Durations are integer nanoseconds (Go's time.Duration). */
export interface EntrypointOptions {
  args: string[];
  container_name: string;
  process_log: string;
  marker_file: string;
  metadata_file: string;
  timeout: number;
  grace_period: number;
  artifact_dir: string;
  previous_marker: string;
  always_zero: boolean;
  propagate_error_code: boolean;
}

export function emptyOptions(): EntrypointOptions {
  return {
    args: [],
    container_name: '',
    process_log: '',
    marker_file: '',
    metadata_file: '',
    timeout: 0,
    grace_period: 0,
    artifact_dir: '',
    previous_marker: '',
    always_zero: false,
    propagate_error_code: false,
  };
}

type Check = [(v: unknown) => boolean, string];
const isString: Check = [(v) => typeof v === 'string', 'a string'];
const isBool: Check = [(v) => typeof v === 'boolean', 'true or false'];
const isNanos: Check = [(v) => Number.isSafeInteger(v), 'an integer number of nanoseconds'];
const isStrings: Check = [(v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'an array of strings'];

const FIELDS: Record<keyof EntrypointOptions, Check> = {
  args: isStrings,
  container_name: isString,
  process_log: isString,
  marker_file: isString,
  metadata_file: isString,
  timeout: isNanos,
  grace_period: isNanos,
  artifact_dir: isString,
  previous_marker: isString,
  always_zero: isBool,
  propagate_error_code: isBool,
};

/** Parses the JSON; unknown keys and nulls are ignored. Throws a one-line error naming the bad field. */
export function parseOptions(json: string): EntrypointOptions {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new Error(`${CONFIG_ENV_VAR} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`${CONFIG_ENV_VAR} is not a JSON object`);
  const options = emptyOptions() as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(doc)) {
    if (!Object.hasOwn(FIELDS, key) || value === null) continue;
    const [ok, expected] = FIELDS[key as keyof EntrypointOptions];
    if (!ok(value)) throw new Error(`${CONFIG_ENV_VAR}: "${key}" must be ${expected}, not ${JSON.stringify(value)}`);
    options[key] = value;
  }
  return options as unknown as EntrypointOptions;
}

/** Upstream's Validate, in its order; returns the message for "Invalid options: ...". */
export function validateOptions(o: EntrypointOptions): string | undefined {
  if (o.args.length === 0) return 'no process to wrap specified';
  if (o.propagate_error_code && o.always_zero) return 'cannot propagate error code and always exit zero';
  if (o.process_log === '') return 'no log file specified with --process-log';
  if (o.marker_file === '') return 'no marker file specified with --marker-file';
  return undefined;
}

export const timeoutNs = (o: EntrypointOptions): number => (o.timeout > 0 ? o.timeout : DEFAULT_TIMEOUT_NS);
export const gracePeriodNs = (o: EntrypointOptions): number => (o.grace_period > 0 ? o.grace_period : DEFAULT_GRACE_PERIOD_NS);
