// finished.json: the job's result as Prow's tools read it (testgrid's metadata.Finished, written
// by upstream's doUpload). Its keys come in the struct's order: timestamp, passed, metadata
// (omitted when empty), result, revision (omitted when blank). The metadata is what the tests
// wrote into their metadata files, merged; a file that cannot be read or parsed is reported
// under "sidecar-errors", keyed by the entry's name, and does not fail the job.

import fs from 'node:fs';
import { withError, type Logger } from '../shared/log.js';
import type { Entry } from './options.js';

export const FINISHED_FILE = 'finished.json';

/** How upstream names an entry: "entry <i>: <args joined by spaces>". */
export const nameEntry = (i: number, e: Entry): string => `entry ${i}: ${(e.args ?? []).join(' ')}`;

/** A shallow merge of every entry's metadata file, later entries winning. */
export function combineMetadata(entries: Entry[], logger: Logger): Map<string, unknown> {
  const metadata = new Map<string, unknown>();
  const errors = new Map<string, { error: string }>();
  for (const [i, entry] of entries.entries()) {
    const file = entry.metadata_file ?? '';
    // upstream's three steps, each with its own words in the log
    const fail = (message: string, err: unknown): void => {
      logger.error(message, withError(err));
      errors.set(nameEntry(i, entry), { error: (err as Error).message });
    };
    try {
      fs.statSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') fail(`Failed to stat ${file}`, err); // (absent: no metadata written)
      continue;
    }
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch (err) {
      fail(`cannot read ${file}`, err);
      continue;
    }
    try {
      const piece: unknown = JSON.parse(raw);
      // (null decodes as no metadata in Go)
      if (typeof piece !== 'object' || Array.isArray(piece)) throw new Error(`the metadata must be a JSON object, not ${JSON.stringify(piece)}`);
      for (const [k, v] of Object.entries(piece ?? {})) metadata.set(k, v);
    } catch (err) {
      fail(`Failed to unmarshal ${file}`, err);
    }
  }
  if (errors.size > 0) metadata.set('sidecar-errors', Object.fromEntries(errors));
  return metadata;
}

/** The result word: SUCCESS when passed, else ABORTED when a marker said 130, else FAILURE. */
export function resultOf(passed: boolean, aborted: boolean): string {
  return passed ? 'SUCCESS' : aborted ? 'ABORTED' : 'FAILURE';
}

export function finishedJSON(f: { timestamp: number; passed: boolean; aborted: boolean; metadata: Map<string, unknown>; revision: string }): string {
  return JSON.stringify({
    timestamp: f.timestamp,
    passed: f.passed,
    metadata: f.metadata.size > 0 ? Object.fromEntries(f.metadata) : undefined,
    result: resultOf(f.passed, f.aborted),
    revision: f.revision || undefined,
  });
}
