@role:entrypoint
Feature: The marker file tells the sidecar that the test is over
  The marker file is the only link between entrypoint and the sidecar: the sidecar starts its final
  upload as soon as the file appears, and reads the test's code from it. So it must appear whole.
  A sidecar that reads a marker still being written would read nothing and report a failure
  (kubernetes/test-infra #8509): entrypoint writes it elsewhere first and renames it into place.
  (CI documentation "Timeouts and Interruptions", section sidecar; Prow pkg/entrypoint/run.go Mark.)

  @clause:EP-MARKER-ATOMIC
  Scenario: A watcher never sees the marker file empty or partial after a normal exit
    Given a watcher reads the marker file on every change in its directory
    And the test exits with code 42
    When entrypoint runs the test
    Then entrypoint exits with status 42
    And the watcher never saw the marker file empty, partial or modified in place

  @clause:EP-MARKER-ATOMIC
  Scenario: A watcher never sees the marker file empty or partial after a timeout
    Given a watcher reads the marker file on every change in its directory
    And entrypoint has a timeout of 300ms and a grace period of 300ms
    And the test exits with code 0 0ms after it receives SIGINT
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the watcher never saw the marker file empty, partial or modified in place

  @clause:EP-MARKER-FORMAT
  Scenario: The marker holds the code in decimal with no newline
    Given the test exits with code 7
    When entrypoint runs the test
    Then the marker file contains "7"

  @clause:EP-MARKER-TEMP-FOLDER
  Scenario: The folder the marker was written in stays beside it, empty and closed to other users
    The code is written to a temporary file in a new folder beside the marker (Go's os.MkdirTemp:
    the container's name and random digits, mode 700), and that file is renamed onto the marker.
    The folder is not removed: a logs volume shared by several containers ends up with one each.
    Given entrypoint has the options:
      | container_name | unit-tests |
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And beside the marker file is one empty folder named "unit-tests" and digits, which only its owner may open

  @clause:EP-MARKER-READABLE
  Scenario: The marker is readable by every user
    Given the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the marker file is readable by every user
