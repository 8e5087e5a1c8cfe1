@role:entrypoint
Feature: entrypoint reports how the test ended
  When the test ends on its own, its exit code is what entrypoint records in the marker file and
  what entrypoint itself exits with, so the container's status is the test's. A process exit status
  has 8 bits: codes outside 0-255 (like entrypoint's own 1130, or -1 for a test killed by a
  signal) come out modulo 256. `always_zero` makes entrypoint exit 0 while the marker keeps the
  real code (for steps whose failure a later step reads from the marker).
  (Prow pkg/entrypoint/run.go, options.go.)

  @clause:EP-EXIT-PASS @clause:EP-MARKER-FORMAT @clause:EP-MARKER-ALWAYS
  Scenario Outline: The test's exit code passes through (<code>)
    Given the test exits with code <code>
    When entrypoint runs the test
    Then entrypoint exits with status <code>
    And the marker file contains "<code>"

    Examples:
      | code |
      | 0    |
      | 1    |
      | 42   |
      | 255  |

  @clause:EP-EXIT-SIGNALLED @clause:EP-EXIT-WRAP
  Scenario Outline: A test that dies of a signal it did not catch is recorded as -1 (<signal>)
    Given the test dies of an uncaught <signal> after 100ms
    When entrypoint runs the test
    Then entrypoint exits with status 255
    And the marker file contains "-1"

    Examples:
      | signal  |
      | SIGTERM |
      | SIGQUIT |

  @clause:EP-ALWAYS-ZERO
  Scenario: With always_zero entrypoint exits 0 and the marker keeps the failure
    Given entrypoint has the options:
      | always_zero | true |
    And the test exits with code 3
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the marker file contains "3"

  @clause:EP-ALWAYS-ZERO @clause:EP-TIMEOUT-CODE
  Scenario: With always_zero a timeout still exits 0 and the marker says 127
    Given entrypoint has a timeout of 500ms and a grace period of 500ms
    And entrypoint has the options:
      | always_zero | true |
    And the test exits with code 0 0ms after it receives SIGINT
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the marker file contains "127"

  @clause:EP-WAIT-OUTPUT
  Scenario: A background process holding the test's output open delays the end of the test
    Given the test starts a background process that keeps its output open for 1s
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits only once the background process has ended
    And entrypoint exits with status 0
    And the marker file contains "0"
