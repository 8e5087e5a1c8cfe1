// Watches a marker's directory the way a sidecar would and reads the marker on every change,
// recording what it saw: a marker written in place (created, then written) shows up as a change
// event on its name or as an empty or partial read.
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface MarkerObservation {
  reads: string[];
  /** fs.watch "change" events on the marker's own name: content modified in place. */
  inPlaceChanges: number;
  /** When a read first found the marker (process.hrtime.bigint()): the moment it appeared, give or take the event's delivery. */
  firstSeenAt: bigint | null;
}

export class MarkerWatcher {
  readonly seen: MarkerObservation = { reads: [], inPlaceChanges: 0, firstSeenAt: null };
  private watcher: FSWatcher;

  /** `onFirstSeen` runs the moment the marker is first read (e.g. to look at what a sidecar would upload then). */
  constructor(
    readonly markerPath: string,
    private readonly onFirstSeen: () => void = () => {},
  ) {
    const name = basename(markerPath);
    this.watcher = watch(dirname(markerPath), (eventType, filename) => {
      if (filename === name && eventType === 'change') this.seen.inPlaceChanges++;
      this.read();
    });
  }

  private read(): void {
    try {
      this.seen.reads.push(readFileSync(this.markerPath, 'utf8'));
      if (this.seen.firstSeenAt === null) {
        this.seen.firstSeenAt = process.hrtime.bigint();
        this.onFirstSeen();
      }
    } catch {
      // not there (yet)
    }
  }

  /** When the marker first appeared; a marker not seen yet is looked for now (a late figure, never an early one). */
  appearedAt(): bigint | null {
    if (this.seen.firstSeenAt === null) this.read();
    return this.seen.firstSeenAt;
  }

  close(): MarkerObservation {
    this.read();
    this.watcher.close();
    return this.seen;
  }
}
