@role:entrypoint
Feature: The process log and entrypoint's stdout carry the test's output
  Everything the test prints, on stdout and stderr, goes to the process log (which the sidecar
  uploads as build-log.txt) and to entrypoint's own stdout (the container log that
  `kubectl logs` shows). entrypoint's own messages go to the same places as JSON log lines.
  (Prow pkg/entrypoint/run.go ExecuteProcess; CI documentation "Timeouts and Interruptions",
  section sidecar, for process_log.)

  @clause:EP-LOG-CAPTURE @clause:EP-LOG-OWN-LINES
  Scenario: The process log holds the test's stdout and stderr and entrypoint's JSON log lines
    Given entrypoint has a timeout of 1m and a grace period of 1s
    And the test exits with code 0 0ms after it receives SIGINT or SIGTERM
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    Then entrypoint exits with status 130
    And the process log contains what the test wrote to stdout and stderr
    And every other line of the process log is an entrypoint JSON log line

  @clause:EP-LOG-STDOUT
  Scenario: Every line of the process log also reaches entrypoint's stdout
    # Upstream stops writing its own log lines to the process log once the test is over, so
    # stdout may carry a few more entrypoint lines than the process log, never fewer.
    Given entrypoint has a timeout of 1m and a grace period of 1s
    And the test exits with code 0 0ms after it receives SIGINT or SIGTERM
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    Then entrypoint exits with status 130
    And every line of the process log also appears on entrypoint's stdout

  @clause:EP-LOG-COMPLETE @clause:EP-LOG-CAPTURE @clause:EP-LOG-STDOUT
  Scenario: Tens of megabytes of output arrive complete and in order
    Given the test writes 32 MiB to stdout and 8 MiB to stderr
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And everything the test wrote arrived complete and in order in the process log and on entrypoint's stdout

  @clause:EP-LOG-COMPLETE @clause:EP-LOG-STDOUT
  Scenario: A reader of entrypoint's stdout that falls behind holds the test back, and nothing is lost
    entrypoint reads ahead only so far (it must not hold a fast test's whole output in memory):
    when its stdout is not read, the test's writes wait, and go on once the reader catches up.
    Given the test writes 16 MiB to stdout and 0 MiB to stderr
    And the test exits with code 0
    And nobody reads entrypoint's stdout for the first 1s
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And everything the test wrote arrived complete and in order in the process log and on entrypoint's stdout

  @clause:EP-LOG-COMPLETE @clause:EP-MARKER-AFTER-TEST
  Scenario: When the marker appears the process log is complete, even behind a slow reader of stdout
    The sidecar uploads the process log as soon as it sees the marker.
    Given the test writes 3 MiB to stdout and 0 MiB to stderr
    And the test exits with code 0
    And nobody reads entrypoint's stdout for the first 2s
    And a watcher reads the process log the moment the marker appears
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the process log held everything the test wrote when the marker appeared

  @clause:EP-STDIN-NULL
  Scenario: The test's stdin is /dev/null
    Given the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the test's stdin is /dev/null

  @clause:EP-LOG-DEV-PATHS
  Scenario: A test that writes to /dev/stdout and /dev/stderr by name has that in the process log
    Job scripts often write `> /dev/stderr` or `tee /dev/stdout`: opening those paths works only
    if the test's output is a pipe or a file, not a socket.
    Given the test command is a script that writes "by name on stdout" to /dev/stdout and "by name on stderr" to /dev/stderr
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the process log contains the line "by name on stdout"
    And the process log contains the line "by name on stderr"

  @clause:EP-NOTHING-LEFT
  Scenario: entrypoint leaves nothing in its temp folder
    Given entrypoint's TMPDIR is an empty folder
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And entrypoint's TMPDIR is still empty

  @clause:EP-NOTHING-LEFT
  Scenario: Without an artifact_dir, entrypoint makes nothing where it runs
    No artifact_dir means no artifact directory, not one named by some default in the working
    folder.
    Given entrypoint works in an empty folder
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And entrypoint's working folder is still empty
