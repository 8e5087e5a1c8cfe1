// The two pods of the seed, with the options decoration gives them. Both mount one volume (the
// scenario's "logs" dir, /logs in a real pod) holding the process log, the marker, the metadata
// file and the artifact dir; ENTRYPOINT_OPTIONS and SIDECAR_OPTIONS name the same files.
//   Prow job pod:        test container = entrypoint -> the test; sidecar reacts to interrupts.
//   ci-operator step pod: test container = entrypoint-wrapper -> entrypoint -> the step's shell;
//                        sidecar has ignore_interrupts set.
//   undecorated pod:     one container whose first process is the test itself, no sidecar (what
//                        a pod is without Prow's decoration: the contrast that shows why
//                        entrypoint comes first).
// Neither Prow nor ci-operator sets shareProcessNamespace; a scenario may, to show what it changes.
import { mkdirSync } from 'node:fs';
import type { Scenario } from '../scenario.js';
import { encodeEntrypointOptions } from '../options/entrypoint.js';
import { encodeJobSpec, encodeSidecarOptions, type JobSpec } from '../options/sidecar.js';
import type { PodSpec } from './pod.js';

export type PodKind = 'prow-job' | 'ci-operator-step' | 'undecorated';

export interface PodPlan {
  kind: PodKind;
  /** The test's command line: what entrypoint runs. */
  test: string[];
  timeoutMs: number;
  gracePeriodMs: number;
  terminationGraceMs: number;
  /** gcs_options fields naming the store the sidecar uploads to. */
  destination: Record<string, unknown>;
  /** How the job's org and repo appear in bucket paths (decoration always sets one for buckets). */
  pathStrategy?: 'explicit' | 'legacy' | 'single';
  job: JobSpec;
  /** One process namespace for the pod (a pause process as its PID 1). */
  shareProcessNamespace?: boolean;
  /** The test container is created but waits for the pod's release before its program runs. */
  holdTest?: boolean;
}

export const TEST_CONTAINER = 'test';
export const SIDECAR_CONTAINER = 'sidecar';

/**
 * Unless a pod says otherwise, decoration (and ci-operator for steps) gives it 125% of the test's
 * grace period: 80% for the test to wrap up, 20% for the upload.
 */
export function defaultTerminationGraceMs(gracePeriodMs: number): number {
  return gracePeriodMs * 1.25;
}

export interface PodVolume {
  dir: string;
  processLog: string;
  markerFile: string;
  metadataFile: string;
  artifactDir: string;
}

export function podVolume(scenario: Scenario): PodVolume {
  const dir = scenario.path('logs');
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    processLog: scenario.path('logs', 'process-log.txt'),
    markerFile: scenario.path('logs', 'marker-file.txt'),
    metadataFile: scenario.path('logs', 'artifacts', 'metadata.json'),
    artifactDir: scenario.path('logs', 'artifacts'),
  };
}

export function podSpec(scenario: Scenario, plan: PodPlan): PodSpec {
  const shared = { terminationGraceMs: plan.terminationGraceMs, shareProcessNamespace: plan.shareProcessNamespace };
  const held = plan.holdTest ? { held: true } : {};
  const volume = podVolume(scenario);
  if (plan.kind === 'undecorated') {
    return { ...shared, containers: [{ name: TEST_CONTAINER, command: plan.test, args: [], env: { ARTIFACTS: volume.artifactDir }, ...held }] };
  }
  const files = { processLog: volume.processLog, markerFile: volume.markerFile, metadataFile: volume.metadataFile };
  const entrypointOptions = encodeEntrypointOptions({
    ...files,
    args: plan.test,
    timeoutMs: plan.timeoutMs,
    gracePeriodMs: plan.gracePeriodMs,
    artifactDir: volume.artifactDir,
    containerName: TEST_CONTAINER,
  });
  const sidecarOptions = encodeSidecarOptions({
    entries: [{ containerName: TEST_CONTAINER, ...files }],
    destination: plan.destination,
    items: [volume.artifactDir],
    pathStrategy: plan.pathStrategy,
    ignoreInterrupts: plan.kind === 'ci-operator-step',
    // Prow's decoration makes a failed test fail the sidecar too.
    entryError: plan.kind === 'prow-job',
  });
  const sidecar = {
    name: SIDECAR_CONTAINER,
    role: 'sidecar' as const,
    args: [],
    env: { SIDECAR_OPTIONS: sidecarOptions, JOB_SPEC: encodeJobSpec(plan.job) },
  };
  const testEnv = { ENTRYPOINT_OPTIONS: entrypointOptions, ARTIFACTS: volume.artifactDir };
  if (plan.kind === 'prow-job') {
    return { ...shared, containers: [{ name: TEST_CONTAINER, role: 'entrypoint', args: [], env: testEnv, ...held }, sidecar] };
  }
  // ci-operator's step environment: the shared dir, the namespace and job name the wrapper
  // needs, ARTIFACT_DIR for the step's commands; a private HOME (the wrapper writes .gitconfig).
  for (const dir of ['shared', 'home']) mkdirSync(scenario.path(dir), { recursive: true });
  const stepEnv = {
    ...testEnv,
    ARTIFACT_DIR: volume.artifactDir,
    SHARED_DIR: scenario.path('shared'),
    NAMESPACE: 'ci-op-conformance',
    JOB_NAME_SAFE: plan.job.job,
    HOME: scenario.path('home'),
  };
  return {
    ...shared,
    containers: [
      // --dry-run: the Secret is printed instead of stored in a cluster (there is none here).
      { name: TEST_CONTAINER, role: 'entrypoint-wrapper', args: ['--dry-run', ...scenario.command('entrypoint')], env: stepEnv, ...held },
      sidecar,
    ],
  };
}
