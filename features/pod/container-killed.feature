@role:entrypoint @role:sidecar @hazard
Feature: A test container killed outright never writes its marker
  When the kernel's out-of-memory killer ends a test container, it kills entrypoint together with
  the test: nobody is left to write the marker. The sidecar cannot tell a dead container from a
  slow test, so it keeps waiting, uploading nothing, for as long as the pod exists; the job's
  result stays unknown until something else (Prow's pod timeout, a user) deletes the pod. What
  happens then depends on the sidecar's mode: one that reacts to interrupts uploads the build log
  and an aborted result at once, one that ignores them uploads nothing at all. Either way the
  kubelet has to kill the sidecar at the end of the termination grace period, since the marker
  it waits for never comes.
  (CI documentation "Timeouts and Interruptions", section sidecar; Prow pkg/sidecar.)

  What to do: give the test container a memory limit with room to spare and look for OOMKilled
  in the pod's status when a job hangs without a result; keep a pod timeout (Prow's decoration
  sets one) so that such a pod is deleted in bounded time; prefer a sidecar that reacts to
  interrupts where the build log matters more than waiting for the test.

  @clause:SC-UPLOAD-ON-INTERRUPT @clause:POD-MARK-FOR-UPLOAD
  Scenario Outline: In a Prow job pod the sidecar waits until the pod is deleted, then uploads an aborted result (<store>)
    Given a Prow job pod whose test has a timeout of 1m and a grace period of 1s
    And the sidecar uploads to <store>
    And the test runs until it is stopped
    When the pod starts
    And the test has started
    And the test container is killed, as by the out-of-memory killer
    Then the sidecar is still waiting 1s later, having uploaded nothing
    When the pod is deleted
    Then finished.json soon says the job was aborted, passed false, while the sidecar keeps waiting
    And the kubelet kills the containers "sidecar" at the end of the termination grace period
    And no marker file was written

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |

  @clause:SC-IGNORE-HAZARD @role:entrypoint-wrapper
  Scenario Outline: In a ci-operator step pod the sidecar waits until the pod is deleted, and uploads nothing (<store>)
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
    And the test container is killed, as by the out-of-memory killer
    Then the sidecar is still waiting 1s later, having uploaded nothing
    When the pod is deleted
    Then the kubelet kills the containers "sidecar" at the end of the termination grace period
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
