// The random part of the names Go's os.MkdirTemp and os.CreateTemp make: a uint32 in decimal.
// Users meet these names (a marker's temp folder, a KUBECONFIG copy), so they look the same.

import crypto from 'node:crypto';

export function goTempSuffix(): string {
  return String(crypto.randomBytes(4).readUInt32LE(0));
}
