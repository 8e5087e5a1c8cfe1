// What an S3-compatible store is to its users: the readers (bucket.ts), the sidecar's S3 store
// (bucket-store.ts), the bench, and the credentials file the sidecar under test is given. A
// MinIO server (minio-server.ts) is one; nothing here depends on it.
import { writeFileSync } from 'node:fs';

/** An S3-compatible store reachable over HTTP or HTTPS, as the readers and uploaders need it. */
export interface S3Store {
  /** Base URL of the S3 API: "http://127.0.0.1:<port>" (or https). */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  readonly region: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** For an HTTPS endpoint whose certificate no public CA signed: the PEM certificate to trust. */
  readonly ca?: string;
}

/**
 * Prow's S3 credentials file (sigs.k8s.io/prow/pkg/io/providers.S3Credentials: region, endpoint,
 * insecure, s3_force_path_style, access_key, secret_key, session_token) for a store. The endpoint
 * becomes the AWS SDK v2's BaseEndpoint, which must be a URL with its scheme ("http://..."):
 * "insecure" only skips TLS verification, it does not select plain HTTP.
 */
export function s3Credentials(store: S3Store): Record<string, string | boolean> {
  return {
    region: store.region,
    endpoint: store.endpoint,
    insecure: true,
    s3_force_path_style: true,
    access_key: store.accessKey,
    secret_key: store.secretKey,
  };
}

/** Writes s3Credentials(store) to `file` (mode 0600), for the sidecar's gcs_options.s3_credentials_file. */
export function writeS3CredentialsFile(file: string, store: S3Store): string {
  writeFileSync(file, `${JSON.stringify(s3Credentials(store), null, 2)}\n`, { mode: 0o600 });
  return file;
}
