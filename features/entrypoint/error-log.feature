@role:entrypoint
Feature: entrypoint's log says why the test did not pass
  When the job fails, the build log is what its author reads first. entrypoint ends every run
  that did not pass with one log line, "Error executing test process", whose `error` field names
  the cause: the test's exit status, the timeout, the interrupt, or the step entrypoint could
  not take. A run that passed logs no such line. Skipping the test because the previous step
  failed is not an error: it is logged at info level instead.
  (Prow pkg/entrypoint/run.go Run, ExecuteProcess.)

  @clause:EP-ERROR-LOG
  Scenario: A test that passes leaves no error line
    Given the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And entrypoint logged no "Error executing test process"

  @clause:EP-ERROR-LOG
  Scenario: A failing test's exit status is the error
    Given the test exits with code 3
    When entrypoint runs the test
    Then entrypoint exits with status 3
    And entrypoint logged "Error executing test process" with an error matching "^wrapped process failed: exit status 3$"

  @clause:EP-ERROR-LOG
  Scenario: A timed-out test's error says so
    Given entrypoint has a timeout of 500ms and a grace period of 1s
    And the test exits with code 0 0ms after it receives SIGINT
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And entrypoint logged "Error executing test process" with an error matching "^process timed out$"

  @clause:EP-ERROR-LOG
  Scenario: An interrupted test's error says it was aborted
    Given the test exits with code 0 0ms after it receives SIGINT or SIGTERM
    When entrypoint runs the test
    And entrypoint receives SIGTERM
    Then entrypoint exits with status 130
    And entrypoint logged "Error executing test process" with an error matching "^process aborted$"

  @clause:EP-ERROR-LOG @clause:EP-ERROR-WORDING
  Scenario Outline: When the <what> cannot be created, the error names it and says why (<why>)
    Given the <what> cannot be created, <why>
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And entrypoint logged "Error executing test process" with an error matching "^could not create <name>\(.+\): <cause>$"

    Examples:
      | what               | why                                               | name               | cause                                                                 |
      | artifact directory | since a file is where a folder above it should be | artifact directory | mkdir .+/not-a-directory: not a directory                             |
      | artifact directory | since a link to nothing has its name              | artifact directory | mkdir .+/dangling: file exists                                        |
      | artifact directory | since its name is too long                        | artifact directory | mkdir .+/a{300}: file name too long                                   |
      | process log        | since its folder does not exist                   | process logfile    | open .+/missing-directory/process-log\.txt: no such file or directory |
      | process log        | since a folder has its name                       | process logfile    | open .+/a-folder: is a directory                                      |

  @clause:EP-ERROR-LOG @clause:EP-ERROR-WORDING
  Scenario Outline: A marker that cannot be written is logged, and says why (<why>)
    The marker is first written to a temporary file in a new folder beside it, named after the
    container, then renamed onto the marker: an error names the step that failed. The process
    log is closed by then: the line is on entrypoint's own output only.
    Given the marker file cannot be written, <why>
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And entrypoint logged "Error writing exit code to marker file" with an error matching "^<cause>$"
    And the process log does not mention "Error writing exit code to marker file"

    Examples:
      | why                               | cause                                                                                                                              |
      | since its folder does not exist   | test: error creating temp dir: stat .+/missing-directory: no such file or directory                                                |
      | since its folder is a file        | test: error creating temp dir: mkdir .+/not-a-directory/test[0-9]+: not a directory                                                |
      | since a folder above it is a file | test: error creating temp dir: mkdir .+/not-a-directory/below/test[0-9]+: not a directory                                          |
      | since its name is too long        | could not move marker file to destination path \(.+/m{300}\): rename .+/test[0-9]+/temp-marker[0-9]+ .+/m{300}: file name too long |
      | since a folder has its name       | could not move marker file to destination path \(.+/a-folder\): rename .+/test[0-9]+/temp-marker[0-9]+ .+/a-folder: file exists    |

  @clause:EP-ERROR-LOG @clause:EP-ERROR-WORDING
  Scenario: Without a container_name the marker's temp folder is named by digits alone
    Given entrypoint is given no container_name
    And the marker file cannot be written, since its folder is a file
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And entrypoint logged "Error writing exit code to marker file" with an error matching "^: error creating temp dir: mkdir .+/not-a-directory/[0-9]+: not a directory$"

  @clause:EP-ERROR-LOG
  Scenario: A failed previous step is logged at info level, not as an error
    Given entrypoint has the options:
      | previous_marker | logs/previous-marker.txt |
    And the test exits with code 0
    When entrypoint runs the test
    And the previous step's marker appears holding "1"
    Then entrypoint exits with status 106
    And entrypoint logged "Skipping as previous step exited 1"
    And entrypoint logged no "Error executing test process"

  @clause:EP-ERROR-LOG
  Scenario: An interrupt while waiting for the previous marker is logged, and the wait's error says it was cancelled
    Given entrypoint has the options:
      | previous_marker | logs/previous-marker.txt |
    And the test exits with code 0
    When entrypoint runs the test
    And entrypoint receives SIGINT while it waits for the previous marker
    Then entrypoint exits with status 127
    And entrypoint logged "Received interrupt interrupt, cancelling..."
    And entrypoint logged "Error executing test process" with an error matching "^wait for previous marker .*previous-marker\.txt: cancelled"

  @clause:EP-ERROR-LOG
  Scenario: A previous marker that cannot be read is the error
    Given entrypoint has the options:
      | previous_marker | logs/previous-marker.txt |
    And the previous marker is a folder, not a file
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And entrypoint logged "Error executing test process" with an error matching "^wait for previous marker (.+/previous-marker\.txt): bad read: read \1: is a directory$"

  @clause:EP-ERROR-LOG @clause:EP-TIMEOUT-LOG @clause:EP-INT-LOG
  Scenario Outline: <case>: entrypoint logs exactly what happened, and no failure to signal
    Given entrypoint has a timeout of <timeout> and a grace period of 1s
    And the test ignores SIGINT and SIGTERM
    And the test runs until it is stopped
    When entrypoint runs the test
    And <event>
    Then entrypoint exits with status <status>
    And entrypoint's log messages are, in order:
      | <first>                                     |
      | Process did not exit before 1s grace period |
      | Error executing test process                |

    Examples:
      | case                  | timeout | event                       | status | first                                       |
      | A timeout             | 500ms   | the test has started        | 127    | Process did not finish before 500ms timeout |
      | An external interrupt | 1m      | entrypoint receives SIGTERM | 130    | Entrypoint received interrupt: terminated   |
