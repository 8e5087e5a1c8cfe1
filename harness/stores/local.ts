// The sidecar's local store: gcs_options.local_output_dir, objects as files under it.
import { mkdirSync, readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ArtifactStore } from './store.js';

export class LocalStore implements ArtifactStore {
  readonly bucketLayout: boolean = false;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  destination(): Record<string, unknown> {
    return { local_output_dir: this.dir };
  }

  async list(): Promise<string[]> {
    const keys: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else keys.push(relative(this.dir, path).split(sep).join('/'));
      }
    };
    if (existsSync(this.dir)) walk(this.dir);
    return keys.sort();
  }

  async read(key: string): Promise<Buffer | null> {
    const path = join(this.dir, ...key.split('/'));
    return existsSync(path) ? readFileSync(path) : null;
  }

  /** A file's modification time is when the sidecar finished writing it. */
  async arrivals(): Promise<{ key: string; atEpochMs: number }[]> {
    return (await this.list()).map((key) => ({ key, atEpochMs: statSync(join(this.dir, ...key.split('/'))).mtimeMs }));
  }
}
