@role:sidecar @capability:s3
Feature: The sidecar retries uploads, and gives up in bounded time
  An upload can fail for a moment (the store restarting, the network flapping). The sidecar tries
  each object up to 4 times, waiting 1 s, 4 s and 9 s between tries, so a store that comes back
  within about 14 s still gets everything. If the store stays down, the sidecar logs the failure
  and ends instead of hanging (upstream takes about a minute: its S3 client retries each try on
  its own). Upstream then exits 0: nothing in its exit status says the results were lost.
  (Prow pkg/pod-utils/gcs/upload.go upload, cmd/sidecar/main.go.)

  Background:
    Given a periodic job "ci-job" with build id "7007"
    And the sidecar uploads to a MinIO bucket that is not up yet
    And the test container "test" has written "build output" to its process log

  @clause:SC-RETRY
  Scenario: A store that comes up a few seconds late still gets the upload
    When the sidecar runs
    And the marker of "test" appears holding "0"
    And the MinIO server comes up 2s later, with the bucket
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true
    And the upload holds "build-log.txt" with exactly "build output\n"
    And the bucket holds "logs/ci-job/latest-build.txt" with exactly "7007"

  @clause:SC-UPLOAD-FAIL @hazard
  Scenario: Hazard: with the store down for good, the sidecar gives up and exits 0 having uploaded nothing
    What to do: do not read the sidecar's exit status as a sign that the results are stored;
    treat a job without finished.json in its storage as an infrastructure failure, and watch the
    sidecar's log for upload errors.

    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0 within 90s of the marker
