// A throwaway TLS certificate for a store on the loopback (an on-premises MinIO with a certificate
// of its own): made by openssl, valid for 127.0.0.1 only, for a day.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsIdentity {
  /** PEM: the certificate, which is also the one CA a client must trust to verify it */
  certificate: string;
  /** PEM: its private key */
  key: string;
}

/** Makes a self-signed certificate for 127.0.0.1 in `dir` (created if need be). */
export function selfSignedCertificate(dir: string): TlsIdentity {
  mkdirSync(dir, { recursive: true });
  const certFile = join(dir, 'public.crt');
  const keyFile = join(dir, 'private.key');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const why = (err as { code?: string }).code === 'ENOENT' ? 'openssl is not installed' : String((err as { stderr?: Buffer }).stderr ?? err).trim();
    throw new Error(`could not make a self-signed certificate: ${why}`);
  }
  return { certificate: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
