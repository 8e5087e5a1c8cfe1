// --wait-for-file: upstream watches the file's directory and returns at once if the file
// exists, else once it is created, but waits at most --wait-timeout: then it logs a warning
// and carries on (the child still runs). Without --wait-timeout the timeout is 0, so it does
// not really wait. A directory that cannot be watched is an error.

import fs from 'node:fs';
import path from 'node:path';
import { formatGoDuration } from '../shared/duration.js';
import { errnoText } from '../shared/goerrors.js';
import { goLogLine, goQuote, writeStderr } from './golog.js';

/** Resolves once `file` exists or the timeout has passed; rejects when the directory cannot be watched. */
export function waitForFile(file: string, timeoutNs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const dir = path.dirname(file);
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, () => {
        if (fs.existsSync(file)) done();
      });
    } catch (err) {
      reject(new Error(`failed to watch file ${goQuote(dir)}: ${errnoText(err)}`));
      return;
    }
    const done = () => {
      clearTimeout(timer);
      watcher.close();
      resolve();
    };
    watcher.on('error', reject);
    // (a timer longer than Node's maximum waits forever, as upstream's practically does)
    const timer = timeoutNs / 1e6 > 2 ** 31 - 1 ? undefined : setTimeout(() => {
      writeStderr(goLogLine(`warning: timeout after waiting ${formatGoDuration(timeoutNs)} for file ${goQuote(file)}`));
      done();
    }, timeoutNs / 1e6);
    if (fs.existsSync(file)) done();
  });
}
