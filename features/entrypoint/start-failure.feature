@role:entrypoint
Feature: A test command that cannot be started
  If the test command cannot be started at all (a typo in the path, a script without its
  executable bit), entrypoint records 127 and writes the reason into the process log, so that
  the job's build log says what went wrong.
  (Prow pkg/entrypoint/run.go ExecuteProcess.)

  @clause:EP-START-FAIL @clause:EP-MARKER-ALWAYS
  Scenario: A command that does not exist
    Given the test command is a file that does not exist
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the process log mentions the test command

  @clause:EP-START-FAIL
  Scenario: A command that is not executable
    Given the test command is a file that is not executable
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the process log mentions the test command
