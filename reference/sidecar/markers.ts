// Waiting for the test containers' marker files (upstream wrapper.WaitForMarkers). Markers are
// read when their directory reports a change, and every 10 s in case an event was missed. All
// markers must be in one directory (one watch); otherwise each marker not there yet is an error
// result, at once.

import fs from 'node:fs';
import path from 'node:path';
import { readMarkerFile, watchErrorText } from '../shared/marker-file.js';

/** A marker's content: the exit code, or -1 with the reason it could not be used. */
export interface MarkerResult {
  returnCode: number;
  err?: string;
}

export const RECHECK_INTERVAL_MS = 10_000;

/** The marker's code; -1 with the reason when it is unreadable or not an integer. */
export function readMarker(file: string): MarkerResult {
  const read = readMarkerFile(file);
  return 'err' in read ? { returnCode: -1, err: read.err } : { returnCode: read.code };
}

/** Resolves with one result per distinct marker path once every marker is there. */
export function waitForMarkers(markers: string[], recheckMs = RECHECK_INTERVAL_MS): Promise<MarkerResult[]> {
  const paths = [...new Set(markers)];
  const results = new Map<string, MarkerResult>();
  const allThere = (): boolean => {
    for (const p of paths) if (fs.existsSync(p)) results.set(p, readMarker(p));
    return results.size === paths.length;
  };
  const resultsWith = (err: string): MarkerResult[] => paths.map((p) => results.get(p) ?? { returnCode: -1, err });

  const dir = path.dirname(paths[0]);
  if (paths.some((p) => path.dirname(p) !== dir)) {
    allThere();
    return Promise.resolve(resultsWith('marker files are not all written to the same directory'));
  }
  return new Promise((resolve) => {
    let watcher: fs.FSWatcher;
    try {
      // a marker is created or renamed in (written atomically), never changed after
      watcher = fs.watch(dir, (event) => event === 'rename' && check());
    } catch (err) {
      allThere();
      resolve(resultsWith(watchErrorText(dir, err)));
      return;
    }
    watcher.on('error', () => {}); // a lost watch is made up for by the re-check
    const timer = setInterval(() => check(), recheckMs);
    const check = (): void => {
      if (!allThere()) return;
      watcher.close();
      clearInterval(timer);
      resolve(resultsWith(''));
    };
    check();
  });
}

/** What the markers say about the job (upstream sidecar's wait()). */
export function summarize(results: MarkerResult[]): { passed: boolean; aborted: boolean; failures: number } {
  return {
    passed: results.every((r) => r.err === undefined && r.returnCode === 0),
    // 130: entrypoint was interrupted
    aborted: results.some((r) => r.returnCode === 130),
    // 1130: the step was skipped because an earlier one failed, not a failure of its own
    failures: results.filter((r) => r.returnCode !== 0 && r.returnCode !== 1130).length,
  };
}
