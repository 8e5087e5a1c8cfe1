// The order a reader learns the protocol in: what a decorated pod is, each program on its own,
// then whole pods and the hazards. Features not named here still appear, after the named ones.

export interface Section {
  page: string;
  title: string;
  /** The features folder whose features the page shows (none: an overview page). */
  group?: string;
  /** Features (file names in the folder) in reading order. */
  order?: string[];
  intro: string[];
}

export const SECTIONS: Section[] = [
  {
    page: 'pod.html',
    title: 'The pod',
    intro: [
      'A Prow job runs as a Kubernetes pod. Prow decorates it: the test container\'s command is replaced by `entrypoint`, which starts the test, copies its output to a process log, enforces the job\'s timeout and writes a marker file holding the exit code when the test is done. A `sidecar` container beside it waits for that marker and uploads the log, the artifacts and `finished.json` to the job\'s storage.',
      'In an OpenShift ci-operator multi-stage step, `entrypoint-wrapper` comes first in the test container: it runs `entrypoint`, which runs the step\'s commands; the sidecar there ignores interrupts and uploads only after the marker.',
      'When the job is aborted, the pod is deleted: the kubelet sends SIGTERM to the first process of every container at once, and SIGKILL to whatever is left when the termination grace period is over. Everything on these pages is about who gets which signal when, and what is on record afterwards.',
      'Each scenario below is shown the way it runs, with the clauses it verifies (MUST where the documentation or upstream makes it a rule, SHOULD where it is what upstream customarily does), the verdict of every implementation whose results were given, and a timeline drawn from what that run measured.',
    ],
  },
  {
    page: 'entrypoint.html',
    title: 'entrypoint',
    group: 'entrypoint',
    order: ['timeout.feature', 'external-interrupt.feature', 'exit-codes.feature', 'marker.feature', 'process-log.feature', 'artifact-dir.feature', 'previous-marker.feature', 'defaults.feature', 'invalid-options.feature', 'setup-failures.feature', 'start-failure.feature'],
    intro: ['The program that runs the test: it enforces the timeout and the grace period, passes interrupts on, and records the result in the marker file.'],
  },
  {
    page: 'sidecar.html',
    title: 'sidecar',
    group: 'sidecar',
    order: ['waiting-and-results.feature', 'upload-on-interrupt.feature', 'ignore-interrupts.feature', 'layout.feature', 'bucket-layout.feature', 'censoring.feature', 'upload-retries.feature', 'invalid-options.feature'],
    intro: ['The container that waits for the marker and uploads what the job leaves: the log, the artifacts, finished.json.'],
  },
  {
    page: 'entrypoint-wrapper.html',
    title: 'entrypoint-wrapper',
    group: 'entrypoint-wrapper',
    order: ['forwarding.feature', 'exit-codes.feature', 'waiting.feature', 'environment.feature', 'child-environment.feature', 'kubeconfig.feature', 'options.feature'],
    intro: ['ci-operator\'s first process of a step\'s test container: it runs entrypoint, passes signals on to it, and prepares the step\'s environment.'],
  },
  {
    page: 'pods.html',
    title: 'Whole pods',
    group: 'pod',
    order: ['timeout.feature', 'prow-pod-deletion.feature', 'step-pod-deletion.feature', 'process-hierarchy.feature', 'pid-1.feature', 'container-killed.feature'],
    intro: ['The programs together, as the kubelet runs them: timeouts and deletions of Prow job pods and ci-operator step pods, end to end.'],
  },
];

export const HAZARDS_PAGE = 'hazards.html';
export const CLAUSES_PAGE = 'clauses.html';
/** The scenario the overview page pictures: a whole pod from start to timeout. */
export const OVERVIEW_FEATURE = 'pod/timeout.feature';
