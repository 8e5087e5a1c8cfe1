@role:entrypoint
Feature: A test command that cannot be started
  If the test command cannot be started at all (a typo in the path, a script without its
  executable bit), entrypoint records 127 and writes the reason into the process log, so that
  the job's build log says what went wrong.
  (Prow pkg/entrypoint/run.go ExecuteProcess.)

  @clause:EP-START-FAIL @clause:EP-MARKER-ALWAYS
  Scenario: A command that does not exist
    Given the test command is a file that does not exist
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the process log contains the line "could not start the process: fork/exec <command>: no such file or directory"

  @clause:EP-START-FAIL
  Scenario: A command that is not executable
    Given the test command is a file that is not executable
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the process log contains the line "could not start the process: fork/exec <command>: permission denied"

  @clause:EP-START-FAIL
  Scenario: A command the kernel cannot execute is not handed to a shell
    An executable file that is neither a script (no "#!" line) nor a program is refused by the
    kernel. A shell would run it as a shell script; Go's os/exec, and so entrypoint, reports
    "exec format error" instead.
    Given the test command is an executable file that is neither a script nor a program
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the process log contains the line "could not start the process: fork/exec <command>: exec format error"

  @clause:EP-START-PATH
  Scenario: A command named without a folder is looked up in entrypoint's $PATH
    The first executable file of that name in $PATH runs; a file of that name that is not
    executable is passed over. Nothing else needs to be on $PATH (the harness adds only a folder
    holding node, for implementations written in JavaScript): the test's output still reaches the
    process log.
    Given entrypoint's $PATH is "bin-a" and "bin-b", the test command "run-tests"
    And "bin-a" holds a file "run-tests" that is not executable
    And "bin-b" holds a script "run-tests" that prints "run-tests ran" and exits with code 3
    When entrypoint runs the test
    Then entrypoint exits with status 3
    And the marker file contains "3"
    And the process log contains the line "run-tests ran"

  @clause:EP-START-PATH @clause:EP-START-FAIL
  Scenario: A command named without a folder and found nowhere in $PATH
    Given entrypoint's $PATH is "bin-a" and "bin-b", the test command "run-tests"
    And "bin-a" holds a file "run-tests" that is not executable
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the process log contains the line "could not start the process: exec: \"run-tests\": executable file not found in $PATH"

  @clause:EP-START-PATH @clause:EP-START-FAIL
  Scenario: A command found in $PATH only through a relative entry is refused, not run
    Go's os/exec refuses such a command (since Go 1.19), where a shell would run it: an empty
    entry in $PATH, as "." does, stands for the working directory.
    Given entrypoint's $PATH begins with an empty entry, then "bin-b", the test command "run-tests"
    And "." holds a script "run-tests" that prints "the one in the working directory ran" and exits with code 3
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the process log contains the line "could not start the process: exec: \"run-tests\": cannot run executable found relative to current directory"

  @clause:EP-START-PATH
  Scenario: A command given with a relative folder runs from entrypoint's working directory, not from $PATH
    Given entrypoint's $PATH is "bin-a" and "bin-b", the test command "./tools/run-tests"
    And "bin-a" holds a script "tools/run-tests" that prints "the one in $PATH ran" and exits with code 4
    And "." holds a script "tools/run-tests" that prints "the one in the working directory ran" and exits with code 3
    When entrypoint runs the test
    Then entrypoint exits with status 3
    And the process log contains the line "the one in the working directory ran"

  @clause:EP-START-FAIL
  Scenario: A command without its executable bit is refused for permission, whatever it holds
    Given the test command is a file that is neither executable nor a script
    When entrypoint runs the test
    Then entrypoint exits with status 127
    And the marker file contains "127"
    And the process log says "permission denied"
