// The sidecar's job (upstream pkg/sidecar/run.go Run): resolve the job, wait for the markers of
// all the test containers, then censor and upload the logs, finished.json and the artifacts.
//
// Interrupts (SIGINT/SIGTERM, the kubelet deleting the pod): only the first is acted on. With
// ignore_interrupts it is only logged: the upload waits for the markers (and never happens if
// they do not come). Without, a best-effort upload starts at once (finished.json passed=false,
// result ABORTED, logs and artifacts as they are) while the markers are still awaited. When they
// come, interrupts are ignored from then on; the best-effort upload, if still going, is
// cancelled and awaited (so that none of its objects lands after the final ones), and the final
// upload replaces it.

import { formatGoDuration } from '../shared/duration.js';
import { goError } from '../shared/goerrors.js';
import { withError, type Logger } from '../shared/log.js';
import { censor } from './censor/censor.js';
import { FINISHED_FILE, combineMetadata, finishedJSON } from './finished.js';
import { resolveSpecFromEnv, revisionOf, type JobSpec } from './jobspec.js';
import type { SidecarLog } from './logfile.js';
import { summarize, waitForMarkers } from './markers.js';
import { allEntries, type SidecarOptions } from './options.js';
import { jobPaths, type JobPaths } from './paths.js';
import { dataTarget, fileTarget, preloadStore, runUpload, type Target } from './upload.js';

export const LOG_FILE_NAME = 'sidecar-logs.json';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * SIGINT and SIGTERM: like upstream, the sidecar is never killed by them. They are caught from
 * the start (by reference/bin/sidecar while the program loads) and queued until a handler is set.
 */
export class Interrupts {
  private readonly queued: NodeJS.Signals[] = [];
  private handler?: (signal: NodeJS.Signals) => void;

  constructor() {
    const early = (globalThis as { sidecarEarlySignals?: { queued: NodeJS.Signals[]; listener: () => void } }).sidecarEarlySignals;
    for (const signal of SIGNALS) {
      process.on(signal, (s: NodeJS.Signals) => (this.handler ? this.handler(s) : this.queued.push(s)));
      if (early) process.off(signal, early.listener);
    }
    this.queued.push(...(early?.queued ?? []));
  }

  /** From now on the signals (those queued first) go to `handler`. */
  handle(handler: (signal: NodeJS.Signals) => void): void {
    this.handler = handler;
    for (const signal of this.queued.splice(0)) this.handler(signal); // (the handler may replace itself)
  }
}

export interface RunContext {
  log: SidecarLog;
  interrupts: Interrupts;
}

export interface RunResult {
  failures: number;
  /** what kept the job status from being reported */
  err?: Error;
}

class Sidecar {
  private readonly logger: Logger;

  constructor(
    private readonly o: SidecarOptions,
    private readonly spec: JobSpec,
    private readonly paths: JobPaths,
    private readonly ctx: RunContext,
  ) {
    this.logger = ctx.log.logger;
  }

  async run(): Promise<RunResult> {
    preloadStore(this.o.gcs_options);
    const cancelBestEffort = new AbortController();
    let bestEffort: Promise<void> | undefined;
    this.ctx.interrupts.handle((signal) => {
      this.ctx.interrupts.handle(() => {}); // only the first one counts
      const name = signal === 'SIGINT' ? 'interrupt' : 'terminated'; // as Go prints them
      if (this.o.ignore_interrupts) {
        this.logger.warn(`Received an interrupt: ${name}, ignoring...`);
        return;
      }
      this.logger.error(`Received an interrupt: ${name}, cancelling...`);
      bestEffort = this.upload(false, true, cancelBestEffort.signal).then((err) => {
        if (err) this.logger.error('Failed to perform best-effort upload', withError(err));
        else this.logger.error('Best-effort upload was successful');
      });
    });

    const results = await waitForMarkers(allEntries(this.o).map((e) => e.marker_file!));
    this.ctx.interrupts.handle(() => {}); // the only way out now is to finish the upload
    cancelBestEffort.abort();
    await bestEffort;
    const { passed, aborted, failures } = summarize(results);
    return { failures, err: await this.upload(passed, aborted) };
  }

  /** Censoring (whose failure is only a warning), then the upload; resolves with the upload's error. */
  private async upload(passed: boolean, aborted: boolean, signal?: AbortSignal): Promise<Error | undefined> {
    const { censoring_options: censoring, gcs_options: gcs } = this.o;
    const entries = allEntries(this.o);
    if (this.o.wrapper_options) this.logger.warn('Using deprecated wrapper_options instead of entries. Please update prow/pod-utils/decorate before June 2019');
    if (censoring) {
      // (as upstream: only the entries' process logs, not that of wrapper_options)
      const processLogs = this.o.entries.map((e) => e.process_log!);
      const err = await censor({ logger: this.logger, options: censoring, processLogs, items: gcs.items ?? [], signal });
      if (err) this.logger.warn('Failed to censor data', withError(err));
    }
    const start = process.hrtime.bigint();
    this.logger.info('Starting to upload');
    this.ctx.log.closeFile();
    const extra = new Map<string, Target>();
    for (const entry of entries) {
      const name = entries.length > 1 ? `${entry.container_name}-build-log.txt` : 'build-log.txt';
      extra.set(name, this.buildLog(entry.process_log!));
    }
    extra.set(LOG_FILE_NAME, fileTarget(this.ctx.log.file));
    const metadata = combineMetadata(entries, this.logger);
    const finished = finishedJSON({ timestamp: Math.floor(Date.now() / 1000), passed, aborted, metadata, revision: revisionOf(this.spec) });
    extra.set(FINISHED_FILE, dataTarget(finished));
    try {
      await runUpload(gcs, this.paths, this.spec.buildid, extra, { logger: this.logger, signal });
      return undefined;
    } catch (err) {
      return new Error(`failed to upload to GCS: ${(err as Error).message}`);
    } finally {
      this.logger.info('Finished uploading', { duration: formatGoDuration(process.hrtime.bigint() - start) });
    }
  }

  /** A process log; one that cannot be opened is replaced by the reason, so something is uploaded. */
  private buildLog(file: string): Target {
    const target = fileTarget(file);
    return {
      open: () =>
        target.open().catch((err: Error) => {
          const why = new Error(goError(err, file));
          this.logger.error(`Failed to open ${file}`, withError(why));
          return [Buffer.from(`Failed to open ${file}: ${why.message}\n`)];
        }),
    };
  }
}

/** Run: the number of failed containers, and the error that kept the job status from being reported. */
export async function runSidecar(o: SidecarOptions, ctx: RunContext): Promise<RunResult> {
  let spec: JobSpec;
  try {
    spec = resolveSpecFromEnv();
  } catch (err) {
    return { failures: 0, err: new Error(`could not resolve job spec: ${(err as Error).message}`) };
  }
  return new Sidecar(o, spec, jobPaths(o.gcs_options, spec), ctx).run();
}
