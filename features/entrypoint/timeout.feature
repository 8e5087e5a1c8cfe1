@role:entrypoint
Feature: entrypoint enforces the job's timeout
  Kubernetes has no per-container timeout, so Prow's entrypoint enforces it itself: it starts the
  test, and if the test is still running when `timeout` has passed, it interrupts it with SIGINT.
  The test then has `grace_period` to wrap up (save artifacts, print a summary); if it is still
  there afterwards, entrypoint kills it with SIGKILL. Either way the job counts as failed: the
  marker file and entrypoint's exit status say 127.
  (CI documentation "Timeouts and Interruptions", section entrypoint; Prow pkg/entrypoint/run.go.)

  Background:
    Given entrypoint has a timeout of 1s and a grace period of 2s

  @clause:EP-TIMEOUT-SIGINT @clause:EP-TIMEOUT-GRACE-EXIT @clause:EP-TIMEOUT-CODE @clause:EP-MARKER-ALWAYS
  Scenario: A test still running at the timeout gets SIGINT and may exit within the grace period
    Given the test exits with code 0 200ms after it receives SIGINT
    When entrypoint runs the test
    Then the test receives SIGINT 1s after it started
    And the test exits by itself 200ms after it received SIGINT
    And entrypoint exits as soon as the test has ended
    And entrypoint exits with status 127
    And the marker file contains "127"

  @clause:EP-TIMEOUT-KILL @clause:EP-TIMEOUT-CODE @clause:EP-MARKER-ALWAYS
  Scenario: A test that ignores SIGINT is killed when the grace period ends
    Given the test ignores SIGINT
    And the test runs until it is stopped
    When entrypoint runs the test
    Then the test receives SIGINT 1s after it started
    And the test is killed 3s after it started
    And the test receives SIGINT at least once and no other signal
    And entrypoint exits with status 127
    And the marker file contains "127"

  @clause:EP-MARKER-AFTER-TEST @clause:EP-TIMEOUT-GRACE-EXIT
  Scenario: The marker appears only once a test wrapping up after the timeout has exited
    The sidecar starts its final upload when the marker appears: a marker written at the SIGINT
    would make it upload while the test is still saving its artifacts.
    Given entrypoint has a timeout of 500ms and a grace period of 3s
    And a watcher reads the marker file on every change in its directory
    And the test exits with code 0 2s after it receives SIGINT
    When entrypoint runs the test
    Then the test exits by itself 2s after it received SIGINT
    And the marker file appears only once the test has ended
    And the marker file contains "127"

  @clause:EP-MARKER-AFTER-TEST @clause:EP-TIMEOUT-KILL
  Scenario: The marker appears only once a test that ignores the timeout's SIGINT is killed
    Given entrypoint has a timeout of 500ms and a grace period of 2s
    And a watcher reads the marker file on every change in its directory
    And the test ignores SIGINT
    And the test runs until it is stopped
    When entrypoint runs the test
    Then the test is killed 2.5s after it started
    And the marker file appears only once the test has ended
    And the marker file contains "127"

  @clause:EP-TIMEOUT-SIGINT
  Scenario: A test that finishes before the timeout is never signalled
    Given the test runs for 500ms and exits with code 0
    When entrypoint runs the test
    Then the test receives no signal
    And entrypoint exits with status 0
    And the marker file contains "0"

  @clause:EP-TIMEOUT-SIGINT
  Scenario: A timeout longer than a JavaScript timer can count does not fire early
    Prow takes any duration, and Go's timers count it. A JavaScript timer holds at most 2^31-1 ms
    (24.8 days) and fires at once when given more.
    Given entrypoint has a timeout of 1000h and a grace period of 1s
    And the test runs for 500ms and exits with code 0
    When entrypoint runs the test
    Then the test receives no signal
    And entrypoint exits with status 0
    And the marker file contains "0"

  @clause:EP-TIMEOUT-CODE
  Scenario: A test that exits successfully after the timeout's SIGINT still counts as a timeout
    Given the test exits with code 0 0ms after it receives SIGINT
    When entrypoint runs the test
    Then the test receives SIGINT 1s after it started
    And entrypoint exits with status 127
    And the marker file contains "127"

  @clause:EP-TIMEOUT-LOG
  Scenario: The timeout and a graceful exit are logged
    Given the test exits with code 0 100ms after it receives SIGINT
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the process log contains the entrypoint messages:
      | Process did not finish before 1s timeout         |
      | Process gracefully exited before 2s grace period |

  @clause:EP-TIMEOUT-LOG
  Scenario Outline: Log lines print durations the way Go does (timeout <timeout>, grace <grace>)
    Given entrypoint has a timeout of <timeout> and a grace period of <grace>
    And the test ignores SIGINT
    And the test runs until it is stopped
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the process log contains the entrypoint messages:
      | Process did not finish before <go timeout> timeout    |
      | Process did not exit before <go grace> grace period   |

    Examples:
      | timeout | grace | go timeout | go grace |
      | 500ms   | 250ms | 500ms      | 250ms    |
      | 1.5s    | 1s    | 1.5s       | 1s       |
      | 1s      | 750ms | 1s         | 750ms    |

  @clause:EP-PROPAGATE
  Scenario: With propagate_error_code the test's own code is kept after a timeout
    Given entrypoint has the options:
      | propagate_error_code | true |
    And the test exits with code 3 100ms after it receives SIGINT
    When entrypoint runs the test
    Then the test receives SIGINT 1s after it started
    And entrypoint exits with status 3
    And the marker file contains "3"

  @clause:EP-PROPAGATE @clause:EP-EXIT-WRAP
  Scenario: With propagate_error_code a test killed after the grace period is recorded as -1
    Given entrypoint has a timeout of 1s and a grace period of 500ms
    And entrypoint has the options:
      | propagate_error_code | true |
    And the test ignores SIGINT
    And the test runs until it is stopped
    When entrypoint runs the test
    Then the test is killed 1.5s after it started
    And entrypoint exits with status 255
    And the marker file contains "-1"
