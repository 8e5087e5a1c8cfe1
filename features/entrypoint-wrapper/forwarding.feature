@role:entrypoint-wrapper
Feature: entrypoint-wrapper forwards every interrupt to its child
  In ci-operator multi-stage step pods, entrypoint-wrapper runs above entrypoint. It forwards
  every SIGINT and SIGTERM it receives to its child, unchanged, each time, and does nothing else
  with them: no timeout, no grace period, no kill of its own. It therefore has no effect on the
  interruption protocol. Here its child is the test itself, so that what arrives can be seen;
  the signals are sent apart from each other so that none of them coalesce.
  (CI documentation "Timeouts and Interruptions", section entrypoint-wrapper; ci-tools
  cmd/entrypoint-wrapper/main.go.)

  Background:
    Given a step pod environment for entrypoint-wrapper
    And entrypoint-wrapper runs with "--dry-run"

  @clause:WR-FORWARD
  Scenario: A mixed sequence of SIGINT and SIGTERM reaches the test unchanged and in order
    Given the test ignores SIGINT and SIGTERM
    And the test runs for 2.5s and exits with code 0
    When entrypoint-wrapper runs the test
    And entrypoint-wrapper receives the signals "SIGTERM, SIGINT, SIGTERM, SIGTERM, SIGINT", 250ms apart
    Then the test receives exactly the signals "SIGTERM, SIGINT, SIGTERM, SIGTERM, SIGINT", in that order
    And entrypoint-wrapper exits with status 0

  @clause:WR-FORWARD
  Scenario: Each forwarded signal is announced on stderr
    Given the test ignores SIGINT and SIGTERM
    And the test runs for 1.5s and exits with code 0
    When entrypoint-wrapper runs the test
    And entrypoint-wrapper receives the signals "SIGINT, SIGTERM", 250ms apart
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper's error output has the lines:
      | received signal 2, forwarding  |
      | received signal 15, forwarding |
    And entrypoint-wrapper's error output has no line containing "Failed to forward signal"

  @clause:WR-SIGNAL-LOG
  Scenario Outline: The first interrupt is logged once, with Go's signal name (<signal>)
    Given the test ignores SIGINT and SIGTERM
    And the test runs for 1s and exits with code 0
    When entrypoint-wrapper runs the test
    And entrypoint-wrapper receives the signals "<signal>, <signal>", 250ms apart
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper's error output has exactly one line containing "level=info msg=\"Received signal.\" signal=<name>"
    And entrypoint-wrapper's error output has exactly one line containing "Received signal."
    And entrypoint-wrapper's error output has a line matching "^time=\"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)\" level=info msg=\"Received signal.\" signal=<name>$"
    And the entrypoint-wrapper log line containing "Received signal." carries the time it was written

    Examples:
      | signal  | name       |
      | SIGTERM | terminated |
      | SIGINT  | interrupt  |

  @clause:WR-NO-PROCESSING
  Scenario: Interrupts do not make entrypoint-wrapper stop or kill the test
    Given the test ignores SIGINT and SIGTERM
    And the test runs for 2s and exits with code 0
    When entrypoint-wrapper runs the test
    And entrypoint-wrapper receives the signals "SIGTERM, SIGTERM, SIGTERM", 200ms apart
    Then the test exits by itself 2s after it started
    And entrypoint-wrapper exits with status 0
