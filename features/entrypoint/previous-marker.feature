@role:entrypoint
Feature: A step can wait for the previous step's marker
  With `previous_marker`, entrypoint first waits for another entrypoint's marker file. It runs the
  test only if that marker holds 0; otherwise it records 1130 (entrypoint's own code for "skipped
  because the previous step failed") without running the test. Markers are written whole (see
  the marker feature), so the harness writes the previous marker the same way.
  (Prow pkg/entrypoint/options.go PreviousMarker, run.go ExecuteProcess.)

  Background:
    Given entrypoint has the options:
      | previous_marker | logs/previous-marker.txt |

  @clause:EP-PREV-WAIT @clause:EP-PREV-RUN
  Scenario: The test starts only once the previous marker says 0
    Given the test exits with code 0
    When entrypoint runs the test
    Then the test has not started while entrypoint waits for the previous marker
    When the previous step's marker appears holding "0"
    Then entrypoint exits with status 0
    And the marker file contains "0"
    And the test started as soon as the previous marker appeared

  @clause:EP-PREV-WAIT @clause:EP-PREV-RUN
  Scenario: A previous marker that is already there lets the test start at once
    Given the previous step's marker already holds "0"
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the test started without waiting

  @clause:EP-PREV-SKIP @clause:EP-EXIT-WRAP @clause:EP-MARKER-ALWAYS
  Scenario Outline: A failed previous step means the test is skipped and 1130 recorded (previous marker <code>)
    Given the test exits with code 0
    When entrypoint runs the test
    And the previous step's marker appears holding "<code>"
    Then entrypoint exits with status 106
    And the marker file contains "1130"
    And the test was never started

    Examples:
      | code |
      | 1    |
      | 130  |

  @clause:EP-PREV-INTERRUPT @clause:EP-MARKER-ALWAYS
  Scenario: An interrupt while waiting ends the wait, and the test never runs
    Given the test exits with code 0
    When entrypoint runs the test
    And entrypoint receives SIGTERM while it waits for the previous marker
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the test was never started

  @clause:EP-PREV-INVALID
  Scenario Outline: A previous marker that is not a number is an error, and the test never runs (<content>)
    Given the test exits with code 0
    When entrypoint runs the test
    And the previous step's marker appears holding "<content>"
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the test was never started
    And entrypoint logged "Error executing test process" with an error matching "invalid return code: strconv\.Atoi: parsing \"<content>\": invalid syntax$"

    Examples:
      | content      |
      | not a number |
      | 1x           |
      | x1           |

  @clause:EP-PREV-RUN
  Scenario Outline: A previous marker holding 0 with <what> lets the test run
    A marker written by a script (`echo 0 > marker`) ends with a newline.
    Given the test exits with code 0
    When entrypoint runs the test
    And the previous step's marker appears holding "<content>"
    Then entrypoint exits with status 0
    And the marker file contains "0"

    Examples:
      | what                                                   | content |
      | a newline after it                                     | 0\n     |
      | a plus sign                                            | +0      |
      | a next-line character (U+0085, a space to Go) after it | 0\u0085 |

  @clause:EP-PREV-INVALID
  Scenario Outline: A previous marker is trimmed only of what Go counts as space, and its text is quoted as Go quotes it (<what>)
    Given the test exits with code 0
    When entrypoint runs the test
    And the previous step's marker appears holding "<content>"
    Then entrypoint exits with status 127
    And the test was never started
    And entrypoint logged "Error executing test process" with an error matching "invalid return code: strconv\.Atoi: parsing <quoted>: invalid syntax$"

    Examples:
      | what                                            | content | quoted         |
      | a byte order mark before it (not a space to Go) | \ufeff0 | \"\\\\ufeff0\" |
      | a DEL after it                                  | 0\x7f   | \"0\\\\x7f\"   |
      | a bell after it                                 | 0\x07   | \"0\\\\a\"     |

  @clause:EP-PREV-INVALID
  Scenario: A previous marker that cannot be read is an error, and the test never runs
    Given the test exits with code 0
    And the previous marker is a folder, not a file
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the test was never started

  @clause:EP-PREV-INVALID
  Scenario: A previous marker in a folder that does not exist cannot be waited for, and the test never runs
    Nothing could create the marker there without creating the folder first, which no watch of a
    missing folder would see: entrypoint gives up at once instead of waiting forever.
    Given the test exits with code 0
    And the previous marker is in a folder that does not exist
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the test was never started
    And entrypoint logged "Error executing test process" with an error matching "previous-marker\.txt: add .+/no-such-folder to fsnotify watch: no such file or directory$"
