@role:entrypoint-wrapper
Feature: entrypoint-wrapper can hold the test back until a file appears
  With --wait-for-file, entrypoint-wrapper starts its child only once that file exists, waiting
  at most --wait-timeout: when the time is up it logs a warning and starts the child anyway.
  (ci-tools cmd/entrypoint-wrapper/main.go, waitForFile and execCmd.)

  Background:
    Given a step pod environment for entrypoint-wrapper
    And the test exits with code 0

  @clause:WR-WAIT-FOR-FILE
  Scenario: With --wait-for-file the child starts only once the file exists, as soon as it does
    A --wait-timeout longer than Node's longest timer (about 24.8 days) still waits.
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/ready-file --wait-timeout 1000h"
    When entrypoint-wrapper runs the test
    And the file "ready-file" appears 1s later
    Then entrypoint-wrapper exits with status 0
    And the test started only after the file appeared
    And the test started as soon as the file appeared

  @clause:WR-WAIT-FOR-FILE
  Scenario: A --wait-timeout just past Node's longest timer still waits
    2^31 ms is one more than a Node timer holds: given it, a timer fires at once.
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/ready-file --wait-timeout 2147483648ms"
    When entrypoint-wrapper runs the test
    And the file "ready-file" appears 1s later
    Then entrypoint-wrapper exits with status 0
    And the test started only after the file appeared

  @clause:WR-WAIT-FOR-FILE
  Scenario: Other files appearing in the folder do not end the wait
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/ready-file --wait-timeout 1000h"
    When entrypoint-wrapper runs the test
    And the file "another-file" appears 500ms later
    And the file "ready-file" appears 500ms later
    Then entrypoint-wrapper exits with status 0
    And the test started only after the file appeared

  @clause:WR-WAIT-FOR-FILE
  Scenario: A file that is already there lets the test start at once
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/ready-file --wait-timeout 1000h"
    And the file "ready-file" is already there
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test ran and exited with code 0

  @clause:WR-WAIT-FOR-FILE
  Scenario: A file to wait for in a directory that does not exist is an error
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/no-such-dir/ready-file --wait-timeout 30s"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output has a line matching "^error: failed to wait for file: failed to watch file \".+/no-such-dir\": no such file or directory$"
    And the test never started under entrypoint-wrapper

  @clause:WR-WAIT-TIMEOUT
  Scenario: When --wait-timeout passes first, the test starts anyway, after a warning
    (A second: longer than the timing tolerance at time scale 2, so that a test started at once
    is never taken for one started on time.)
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/never-written --wait-timeout 1s"
    When entrypoint-wrapper runs the test
    Then the test starts 1s after entrypoint-wrapper began waiting for the file
    And entrypoint-wrapper exits with status 0
    And entrypoint-wrapper's error output mentions "warning: timeout after waiting 1s"
    And entrypoint-wrapper's error output has a line matching "^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d warning: timeout after waiting 1s for file \".*/never-written\"$"
    And the entrypoint-wrapper log line containing "warning: timeout after waiting" carries the time it was written

  @clause:WR-WAIT-TIMEOUT
  Scenario Outline: The warning gives --wait-timeout as Go read it (<value>)
    Negative, so that the wait is over at once: the warning still says how long it was.
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/never-written --wait-timeout <value>"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper's error output mentions "warning: timeout after waiting <read> for file"

    Examples:
      | value                     | read                      |
      | -1.25s                    | -1.25s                    |
      | -1s.5s                    | -1.5s                     |
      | -0.0083333m               | -499.998ms                |
      | -1.5h30m                  | -2h0m0s                   |
      | -500000us                 | -500ms                    |
      | -9223372036854775808ns    | -2562047h47m16.854775808s |
      | -.8433849399808333102962h | -50m36.185783931s         |

  @clause:WR-WAIT-TIMEOUT
  Scenario: A negative --wait-timeout gives up at once, after the warning
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/never-written --wait-timeout -1s"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test ran and exited with code 0
    And entrypoint-wrapper's error output mentions "warning: timeout after waiting -1s for file"
