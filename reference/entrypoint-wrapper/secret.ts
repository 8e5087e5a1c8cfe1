// The Secret that carries a step's SHARED_DIR to the next steps, and its --dry-run printout:
// one line of JSON, exactly as Kubernetes' codec encodes a v1 Secret (fields in the Go struct's
// order, map keys sorted, HTML-safe escapes), then a newline:
//   {"kind":"Secret","apiVersion":"v1","metadata":{"name":"j","creationTimestamp":null,"labels":{...}},"data":{"f":"aGk="},"type":"Opaque"}

import fs from 'node:fs';
import path from 'node:path';
import { logrusLine, goQuote, writeStderr } from './golog.js';
import { pathError } from './secret-dir.js';

export const SKIP_CENSORING_LABEL = 'ci.openshift.io/skip-censoring';

/** A string as Go's encoding/json writes it: also escaping <, >, &, U+2028 and U+2029. */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** The Secret's JSON line (with its newline); `data` empty means no "data" field at all. */
export function secretJson(name: string, data: Map<string, Buffer>): string {
  // Go sorts map keys bytewise
  const keys = [...data.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const entries = keys.map((k) => `${goJsonString(k)}:"${data.get(k)!.toString('base64')}"`);
  const metadata = `{"name":${goJsonString(name)},"creationTimestamp":null,"labels":{"${SKIP_CENSORING_LABEL}":"true"}}`;
  const dataField = entries.length > 0 ? `"data":{${entries.join(',')}},` : '';
  return `{"kind":"Secret","apiVersion":"v1","metadata":${metadata},${dataField}"type":"Opaque"}\n`;
}

/**
 * ci-tools' util.SecretFromDir: the directory's files (links followed). Directories are skipped
 * with a warning, links to directories and broken links silently. Throws Error(Go's text).
 */
export function secretDataFromDir(dir: string): Map<string, Buffer> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new Error(`could not read dir ${dir}: ${pathError('open', dir, err)}`);
  }
  const data = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.isDirectory()) {
      writeStderr(logrusLine('warning', `skipped directory ${goQuote(entry.name)} when creating secret from directory ${goQuote(dir)}`));
      continue;
    }
    const file = path.join(dir, entry.name);
    try {
      if (fs.statSync(file).isDirectory()) continue;
    } catch {
      continue;
    }
    try {
      data.set(entry.name, fs.readFileSync(file));
    } catch (err) {
      throw new Error(`could not read file ${file}: ${pathError('open', file, err)}`);
    }
  }
  return data;
}

/**
 * upstream's createSecret with --dry-run: prints the Secret built from `dir` to stdout. A
 * directory that no longer exists prints nothing. Throws Error(Go's text) on failure.
 */
export function printSecret(name: string, dir: string): void {
  try {
    fs.statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`failed to stat directory ${goQuote(dir)}: ${pathError('stat', dir, err)}`);
  }
  let data: Map<string, Buffer>;
  try {
    data = secretDataFromDir(dir);
  } catch (err) {
    throw new Error(`failed to generate secret: ${(err as Error).message}`);
  }
  writeStdout(secretJson(name, data));
}

function writeStdout(text: string): void {
  const buf = Buffer.from(text);
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw new Error(`failed to log secret: ${(err as Error).message}`);
    }
  }
}

const exists = (file: string): boolean => fs.existsSync(file);

/**
 * upstream's uploadKubeconfig, for manage-kubeconfig mode while the child runs: unless
 * "kubeconfig" is already in the directory, check every second; the first time
 * "kubeconfig-minimal" is there, print the Secret (and look no further that second); once
 * "kubeconfig" is there, print it and stop. Failures are retried silently. Returns stop().
 */
export function watchKubeconfig(name: string, dir: string): () => void {
  if (exists(path.join(dir, 'kubeconfig'))) return () => {};
  let minimalDone = false;
  const printed = (): boolean => {
    try {
      printSecret(name, dir);
      return true;
    } catch {
      return false;
    }
  };
  const timer = setInterval(() => {
    if (!minimalDone && exists(path.join(dir, 'kubeconfig-minimal'))) {
      minimalDone = printed();
      return;
    }
    if (exists(path.join(dir, 'kubeconfig')) && printed()) clearInterval(timer);
  }, 1000);
  return () => clearInterval(timer);
}
