@role:sidecar @capability:local-output
Feature: A sidecar that ignores interrupts uploads only when the test is over
  In ci-operator step pods the sidecar is told to ignore interrupts: when the pod is deleted it
  takes no action on SIGTERM or SIGINT and relies solely on the marker file, assuming the test
  process ends properly within the pod's grace period. If it does not, nothing is uploaded: the
  artifacts are lost.
  (CI documentation "Timeouts and Interruptions", section sidecar, first mode; Prow
  pkg/sidecar/run.go.)

  Background:
    Given a periodic job "e2e-step" with build id "2002"
    And the sidecar uploads to a local directory
    And the sidecar uploads the artifact directory
    And the sidecar ignores interrupts
    And the test container "test" has written "step output" to its process log

  @clause:SC-IGNORE-INTERRUPTS
  Scenario Outline: <signal> changes nothing: the full upload comes when the marker appears
    When the sidecar runs
    And the sidecar receives <signal>
    Then nothing is uploaded within 1s of the signal, and the sidecar keeps waiting
    When the test writes the artifact "results/junit.xml" holding "<testsuite/>"
    And the marker of "test" appears holding "130"
    Then the sidecar exits with status 0
    And finished.json says the result is "ABORTED" and passed is false
    And the upload holds "build-log.txt" with exactly "step output\n"
    And the upload holds "artifacts/results/junit.xml" with exactly "<testsuite/>"
    And the sidecar warns "Received an interrupt: <name>, ignoring..."

    Examples:
      | signal  | name       |
      | SIGTERM | terminated |
      | SIGINT  | interrupt  |

  @clause:SC-IGNORE-HAZARD @hazard
  Scenario: Hazard: a test that never finishes gets nothing uploaded
    What to do: make the test end on SIGINT and SIGTERM (trap them, save what it has, exit),
    keep its grace period shorter than the pod's termination grace period, and write artifacts
    as the test goes rather than all at the end.

    # The documented risk of this mode: if the test does not end before the pod is killed, the
    # sidecar is killed still waiting for the marker and no log or artifact reaches the store.
    Given the artifact "partial-results.txt" holds "half of the results"
    When the sidecar runs
    And the sidecar receives SIGTERM
    Then nothing is uploaded within 1.5s of the signal, and the sidecar keeps waiting
