@role:entrypoint
Feature: Invalid options are refused before anything starts
  A decorated job whose ENTRYPOINT_OPTIONS is unusable must fail loudly and at once: a clear
  message on stderr, a non-zero exit, no test started, and no marker written (a marker would tell
  the sidecar that a test ran).
  (Prow pkg/entrypoint/options.go Validate, pkg/pod-utils/wrapper/options.go Validate,
  cmd/entrypoint/main.go.)

  @clause:EP-INVALID-OPTIONS @clause:EP-OPT-ENV
  Scenario Outline: Invalid ENTRYPOINT_OPTIONS: <problem>
    Given the test exits with code 0
    And ENTRYPOINT_OPTIONS is broken: <problem>
    When entrypoint runs the test
    Then entrypoint exits with a non-zero status
    And entrypoint's error output mentions "<mention>"
    And the test was never started
    And no marker file was written

    Examples:
      | problem                                           | mention                                   |
      | it is not set at all                              | ENTRYPOINT_OPTIONS\|process to wrap       |
      | the JSON is malformed                             | ENTRYPOINT_OPTIONS\|JSON                  |
      | the JSON is a list, not an object                 | ENTRYPOINT_OPTIONS\|JSON                  |
      | args is a string, not a list                      | args                                      |
      | args is missing                                   | args\|process to wrap\|command            |
      | args is empty                                     | args\|process to wrap\|command            |
      | process_log is missing                            | process.?log                              |
      | marker_file is missing                            | marker                                    |
      | always_zero and propagate_error_code are both set | always.?zero\|propagate                   |
      | the JSON is null                                  | ENTRYPOINT_OPTIONS\|process to wrap\|args |
      | container_name is a number                        | container_name                            |
      | always_zero is a string                           | always_zero                               |
      | the timeout is not a whole number of nanoseconds  | timeout                                   |
      | args holds a number                               | args                                      |

  @clause:EP-OPT-ENV
  Scenario: Unknown keys and null values are ignored
    A newer Prow may add options an older entrypoint does not know, and a null leaves the
    default, as Go's JSON decoding does.
    Given the test exits with code 0
    And ENTRYPOINT_OPTIONS also holds an unknown key and a null timeout
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the marker file contains "0"
