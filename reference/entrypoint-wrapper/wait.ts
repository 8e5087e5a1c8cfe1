// --wait-for-file: upstream watches the file's directory, returns at once if the file exists,
// else waits for it to be created, but at most --wait-timeout; on timeout it logs a warning
// and carries on (the child still runs). Without --wait-timeout the timeout is 0, so it does
// not really wait. A directory that cannot be watched is an error.

import fs from 'node:fs';
import path from 'node:path';
import { errnoText } from '../shared/goerrors.js';
import { formatGoDuration } from '../shared/duration.js';
import { goLogLine, goQuote, writeStderr } from './golog.js';

function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Node's setTimeout takes at most this many milliseconds; a longer wait is taken as forever. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Go's filepath.Dir: everything before the last slash, cleaned ("." when empty, no trailing slash). */
export function goDir(file: string): string {
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  if (dir === '') return '.';
  const clean = path.posix.normalize(dir);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

/** Resolves once `file` exists or the timeout has passed; rejects with Go's error text. */
export function waitForFile(file: string, timeoutNs: bigint): Promise<void> {
  const dir = goDir(file);
  return new Promise((resolve, reject) => {
    let watcher: fs.FSWatcher;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const done = (err?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      watcher.close();
      if (err) reject(err);
      else resolve();
    };
    try {
      watcher = fs.watch(dir, { persistent: true });
    } catch (err) {
      reject(new Error(`failed to watch file ${goQuote(dir)}: ${errnoText(err)}`));
      return;
    }
    watcher.on('error', (err) => done(new Error(errnoText(err))));
    try {
      fs.accessSync(file, fs.constants.F_OK);
      done();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        done(new Error(errnoText(err)));
        return;
      }
    }
    // upstream's timer starts afresh with every event it gets from the directory (its select
    // loop makes a new time.After each time), so the timeout counts from the latest one
    const ms = Number(timeoutNs / 1_000_000n);
    const restartTimer = () => {
      clearTimeout(timer);
      if (ms > MAX_TIMER_MS) return;
      timer = setTimeout(() => {
        writeStderr(goLogLine(`warning: timeout after waiting ${formatGoDuration(timeoutNs)} for file ${goQuote(file)}`));
        done();
      }, Math.max(ms, 0));
    };
    restartTimer();
    // upstream compares the event's path, dir + "/" + name, with the path as given (so that
    // "x" or "/x" never match: only the timeout ends those waits). Events about files already
    // gone, other than removals and renames, never reach it.
    watcher.on('change', (event, name) => {
      const eventPath = name === null ? dir : `${dir}/${name.toString()}`;
      const present = lexists(eventPath);
      if (event === 'rename' && present && eventPath === file) done();
      else if (event === 'rename' || present) restartTimer();
    });
  });
}
