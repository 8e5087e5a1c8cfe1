@role:sidecar @capability:local-output
Feature: A sidecar that does not ignore interrupts uploads at once when interrupted
  In Prow job pods the sidecar processes interrupts: when the pod is deleted, every container gets
  SIGTERM at the same moment, and the sidecar starts uploading right away (marking the job
  ABORTED, with the build log and artifacts as they are), while entrypoint is still asking the test
  to stop. If the test then ends within its grace period, its marker appears and the sidecar
  uploads again: the final result replaces the early one. The documentation calls this inherently
  unsafe (the two uploads can run at the same time) but it guarantees that some artifacts are
  uploaded rather than none.
  (CI documentation "Timeouts and Interruptions", section sidecar, second mode; Prow
  pkg/sidecar/run.go.)

  Background:
    Given a periodic job "unit-tests" with build id "3003"
    And the sidecar uploads to a local directory
    And the sidecar uploads the artifact directory
    And the test container "test" has written "output before the interrupt" to its process log
    And the artifact "early.txt" holds "written before the interrupt"

  @clause:SC-UPLOAD-ON-INTERRUPT
  Scenario Outline: <signal> starts an upload at once while the test still runs
    When the sidecar runs
    And the sidecar receives <signal>
    Then finished.json soon says the job was aborted, passed false, while the sidecar keeps waiting
    And the upload holds "build-log.txt"
    And the upload holds "artifacts/early.txt"
    And the sidecar logs "Received an interrupt: <name>, cancelling...", then "Best-effort upload was successful"

    Examples:
      | signal  | name       |
      | SIGTERM | terminated |
      | SIGINT  | interrupt  |

  @clause:SC-FINAL-REPLACES @clause:SC-UPLOAD-ON-INTERRUPT
  Scenario: When the test then finishes, the final upload replaces the early one
    When the sidecar runs
    And the sidecar receives SIGTERM
    Then finished.json soon says the job was aborted, passed false, while the sidecar keeps waiting
    When the test container "test" writes "output after the interrupt" to its process log
    And the test writes the artifact "late.txt" holding "written after the interrupt"
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true
    And the upload holds "build-log.txt" with exactly "output before the interrupt\noutput after the interrupt\n"
    And the upload holds "artifacts/early.txt" with exactly "written before the interrupt"
    And the upload holds "artifacts/late.txt" with exactly "written after the interrupt"

  @clause:SC-UPLOAD-ON-INTERRUPT @clause:SC-UPLOAD-FAIL
  Scenario: An early upload that fails is logged as an error, and the final upload still goes up
    # The early upload gives up after its tries (an error in the log, nothing else); the sidecar
    # keeps waiting for the marker, and the final upload does not depend on the early one.
    Given the local output directory is a file
    When the sidecar runs
    And the sidecar receives SIGTERM
    Then the sidecar logs "Received an interrupt: terminated, cancelling...", then, after its upload retries, "Failed to perform best-effort upload"
    When the local output directory is a folder again
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the sidecar logs "Failed to perform best-effort upload" as an error caused by 'failed to upload to GCS: failed to copy files to "<uploads>": '
    And finished.json says the result is "SUCCESS" and passed is true
    And the upload holds "artifacts/early.txt" with exactly "written before the interrupt"

  @clause:SC-FINAL-REPLACES
  Scenario: A test aborted by the interrupt is reported ABORTED by the final upload too
    When the sidecar runs
    And the sidecar receives SIGTERM
    Then finished.json soon says the job was aborted, passed false, while the sidecar keeps waiting
    When the marker of "test" appears holding "130"
    Then the sidecar exits with status 0
    And finished.json says the result is "ABORTED" and passed is false

  @clause:SC-INTERRUPT-ONCE
  Scenario: A second interrupt neither stops the sidecar nor changes the outcome
    When the sidecar runs
    And the sidecar receives SIGTERM
    Then finished.json soon says the job was aborted, passed false, while the sidecar keeps waiting
    When the sidecar receives SIGTERM
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true

  @clause:SC-SIGNALS-AFTER-MARKERS
  Scenario Outline: Once the marker is seen, interrupts no longer stop the upload (<mode>)
    Given <setup>
    And the artifact directory holds 2000 files
    When the sidecar runs
    And the sidecar is waiting for the markers
    And the marker of "test" appears holding "0"
    And the sidecar has started uploading
    And the sidecar is sent SIGTERM every 10ms until it exits
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true
    And the upload holds all 2000 files of the artifact directory

    Examples:
      | mode                   | setup                                 |
      | uploading on interrupt | the sidecar uploads to a local directory |
      | ignoring interrupts    | the sidecar ignores interrupts        |
