@role:entrypoint @role:sidecar
Feature: Deleting a Prow job pod
  In a Prow job pod the test container's first process is entrypoint, and the sidecar beside it
  does not ignore interrupts. When the pod is deleted the kubelet sends SIGTERM to both at the
  same moment. entrypoint passes the interrupt on to the test (SIGINT, then SIGTERM) and gives it
  its grace period; the sidecar does not wait for that: it uploads at once, reporting the job
  aborted with the build log and artifacts as they are, and keeps waiting for the marker. If the
  test ends within its grace period, the marker appears and the final upload replaces the early
  one, now with everything the test and entrypoint wrote until the end. The pod's termination
  grace period (125% of the test's grace period unless the job says otherwise) bounds all of it.
  (CI documentation "Timeouts and Interruptions", sections entrypoint and sidecar; Prow
  pkg/pod-utils/decorate.)

  @clause:POD-FORWARD-CHAIN @clause:POD-MARK-FOR-UPLOAD @clause:SC-UPLOAD-ON-INTERRUPT @clause:SC-FINAL-REPLACES
  Scenario Outline: The sidecar uploads at once while the test still runs, and the final upload replaces it (<store>)
    Given a Prow job pod whose test has a timeout of 1m and a grace period of 3s
    And the sidecar uploads to <store>
    And the test exits with code 0 1.5s after it receives SIGINT or SIGTERM
    When the pod starts
    And the test has started
    And the pod is deleted
    Then finished.json soon says the job was aborted while the test is still running
    And the build log uploaded with it does not mention "Process gracefully exited"
    And the pod is gone within its termination grace period
    And the marker file contains "130"
    And finished.json says the result is "ABORTED" and passed is false
    And the upload holds "build-log.txt" with "Process gracefully exited before 3s grace period"

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |
