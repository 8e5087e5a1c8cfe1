@role:entrypoint-wrapper
Feature: entrypoint-wrapper exits as its child did
  The step's result is its child's: entrypoint-wrapper exits with the child's exit code (0, 1, or
  130 from an entrypoint that was interrupted...), and says on stderr how a child that did not
  succeed ended. A child killed by a signal makes it exit 255; a command that cannot even be
  started, 1.
  (ci-tools cmd/entrypoint-wrapper/main.go.)

  Background:
    Given a step pod environment for entrypoint-wrapper
    And entrypoint-wrapper runs with "--dry-run"

  @clause:WR-EXIT-CODE
  Scenario Outline: The child's exit code is entrypoint-wrapper's (<code>)
    Given the test exits with code <code>
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status <code>

    Examples:
      | code |
      | 0    |
      | 1    |
      | 130  |

  @clause:WR-EXIT-CODE
  Scenario: A child that succeeds leaves no error line
    Given the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper's error output has no line containing "error:"

  @clause:WR-EXIT-CODE
  Scenario: A child killed by a signal makes entrypoint-wrapper exit 255
    Given the test dies of an uncaught SIGTERM after 100ms
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 255
    And entrypoint-wrapper's error output has the lines:
      | error: failed to execute wrapped command: signal: terminated |

  @clause:WR-EXIT-CODE
  Scenario: A failing child is reported on stderr with its exit status
    Given the test exits with code 3
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 3
    And entrypoint-wrapper's error output has the lines:
      | error: failed to execute wrapped command: exit status 3 |

  @clause:WR-START-FAILURE
  Scenario: A command that cannot be started makes entrypoint-wrapper exit 1
    Given the test command is a file that does not exist
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output has a line matching "^error: failed to execute wrapped command: failed to start main process: fork/exec .+/run-tests\.sh: no such file or directory$"
