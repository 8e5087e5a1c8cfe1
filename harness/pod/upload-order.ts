// When the marker and the uploaded finished.json first exist, seen from outside the pod. Neither
// has an event a bucket could announce, so both are polled; each tick looks at finished.json
// before the marker, so "finished.json without a marker" can only mean the upload came first.
import { existsSync } from 'node:fs';
import type { ArtifactStore } from '../stores/store.js';
import { sleep } from '../wait.js';

const POLL_MS = 20;

export class UploadOrder {
  markerSeenAt: bigint | null = null;
  finishedSeenAt: bigint | null = null;
  /** finished.json was in the store while the marker did not exist. */
  uploadedBeforeMarker = false;

  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly markerFile: string,
    private readonly store: ArtifactStore,
    private readonly finishedKey: string,
  ) {
    this.done = this.poll();
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      await this.look();
      await sleep(POLL_MS);
    }
  }

  private async look(): Promise<void> {
    const finished = (await this.store.read(this.finishedKey).catch(() => null)) !== null;
    const marker = existsSync(this.markerFile);
    const now = process.hrtime.bigint();
    if (finished && !marker) this.uploadedBeforeMarker = true;
    if (marker && this.markerSeenAt === null) this.markerSeenAt = now;
    if (finished && this.finishedSeenAt === null) this.finishedSeenAt = now;
  }

  /** Stops polling, after a last look (what happened since the previous tick counts too). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.done;
    await this.look();
  }
}
