@role:entrypoint
Feature: entrypoint passes on an interruption from Kubernetes
  When a pod is deleted (job aborted, node drained, pod preempted) the kubelet sends SIGTERM to
  PID 1 of each container, which in a Prow job is entrypoint. entrypoint then does what it does on
  a timeout, except that after the SIGINT it also delivers the signal it received. The test gets
  the grace period to exit, then SIGKILL; the marker and the exit status say 130 (aborted).
  Two signals of the same kind sent back to back may reach a process as one, so a test that is
  sent SIGINT twice may see it only once. And signals sent back to back are pending together:
  the kernel keeps no order between them, so the test may see SIGINT and SIGTERM in either order
  when they arrive together; sent apart, SIGINT must come first.
  (CI documentation "Timeouts and Interruptions", section entrypoint; Prow pkg/entrypoint/run.go.)

  Background:
    Given entrypoint has a timeout of 1m and a grace period of 1s

  @clause:EP-INT-FORWARD @clause:EP-INT-GRACE @clause:EP-INT-CODE @clause:EP-MARKER-ALWAYS
  Scenario: SIGTERM to entrypoint reaches the test as SIGINT then SIGTERM, then SIGKILL after the grace period
    Given the test ignores SIGINT and SIGTERM
    And the test runs until it is stopped
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    Then the test receives SIGINT at once
    And the test is killed 1s after entrypoint received the signal
    And the test receives SIGINT and then SIGTERM
    And entrypoint exits with status 130
    And the marker file contains "130"

  @clause:EP-INT-FORWARD @clause:EP-INT-GRACE @clause:EP-INT-CODE
  Scenario: SIGINT to entrypoint reaches the test as SIGINT, then SIGKILL after the grace period
    Given the test ignores SIGINT and SIGTERM
    And the test runs until it is stopped
    When entrypoint runs the test
    And entrypoint receives SIGINT
    Then the test receives SIGINT at once
    And the test is killed 1s after entrypoint received the signal
    And the test receives SIGINT at least once and no other signal
    And entrypoint exits with status 130
    And the marker file contains "130"

  @clause:EP-INT-GRACE @clause:EP-INT-CODE
  Scenario Outline: A test that exits on the interrupt ends there, and the job is still aborted (<signal>)
    Given the test exits with code 0 300ms after it receives SIGINT or SIGTERM
    When entrypoint runs the test
    And entrypoint receives <signal>
    Then the test exits by itself 300ms after it received SIGINT
    And entrypoint exits as soon as the test has ended
    And entrypoint exits with status 130
    And the marker file contains "130"

    Examples:
      | signal  |
      | SIGTERM |
      | SIGINT  |

  @clause:EP-MARKER-AFTER-TEST @clause:EP-INT-GRACE
  Scenario: The marker appears only once a test wrapping up after an interrupt has exited
    In a deleted pod the sidecar has already made its best-effort upload; the marker starts the
    final one, which must include what the test saved during its grace period.
    Given entrypoint has a timeout of 1m and a grace period of 3s
    And a watcher reads the marker file on every change in its directory
    And the test exits with code 0 2s after it receives SIGINT or SIGTERM
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    Then the test exits by itself 2s after it received SIGINT
    And the marker file appears only once the test has ended
    And the marker file contains "130"

  @clause:EP-MARKER-AFTER-TEST @clause:EP-INT-GRACE
  Scenario: The marker appears only once a test that ignores the interrupt is killed
    Given entrypoint has a timeout of 1m and a grace period of 2s
    And a watcher reads the marker file on every change in its directory
    And the test ignores SIGINT and SIGTERM
    And the test runs until it is stopped
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    Then the test is killed 2s after entrypoint received the signal
    And the marker file appears only once the test has ended
    And the marker file contains "130"

  @clause:EP-INT-LOG
  Scenario Outline: The interrupt is logged with Go's signal name (<signal>)
    Given the test exits with code 0 0ms after it receives SIGINT or SIGTERM
    When entrypoint runs the test
    And entrypoint receives <signal>
    Then entrypoint exits with status 130
    And the process log contains the entrypoint messages:
      | Entrypoint received interrupt: <name> |

    Examples:
      | signal  | name       |
      | SIGTERM | terminated |
      | SIGINT  | interrupt  |

  @clause:EP-INT-ONCE
  Scenario: A second SIGTERM neither kills entrypoint nor shortens the grace period
    Given the test ignores SIGINT and SIGTERM
    And the test runs until it is stopped
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    And entrypoint receives SIGTERM again 300ms later
    Then the test is killed 1s after entrypoint received the signal
    And entrypoint exits with status 130
    And the marker file contains "130"

  @clause:EP-PROPAGATE
  Scenario: With propagate_error_code the test's own code is kept after an interrupt
    Given entrypoint has the options:
      | propagate_error_code | true |
    And the test exits with code 42 100ms after it receives SIGTERM
    And the test ignores SIGINT
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    Then entrypoint exits with status 42
    And the marker file contains "42"

  @clause:EP-CHILD-ONLY
  Scenario: Only the test process is signalled, not the processes it started
    Given the test ignores SIGINT and SIGTERM
    And the test runs until it is stopped
    And the test starts a background process that ignores signals and runs until it is stopped
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    Then the test is killed 1s after entrypoint received the signal
    And entrypoint exits with status 130
    And the background process receives no signal
