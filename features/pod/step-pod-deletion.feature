@role:entrypoint-wrapper @role:entrypoint @role:sidecar
Feature: Deleting a ci-operator step pod
  A ci-operator multi-stage step runs in a pod of two containers. In the test container the first
  process is entrypoint-wrapper, its child is entrypoint, and entrypoint's child is the shell
  running the step's commands. Beside it the sidecar has ignore_interrupts set: it uploads only
  once entrypoint has written the marker. When the pod is deleted (the job was aborted, the node
  drained) the kubelet sends SIGTERM to the first process of both containers at the same moment
  and, once the pod's termination grace period is over, SIGKILL to whatever is left. That period
  is 125% of the step's grace period: 80% for the step to wrap up, 20% for the upload.
  SIGTERM travels down the chain: entrypoint-wrapper passes it to entrypoint, which sends the
  step's shell SIGINT and then SIGTERM. A step that traps them and ends within its grace period
  gets its artifacts uploaded and the job reported aborted. A step that ignores them is killed by
  entrypoint at the end of the grace period, and only then is the marker written: whatever is left
  of the termination grace period is all the sidecar gets for the upload. A step that traps them
  but is waiting on a foreground command fares no better: bash runs a trap only once the command
  it waits on returns, so the trap never runs (the `sleep 600` against `sleep 600 & wait` pitfall;
  bash manual, "Signals").
  (CI documentation "Timeouts and Interruptions", sections entrypoint, sidecar and
  entrypoint-wrapper.)

  @clause:POD-FORWARD-CHAIN @clause:POD-MARK-FOR-UPLOAD @clause:SC-IGNORE-INTERRUPTS
  Scenario Outline: A step that traps the interrupt gets its artifacts uploaded and the job reported aborted (<store>)
    Given a ci-operator step pod whose step has a timeout of 1m and a grace period of 2s
    And the sidecar uploads to <store>
    And the step's commands are:
      """
      trap 'echo "gathered on interrupt" > "${ARTIFACT_DIR}/gathered.txt"; kill $(jobs -p); exit 130' INT TERM
      echo "step started"
      sleep 600 &
      wait
      """
    When the pod starts
    And the step has printed "step started"
    And the pod is deleted
    Then the pod is gone within its termination grace period
    And the marker file contains "130"
    And finished.json says the result is "ABORTED" and passed is false
    And the upload holds "artifacts/gathered.txt" with exactly "gathered on interrupt\n"
    And the upload holds "build-log.txt" with "step started"

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |

  @clause:POD-MARK-FOR-UPLOAD @clause:EP-INT-GRACE
  Scenario Outline: A step that ignores the interrupt is killed at the end of its grace period, and the last fifth is for the upload (<store>)
    Given a ci-operator step pod whose step has a timeout of 1m and a grace period of 8s
    And the sidecar uploads to <store>
    And the step's commands are:
      """
      trap '' INT TERM
      echo "step started"
      sleep 600 &
      wait
      """
    When the pod starts
    And the step has printed "step started"
    And the pod is deleted
    Then the pod is gone within its termination grace period
    And the marker file contains "130"
    And finished.json says the result is "ABORTED" and passed is false
    And the upload holds "build-log.txt" with "step started"

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |

  @hazard @clause:EP-INT-GRACE
  Scenario Outline: A step whose trap waits on a foreground command is killed at the end of its grace period, and its trap never runs (<store>)
    What to do: run long commands in the background and wait for them (`sleep 600 & wait`
    rather than `sleep 600`): `wait` returns as soon as a trapped signal arrives, so the trap runs
    at once. `podutils-conformance drill` shows whether a step of yours has this pitfall.

    Given a ci-operator step pod whose step has a timeout of 1m and a grace period of 4s
    And the sidecar uploads to <store>
    And the step's commands are:
      """
      trap 'echo "gathered on interrupt" > "${ARTIFACT_DIR}/gathered.txt"; exit 0' INT TERM
      echo "step started"
      sleep 600
      """
    When the pod starts
    And the step has printed "step started"
    And the pod is deleted
    Then the pod is gone within its termination grace period
    And the marker file contains "130"
    And finished.json says the result is "ABORTED" and passed is false
    And the upload holds no "artifacts/gathered.txt"

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |

  @hazard @clause:SC-IGNORE-HAZARD
  Scenario Outline: A step that ignores the interrupt, in a pod whose termination grace period is shorter than the step's, uploads nothing (<store>)
    What to do: give the pod a termination grace period longer than the step's grace period
    (ci-operator's default is 125% of it: keep it), and make the step end on the interrupt so
    that entrypoint need not wait the grace period out before writing the marker.

    Given a ci-operator step pod whose step has a timeout of 1m and a grace period of 4s
    And the pod has a termination grace period of 2s
    And the sidecar uploads to <store>
    And the step's commands are:
      """
      trap '' INT TERM
      echo "step started"
      sleep 600 &
      wait
      """
    When the pod starts
    And the step has printed "step started"
    And the pod is deleted
    Then the kubelet kills the containers "test, sidecar" at the end of the termination grace period
    And no marker file was written
    And nothing was uploaded

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |
