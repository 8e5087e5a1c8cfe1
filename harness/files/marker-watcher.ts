// Watches a marker's directory the way a sidecar would and reads the marker on every change,
// recording what it saw: a marker written in place (created, then written) shows up as a change
// event on its name or as an empty or partial read.
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface MarkerObservation {
  reads: string[];
  /** fs.watch "change" events on the marker's own name: content modified in place. */
  inPlaceChanges: number;
}

export class MarkerWatcher {
  readonly seen: MarkerObservation = { reads: [], inPlaceChanges: 0 };
  private watcher: FSWatcher;

  constructor(readonly markerPath: string) {
    const name = basename(markerPath);
    this.watcher = watch(dirname(markerPath), (eventType, filename) => {
      if (filename === name && eventType === 'change') this.seen.inPlaceChanges++;
      this.read();
    });
  }

  private read(): void {
    try {
      this.seen.reads.push(readFileSync(this.markerPath, 'utf8'));
    } catch {
      // not there (yet)
    }
  }

  close(): MarkerObservation {
    this.read();
    this.watcher.close();
    return this.seen;
  }
}
