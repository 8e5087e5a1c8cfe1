@role:entrypoint
Feature: entrypoint cannot prepare the run or record its end
  Before the test starts, entrypoint creates the artifact directory and the process log; if it
  cannot, the test never runs and the marker says 127 (so the sidecar still learns the job
  failed). After the test, the marker is the only record of the result: if it cannot be written,
  entrypoint itself fails with 127, even when told to exit 0 (always_zero), since nobody else
  would learn that the test failed.
  (Prow pkg/entrypoint/run.go ExecuteProcess, internalRun.)

  @clause:EP-SETUP-FAIL @clause:EP-MARKER-ALWAYS
  Scenario Outline: The <what> cannot be created: 127 and the test never runs
    Given the <what> cannot be created
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the test was never started

    Examples:
      | what               |
      | artifact directory |
      | process log        |

  @clause:EP-MARKER-FAIL
  Scenario: A marker that cannot be written makes entrypoint exit 127
    Given the marker file cannot be written
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 127

  @clause:EP-MARKER-FAIL @clause:EP-ALWAYS-ZERO
  Scenario: A marker that cannot be written makes entrypoint exit 127 even with always_zero
    Given entrypoint has the options:
      | always_zero | true |
    And the marker file cannot be written
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 127
