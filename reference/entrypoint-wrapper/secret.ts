// The Secret that carries a step's SHARED_DIR to the next steps, and its --dry-run printout:
// one line of JSON, exactly as Kubernetes' codec encodes a v1 Secret (fields in the Go struct's
// order, map keys sorted, HTML-safe escapes), then a newline:
//   {"kind":"Secret","apiVersion":"v1","metadata":{"name":"j","creationTimestamp":null,"labels":{...}},"data":{"f":"aGk="},"type":"Opaque"}

import fs from 'node:fs';
import path from 'node:path';
import { goError } from '../shared/goerrors.js';
import { logrusLine, goQuote, writeStderr } from './golog.js';

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
 * with a warning, links to directories and links that cannot be followed silently.
 */
export function secretDataFromDir(dir: string): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new Error(`could not read dir ${dir}: ${goError(Object.assign(err as Error, { syscall: 'open' }), dir)}`);
  }
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      writeStderr(logrusLine('warning', `skipped directory ${goQuote(entry.name)} when creating secret from directory ${goQuote(dir)}`));
    } else if (statOrUndefined(file)?.isFile()) {
      data.set(entry.name, readFile(file));
    }
  }
  return data;
}

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(`could not read file ${file}: ${goError(err, file)}`);
  }
}

/** A link that cannot be followed (dangling, a loop, ...) is skipped as upstream's failed os.Stat is. */
function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** upstream's createSecret with --dry-run: prints the Secret built from `dir` (if it still exists) to stdout. */
export function printSecret(name: string, dir: string): void {
  if (!fs.existsSync(dir)) return;
  let data: Map<string, Buffer>;
  try {
    data = secretDataFromDir(dir);
  } catch (err) {
    throw new Error(`failed to generate secret: ${(err as Error).message}`);
  }
  let out = Buffer.from(secretJson(name, data));
  while (out.length > 0) out = out.subarray(fs.writeSync(1, out));
}

/**
 * upstream's uploadKubeconfig, for manage-kubeconfig mode while the child runs: unless
 * "kubeconfig" is already in the directory, check every second; the first time
 * "kubeconfig-minimal" is there, print the Secret (and look no further that second); once
 * "kubeconfig" is there, print it and stop. Failures are retried silently. Returns stop().
 */
export function watchKubeconfig(name: string, dir: string): () => void {
  const has = (file: string): boolean => fs.existsSync(path.join(dir, file));
  if (has('kubeconfig')) return () => {};
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
    if (!minimalDone && has('kubeconfig-minimal')) minimalDone = printed();
    else if (has('kubeconfig') && printed()) clearInterval(timer);
  }, 1000);
  return () => clearInterval(timer);
}
