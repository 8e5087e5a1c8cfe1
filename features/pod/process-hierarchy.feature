@role:entrypoint @role:sidecar
Feature: The test's commands run at the bottom of a chain of coordinating processes
  The commands of a Prow job or of a ci-operator step are never the first process of their
  container. Decoration makes entrypoint the test container's first process (its PID 1) and the
  test its child; a ci-operator multi-stage step adds entrypoint-wrapper above entrypoint, and the
  step's commands run in a shell below it. Each layer is the parent of the next, which is why each
  one must pass signals on to its child: Kubernetes signals only the first process.
  (CI documentation "Timeouts and Interruptions", introduction and section entrypoint.)

  @clause:POD-HIERARCHY
  Scenario Outline: In a Prow job pod, entrypoint is the parent of the test (<store>)
    Given a Prow job pod whose test has a timeout of 1m and a grace period of 1s
    And the sidecar uploads to <store>
    And the test runs until it is stopped
    When the pod starts
    And the test has started
    Then the test container's process tree is "entrypoint > the test"

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |

  @clause:POD-HIERARCHY @role:entrypoint-wrapper
  Scenario Outline: In a ci-operator step pod, entrypoint-wrapper is the parent of entrypoint, the parent of the step's shell (<store>)
    Given a ci-operator step pod whose step has a timeout of 1m and a grace period of 1s
    And the sidecar uploads to <store>
    And the step's commands are:
      """
      echo "step started"
      sleep 600 &
      wait
      """
    When the pod starts
    And the step has printed "step started"
    Then the test container's process tree is "entrypoint-wrapper > entrypoint > the step's shell"

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |
