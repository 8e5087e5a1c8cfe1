@role:entrypoint-wrapper
Feature: entrypoint-wrapper's environment contract
  A ci-operator step pod gives entrypoint-wrapper SHARED_DIR (files shared between the steps of
  a test, mounted from a Secret), NAMESPACE and JOB_NAME_SAFE. It copies the shared files to a
  private, writable directory and points the child's SHARED_DIR there; when the child is done it
  stores that directory back as the Secret named JOB_NAME_SAFE, so the files the step wrote reach
  the next steps. Storing a Secret needs a cluster: with --dry-run it prints the Secret instead,
  which is how these scenarios see it.
  (ci-tools cmd/entrypoint-wrapper/main.go.)

  Background:
    Given a step pod environment for entrypoint-wrapper
    And the shared directory holds "kubeconfig" with "apiVersion: v1"

  @clause:WR-ENV-REQUIRED
  Scenario Outline: Without <variable> entrypoint-wrapper refuses to run
    Given the environment variable <variable> is empty
    And entrypoint-wrapper runs with "--dry-run"
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output mentions "<variable>"
    And the test never started under entrypoint-wrapper

    Examples:
      | variable      |
      | SHARED_DIR    |
      | NAMESPACE     |
      | JOB_NAME_SAFE |

  @clause:WR-ENV-REQUIRED
  Scenario: Without a command entrypoint-wrapper refuses to run
    Given entrypoint-wrapper runs with "--dry-run"
    And entrypoint-wrapper is given no command
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output mentions "command"

  @clause:WR-SHARED-COPY
  Scenario: The child's SHARED_DIR is a private copy, and its writes leave the original alone
    Given entrypoint-wrapper runs with "--dry-run"
    And the test writes 4 bytes to "step-output" in its SHARED_DIR
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test saw SHARED_DIR pointing at a copy of the shared files
    And the original shared directory holds no "step-output"

  @clause:WR-SHARED-COPY
  Scenario: A SHARED_DIR that does not exist stops entrypoint-wrapper before the test starts
    Given the environment variable SHARED_DIR is "/no/such/shared-dir"
    And entrypoint-wrapper runs with "--dry-run"
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output has a line matching "^error: failed to copy secret mount: open /no/such/shared-dir: no such file or directory$"
    And the test never started under entrypoint-wrapper

  @clause:WR-SHARED-COPY
  Scenario Outline: A SHARED_DIR that cannot be copied (<why>) stops entrypoint-wrapper before the test starts
    Given the shared directory <setup>
    And entrypoint-wrapper runs with "--dry-run"
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output has a line matching "^error: failed to copy secret mount: <error>$"
    And the test never started under entrypoint-wrapper

    Examples:
      | why                     | setup                                | error                                   |
      | a file, not a folder    | is a file, not a folder              | readdirent .+: not a directory          |
      | a file that cannot be read | holds a link to "/proc/self/mem" named "memory" | read .+/memory: input/output error |

  @clause:WR-DRY-RUN-SECRET
  Scenario: With --dry-run the Secret built after the child exits is printed, the child's files included
    Given entrypoint-wrapper runs with "--dry-run"
    And the test writes 4 bytes to "step-output" in its SHARED_DIR
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper prints the Secret "e2e-step" holding:
      | kubeconfig  | apiVersion: v1 |
      | step-output | <4 a>          |

  @clause:WR-DRY-RUN-SECRET
  Scenario: Directories the test makes in its SHARED_DIR are left out of the Secret
    Given entrypoint-wrapper runs with "--dry-run"
    And the test writes 4 bytes to "reports/junit.xml" in its SHARED_DIR
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper prints the Secret "e2e-step" holding:
      | kubeconfig | apiVersion: v1 |
    And entrypoint-wrapper's error output has a line matching "level=warning msg=\"skipped directory \\\"reports\\\" when creating secret from directory \\\".+\\\"\""

  @clause:WR-DRY-RUN-SECRET
  Scenario: Links the test makes in its SHARED_DIR that lead nowhere are left out of the Secret
    Given entrypoint-wrapper runs with "--dry-run"
    And the test links "loop" in its SHARED_DIR to "loop"
    And the test links "dangling" in its SHARED_DIR to "no-such-file"
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper prints the Secret "e2e-step" holding:
      | kubeconfig | apiVersion: v1 |

  @clause:WR-DRY-RUN-SECRET @clause:WR-EXIT-CODE
  Scenario: A file of SHARED_DIR that cannot be read: no Secret, and both failures are reported
    Given entrypoint-wrapper runs with "--dry-run"
    And the test links "memory" in its SHARED_DIR to "/proc/self/mem"
    And the test exits with code 3
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper prints no Secret
    And entrypoint-wrapper's error output has a line matching "^error: \[failed to execute wrapped command: exit status 3, failed to create/update secret: failed to generate secret: could not read file (.+/memory): read \1: input/output error\]$"

  @clause:WR-DRY-RUN-SECRET
  Scenario: The printed Secret's keys are sorted byte by byte, as Go sorts a map's keys
    In UTF-8 "ｚ" comes before "😀"; in JavaScript's own string order it comes after.
    Given entrypoint-wrapper runs with "--dry-run"
    And the test writes 1 bytes to "b" in its SHARED_DIR
    And the test writes 1 bytes to "😀" in its SHARED_DIR
    And the test writes 1 bytes to "a" in its SHARED_DIR
    And the test writes 1 bytes to "ｚ" in its SHARED_DIR
    And the test writes 1 bytes to "B" in its SHARED_DIR
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the printed Secret's keys are, in order: "B, a, b, kubeconfig, ｚ, 😀"

  @clause:WR-DRY-RUN-SECRET
  Scenario: An empty SHARED_DIR is printed as a Secret without data
    Given entrypoint-wrapper runs with "--dry-run"
    And the shared directory is empty
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper's output has the line "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"e2e-step\",\"creationTimestamp\":null,\"labels\":{\"ci.openshift.io/skip-censoring\":\"true\"}},\"type\":\"Opaque\"}"

  @clause:WR-DRY-RUN-SECRET
  Scenario: The printed Secret is JSON as Kubernetes writes it, with <, > and & escaped
    Given entrypoint-wrapper runs with "--dry-run"
    And the shared directory holds "<a>&b" with "x"
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the printed Secret's line spells the key "<a>&b" as "\u003ca\u003e\u0026b"
