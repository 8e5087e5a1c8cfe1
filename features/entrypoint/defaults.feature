@role:entrypoint
Feature: Default timeout and grace period
  A timeout or grace period of 0, or left out, means the defaults: 2 hours and 15 seconds. Nobody
  waits 2 hours in a test suite: these scenarios check that 0 or absent does not mean "at once"
  (the test keeps running, unsignalled, well past a short run; after an interrupt it is not killed
  right away).
  (Prow pkg/entrypoint/run.go DefaultTimeout, DefaultGracePeriod.)

  @clause:EP-DEFAULTS
  Scenario Outline: A timeout and grace period of <value> mean the defaults, not zero
    Given entrypoint has the options:
      | timeout      | <value> |
      | grace_period | <value> |
    And the test ignores SIGINT and SIGTERM
    And the test runs until it is stopped
    When entrypoint runs the test
    Then the test is still running, with no signal received, 2s after entrypoint started
    When entrypoint receives SIGTERM
    Then the test receives SIGINT at once
    And the test is still running 1.5s after entrypoint received the signal

    Examples:
      | value  |
      | 0      |
      | absent |
