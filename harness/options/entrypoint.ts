// ENTRYPOINT_OPTIONS exactly as Prow's decoration puts it in a test container's environment:
// one JSON object, snake_case keys, durations as integer nanoseconds (Go's time.Duration).

export interface EntrypointOptions {
  args?: string[];
  timeoutMs?: number;
  gracePeriodMs?: number;
  processLog?: string;
  markerFile?: string;
  metadataFile?: string;
  artifactDir?: string;
  containerName?: string;
  previousMarker?: string;
  alwaysZero?: boolean;
  propagateErrorCode?: boolean;
}

/** Milliseconds to a Go duration's JSON form. */
export function msToNanos(ms: number): number {
  return Math.round(ms * 1e6);
}

export function encodeEntrypointOptions(o: EntrypointOptions): string {
  const json: Record<string, unknown> = {};
  if (o.timeoutMs !== undefined) json.timeout = msToNanos(o.timeoutMs);
  if (o.gracePeriodMs !== undefined) json.grace_period = msToNanos(o.gracePeriodMs);
  if (o.artifactDir !== undefined) json.artifact_dir = o.artifactDir;
  if (o.previousMarker !== undefined) json.previous_marker = o.previousMarker;
  if (o.alwaysZero !== undefined) json.always_zero = o.alwaysZero;
  if (o.propagateErrorCode !== undefined) json.propagate_error_code = o.propagateErrorCode;
  if (o.args !== undefined) json.args = o.args;
  if (o.containerName !== undefined) json.container_name = o.containerName;
  if (o.processLog !== undefined) json.process_log = o.processLog;
  if (o.markerFile !== undefined) json.marker_file = o.markerFile;
  if (o.metadataFile !== undefined) json.metadata_file = o.metadataFile;
  return JSON.stringify(json);
}
