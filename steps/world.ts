// One World per scenario: what the scenario has configured (the test's behaviour, the options)
// and the harness Scenario that owns its temp dir, processes and cleanup.
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { defaultBehaviour, type Behaviour } from '../harness/probe/behaviour.js';
import type { EntrypointOptions } from '../harness/options/entrypoint.js';
import type { RunningProgram } from '../harness/process/program.js';
import type { Scenario } from '../harness/scenario.js';
import type { MarkerWatcher } from '../harness/files/marker-watcher.js';
import type { JobSpec, SidecarEntry, SidecarOptions } from '../harness/options/sidecar.js';
import type { ArtifactStore } from '../harness/stores/store.js';
import type { Deletion, Pod } from '../harness/pod/pod.js';
import type { PodKind } from '../harness/pod/kinds.js';
import type { PodRuntime } from '../harness/pod/runtimes/runtime.js';
import type { UploadOrder } from '../harness/pod/upload-order.js';
import type { PlannedStore } from '../harness/stores/minio-server.js';

/** What the CLI hands every worker (see harness/commands/run.ts). */
export interface SuiteParameters {
  profile: string;
  timeScale: number;
  tmpRoot?: string;
  runTag: string;
  /** The MinIO binary for @capability:s3 scenarios, or why there is none. */
  minio?: { binary: string } | { unavailable: string };
  /** How pod containers are made (see harness/pod/runtimes/runtime.ts). */
  podRuntime?: PodRuntime;
}

export class ConformanceWorld extends World<SuiteParameters> {
  private current: Scenario | null = null;
  /** The probe's behaviour as the test process. */
  test: Behaviour = defaultBehaviour('', '');
  entrypointOptions: EntrypointOptions = {};
  entrypoint: RunningProgram | null = null;
  /** How long nobody reads entrypoint's stdout after it starts (a reader that falls behind). */
  entrypointStdoutHeldMs: number | undefined = undefined;
  /** Where entrypoint runs, when not in the scenario's folder. */
  entrypointCwd: string | undefined = undefined;
  /** The process log as it was when the marker first appeared. */
  processLogAtMarker: string | null = null;
  /** When the harness sent each signal to entrypoint (or entrypoint-wrapper), in order; `to` is the program's name. */
  sentSignals: { signal: string; at: bigint; inherentAtMs: number; to: string }[] = [];
  markerWatcher: MarkerWatcher | null = null;
  /** Replaces the test command (the probe) in ENTRYPOINT_OPTIONS.args. */
  commandOverride: string[] | null = null;
  /** Turns the options JSON object into a broken ENTRYPOINT_OPTIONS string (undefined: not set at all). */
  breakOptions: ((options: Record<string, unknown>) => string | undefined) | null = null;
  /** Variables entrypoint starts with on top of the scenario's (e.g. its PATH). */
  entrypointEnv: Record<string, string> = {};

  // ---- sidecar scenarios: the harness plays the test containers ----
  job: JobSpec = { type: 'periodic', job: 'unit-tests', buildId: '1001' };
  sidecarEntries: SidecarEntry[] = [];
  sidecarOptions: Omit<SidecarOptions, 'entries' | 'destination'> = {};
  store: ArtifactStore | null = null;
  sidecar: RunningProgram | null = null;
  /** Turns the SIDECAR_OPTIONS object into a broken string (invalid-input scenarios). */
  breakSidecarOptions: ((options: Record<string, unknown>) => string | null) | null = null;
  /** SIDECAR_OPTIONS fields set by hand, as JSON text: [path, value]. */
  sidecarOptionFields: [string, string][] = [];
  /** JOB_SPEC as given (null: not set at all), instead of the encoded job. */
  jobSpecOverride: string | null | undefined = undefined;
  /** Variables the sidecar gets besides SIDECAR_OPTIONS and JOB_SPEC. */
  sidecarEnv: Record<string, string> = {};
  /** Run before the sidecar's command (`exec "$@"` ends it): what its image lacks, say. */
  sidecarCommandPrefix: string[] = [];
  /** A store decided before its server runs (the late-store scenarios). */
  plannedStore: PlannedStore | null = null;
  /** When the harness wrote the last marker. */
  markerWrittenAt: bigint | null = null;
  // ---- entrypoint-wrapper scenarios ----
  wrapperEnv: Record<string, string | undefined> = {};
  wrapperFlags: string[] = [];
  /** null: run the wrapper without a command. */
  wrapperRunsTest = true;
  wrapper: RunningProgram | null = null;
  fileAppearedAt: bigint | null = null;
  // ---- pod scenarios ----
  podPlan: { kind: PodKind; timeoutMs: number; gracePeriodMs: number; terminationGraceMs: number; shareProcessNamespace?: boolean; holdTest?: boolean } | null = null;
  /** The ci-operator step's commands (run by bash -c under entrypoint). */
  stepCommands: string | null = null;
  pod: Pod | null = null;
  podDeletion: Promise<Deletion> | null = null;
  /** The scenario's inherent wait when the pod was deleted. */
  deletionInherentAtMs = 0;
  uploadOrder: UploadOrder | null = null;
  /** Servers started for this scenario alone (stopped after it). */
  ownServers: { stop(): Promise<void> }[] = [];
  /** Secret values mounted for the sidecar to censor. */
  secrets: string[] = [];
  /** When the harness sent each signal to the sidecar. */
  sidecarSignals: { signal: string; at: bigint }[] = [];

  constructor(options: IWorldOptions<SuiteParameters>) {
    super(options);
  }

  get scenario(): Scenario {
    if (!this.current) throw new Error('scenario not set up (the Before hook did not run)');
    return this.current;
  }

  set scenario(value: Scenario) {
    this.current = value;
  }

  get hasScenario(): boolean {
    return this.current !== null;
  }
}

setWorldConstructor(ConformanceWorld);
