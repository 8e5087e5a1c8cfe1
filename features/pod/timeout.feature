@role:entrypoint @role:sidecar
Feature: A test that times out inside a Prow job pod
  Nobody deletes the pod: entrypoint's own timeout ends the test. It sends the test SIGINT when the
  timeout is over, SIGKILL when the grace period is over too, and only then writes the marker. The sidecar, which was waiting for the marker, then uploads the build log,
  the artifacts and finished.json, and the pod ends by itself. Prow's decoration makes the sidecar
  fail when the test failed.
  (CI documentation "Timeouts and Interruptions", section entrypoint; Prow pkg/entrypoint.)

  @clause:POD-MARK-FOR-UPLOAD @clause:EP-TIMEOUT-SIGINT @clause:EP-TIMEOUT-KILL @clause:EP-TIMEOUT-CODE
  Scenario Outline: SIGINT, the grace period, SIGKILL, the marker, the upload, in that order (<store>)
    Given a Prow job pod whose test has a timeout of 1s and a grace period of 1s
    And the sidecar uploads to <store>
    And the test ignores SIGINT and SIGTERM
    And the test runs until it is stopped
    When the pod starts
    Then the test receives SIGINT 1s after it started
    And the test is killed 2s after it started
    And the marker is written no earlier than 2s after the test started, and finished.json only after the marker
    And the pod ends by itself
    And the marker file contains "127"
    And the sidecar exits with status 1
    And finished.json says the result is "FAILURE" and passed is false
    And the upload holds "build-log.txt" with "Process did not exit before 1s grace period"

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |
