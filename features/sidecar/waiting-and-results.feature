@role:sidecar @capability:local-output
Feature: The sidecar waits for the test and reports its result
  The sidecar runs beside the test containers. It learns that a test is over only from its marker
  file (written by entrypoint), and uploads the build log, the result and the artifacts once the
  markers of all the test containers it watches are there. The result comes from the codes in the
  markers: SUCCESS when all are 0, ABORTED when one is 130 (entrypoint was interrupted), FAILURE
  otherwise. In these scenarios the harness plays the test containers: it writes their process
  logs and markers the way entrypoint does.
  (CI documentation "Timeouts and Interruptions", section sidecar; Prow pkg/sidecar/run.go.)

  Background:
    Given a periodic job "unit-tests" with build id "1001"
    And the sidecar uploads to a local directory

  @clause:SC-WAIT-MARKER @clause:SC-UPLOAD @clause:SC-OPT-ENV
  Scenario: Nothing is uploaded until the marker appears, then everything is
    Given the test container "test" has written "hello from the test" to its process log
    When the sidecar runs
    Then the sidecar is still waiting, having uploaded nothing
    When the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the upload holds "build-log.txt" with exactly "hello from the test\n"
    And finished.json says the result is "SUCCESS" and passed is true

  @clause:SC-MARKER-RECHECK
  Scenario: A marker the folder's watch cannot see is found by the look taken every 10 seconds
    # The sidecar watches the markers' folder, and also looks for the markers every 10 s, in
    # case the watch misses one: here the folder was replaced after the watch began.
    Given the test container "test" has written "hello from the test" to its process log
    When the sidecar runs
    And the sidecar is waiting for the markers
    And the folder of the markers is replaced by a copy of itself
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0 within 10s of the marker
    And the upload holds "build-log.txt" with exactly "hello from the test\n"

  @clause:SC-WAIT-MARKER
  Scenario: With several test containers the sidecar waits for every marker
    Given a test container "unit"
    And a test container "e2e"
    And the test container "unit" has written "unit output" to its process log
    And the test container "e2e" has written "e2e output" to its process log
    When the sidecar runs
    And the marker of "unit" appears holding "0"
    Then the sidecar is still waiting, having uploaded nothing
    When the marker of "e2e" appears holding "0"
    Then the sidecar exits with status 0
    And the upload holds "unit-build-log.txt" with exactly "unit output\n"
    And the upload holds "e2e-build-log.txt" with exactly "e2e output\n"
    And the upload holds no "build-log.txt"

  @clause:SC-RESULT
  Scenario Outline: The result follows the codes in the markers (<codes>)
    Given a test container "first"
    And a test container "second"
    When the sidecar runs
    And the marker of "first" appears holding "<first>"
    And the marker of "second" appears holding "<second>"
    Then the sidecar exits with status 0
    And finished.json says the result is "<result>" and passed is <passed>

    Examples:
      | codes                   | first | second | result  | passed |
      | all 0                   | 0     | 0      | SUCCESS | true   |
      | one failed              | 0     | 1      | FAILURE | false  |
      | one aborted             | 130   | 0      | ABORTED | false  |
      | skipped step            | 0     | 1130   | FAILURE | false  |
      | one aborted, one failed | 130   | 1      | ABORTED | false  |

  @clause:SC-MARKER-INVALID
  Scenario: A marker that is not a number counts as a failure
    When the sidecar runs
    And the marker of "test" appears holding "not a number"
    Then the sidecar exits with status 0
    And finished.json says the result is "FAILURE" and passed is false

  @clause:SC-MARKER-TRIM
  Scenario: A marker with surrounding whitespace is read as its number
    When the sidecar runs
    And the marker of "test" appears holding " 0\n"
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true

  @clause:SC-ENTRY-ERROR
  Scenario Outline: With entry_error the sidecar's own exit status reports failed tests (<codes>)
    Given the sidecar fails when a test container failed
    And a test container "first"
    And a test container "second"
    When the sidecar runs
    And the marker of "first" appears holding "<first>"
    And the marker of "second" appears holding "<second>"
    Then the sidecar exits with status <status>
    And finished.json says the result is "<result>" and passed is <passed>

    Examples:
      | codes                         | first | second | status | result  | passed |
      | all 0                         | 0     | 0      | 0      | SUCCESS | true   |
      | one failed                    | 0     | 2      | 1      | FAILURE | false  |
      | skipped step is not a failure | 0     | 1130   | 0      | FAILURE | false  |

  @clause:SC-ENTRY-ERROR
  Scenario: With entry_error the sidecar's last line counts the failed test containers
    Given the sidecar fails when a test container failed
    And a test container "first"
    And a test container "second"
    And a test container "third"
    When the sidecar runs
    And the marker of "first" appears holding "1"
    And the marker of "second" appears holding "0"
    And the marker of "third" appears holding "2"
    Then the sidecar exits with status 1
    And the sidecar fails with the message '2 containers failed'

  @clause:SC-BUILD-LOG-MISSING
  Scenario: A test container that wrote no process log: its build log says why
    Given a test container "unit"
    And a test container "e2e"
    And the test container "unit" has written "unit output" to its process log
    And the test container "e2e" wrote no process log
    When the sidecar runs
    And the marker of "unit" appears holding "0"
    And the marker of "e2e" appears holding "0"
    Then the sidecar exits with status 0
    And the upload holds "unit-build-log.txt" with exactly "unit output\n"
    And the upload holds "e2e-build-log.txt" saying the process log of "e2e" could not be opened
    And the sidecar logs as an error that the process log of "e2e" could not be opened

  @clause:SC-WRAPPER-OPTIONS
  Scenario: The deprecated wrapper_options is one more test container, waited for and uploaded, with a warning
    Given a test container "e2e"
    And the sidecar is given its first test container in the deprecated wrapper_options
    And the test container "test" has written "test output" to its process log
    And the test container "e2e" has written "e2e output" to its process log
    When the sidecar runs
    And the marker of "e2e" appears holding "0"
    Then the sidecar is still waiting, having uploaded nothing
    When the marker of "test" appears holding "1"
    Then the sidecar exits with status 0
    And finished.json says the result is "FAILURE" and passed is false
    And the upload holds "test-build-log.txt" with exactly "test output\n"
    And the upload holds "e2e-build-log.txt" with exactly "e2e output\n"
    And the sidecar warns "Using deprecated wrapper_options instead of entries. Please update prow/pod-utils/decorate before June 2019"
