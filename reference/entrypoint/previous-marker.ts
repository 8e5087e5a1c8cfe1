// Waiting for a previous step's marker file (upstream's wrapper.WaitForMarkers with one path).
// The directory is watched, and the marker is also re-checked periodically (every 10 s, as
// upstream) in case an event is missed. The marker is read as soon as it exists.

import fs from 'node:fs';
import path from 'node:path';
import { withError, type Logger } from '../shared/log.js';
import { readMarkerFile, watchErrorText, type MarkerRead } from '../shared/marker-file.js';

export const RECHECK_INTERVAL_MS = 10_000;

/** Waits until `file` exists and reads it. Aborting `signal` stops the wait (the promise then stays pending). */
export function waitForMarker(file: string, signal: AbortSignal, logger: Logger, recheckMs = RECHECK_INTERVAL_MS): Promise<MarkerRead> {
  return new Promise((resolve) => {
    let watcher: fs.FSWatcher | undefined;
    let ticker: NodeJS.Timeout | undefined;
    const stop = (): void => {
      watcher?.close();
      clearInterval(ticker);
      signal.removeEventListener('abort', stop);
    };
    const check = (): boolean => {
      if (signal.aborted || !fs.existsSync(file)) return false;
      stop();
      resolve(readMarkerFile(file));
      return true;
    };

    // Watch first, then look: a marker that appears in between is not missed.
    const dir = path.dirname(file);
    try {
      watcher = fs.watch(dir, () => check());
    } catch (err) {
      if (!check()) resolve({ err: watchErrorText(dir, err) });
      return;
    }
    watcher.on('error', (err) => logger.warn('fsnotify watch error', withError(err)));
    if (check()) return;
    signal.addEventListener('abort', stop);
    ticker = setInterval(check, recheckMs);
  });
}
