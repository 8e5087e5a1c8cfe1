@role:entrypoint-wrapper
Feature: entrypoint-wrapper checks its command line before it starts anything
  entrypoint-wrapper takes the flags --dry-run, --mode (manage-kubeconfig, the default,
  skip-kubeconfig or observer), --wait-for-file and --wait-timeout, then the command to run.
  A command line it cannot use stops it before the test starts, with an error naming the
  problem. Storing the step's Secret needs the pod's in-cluster configuration, so without
  --dry-run it loads that first, except in skip-kubeconfig mode, which stores nothing; these
  scenarios run outside any cluster.
  (ci-tools cmd/entrypoint-wrapper/main.go, complete and loadClient.)

  Background:
    Given a step pod environment for entrypoint-wrapper
    And the test exits with code 0

  @clause:WR-OPTIONS-INVALID
  Scenario Outline: entrypoint-wrapper refuses <problem>
    Given entrypoint-wrapper runs with "<flags>"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status <status>
    And entrypoint-wrapper's error output mentions "<error>"
    And the test never started under entrypoint-wrapper

    Examples:
      | problem                                | flags                                                          | status | error                                   |
      | --wait-timeout without --wait-for-file | --dry-run --wait-timeout 1s                                    | 1      | --wait-timeout requires --wait-for-file |
      | a --wait-timeout that is no duration   | --dry-run --wait-for-file <scenario>/ready --wait-timeout soon | 1      | invalid wait timeout duration           |
      | an unknown mode                        | --dry-run --mode read-only                                     | 1      | unrecognized mode: read-only            |
      | an undefined flag                      | --dry-run --verbose                                            | 2      | flag provided but not defined: -verbose |
      | a --dry-run value that is no boolean   | --dry-run=untrue                                               | 2      | for -dry-run: parse error               |
      | another --dry-run value, no boolean    | --dry-run=falsely                                              | 2      | for -dry-run: parse error               |
      | a --wait-timeout of a lone sign        | --dry-run --wait-for-file <scenario>/ready --wait-timeout +    | 1      | invalid wait timeout duration           |
      | a --wait-timeout with junk after it    | --dry-run --wait-for-file <scenario>/ready --wait-timeout 5s=1 | 1      | invalid wait timeout duration           |

  @clause:WR-OPTIONS-INVALID
  Scenario Outline: A --wait-timeout that Go cannot read is refused with Go's reason (<value>)
    Given entrypoint-wrapper runs with "--dry-run --wait-for-file <scenario>/ready --wait-timeout <value>"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output has a line matching "^error: invalid wait timeout duration \"<value>\": time: <reason> \"<value>\"$"
    And the test never started under entrypoint-wrapper

    Examples:
      | value                 | reason                        |
      | soon                  | invalid duration              |
      | 1                     | missing unit in duration      |
      | 1s2                   | missing unit in duration      |
      | 1x                    | unknown unit \"x\" in duration  |
      | 5s=1                  | unknown unit \"s=\" in duration |
      | 1e3s                  | unknown unit \"e\" in duration  |
      | 2562048h              | invalid duration              |
      | 9223372036854775808ns | invalid duration              |
      | -2562047h2562047h     | invalid duration              |
      | 1s-2s                 | unknown unit \"s-\" in duration |
      | .s                    | invalid duration              |

  @clause:WR-FLAG-SYNTAX
  Scenario Outline: Flags are read the way Go reads them (<flags>)
    Given entrypoint-wrapper runs with "<flags>"
    When entrypoint-wrapper runs the test
    Then the test ran and exited with code 0
    And entrypoint-wrapper exits with status 0

    Examples:
      | flags                                                        |
      | -dry-run --                                                  |
      | --dry-run=true                                               |
      | --dry-run=1                                                  |
      | -dry-run=T                                                   |
      | -dry-run -mode=skip-kubeconfig                               |
      | --dry-run --wait-for-file <scenario> --wait-timeout .5s      |
      | --dry-run --wait-for-file <scenario> --wait-timeout 1h2m3.5s |
      | --dry-run --wait-for-file <scenario> --wait-timeout +2s      |
      | --dry-run --wait-for-file <scenario> --wait-timeout 0        |
      | --dry-run --wait-for-file <scenario> --wait-timeout 0.5s     |
      | --dry-run --wait-for-file <scenario> --wait-timeout 9s       |
      | --dry-run --wait-for-file <scenario> --wait-timeout 9223372036854775807ns |

  @clause:WR-FLAG-SYNTAX
  Scenario: A lone "-" ends the flags: it is taken for the command
    Given entrypoint-wrapper runs with "--dry-run -"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output has a line matching "^error: failed to execute wrapped command: failed to start main process: exec: \"-\": executable file not found in \$PATH$"
    And the test never started under entrypoint-wrapper

  @clause:WR-FLAG-SYNTAX
  Scenario: An undefined flag prints the usage
    Given entrypoint-wrapper runs with "--dry-run --verbose"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 2
    And entrypoint-wrapper's error output has a line matching "^Usage:$"
    And entrypoint-wrapper's error output has a line matching "^  -dry-run$"
    And entrypoint-wrapper's error output has a line matching "^  -wait-timeout string$"

  @clause:WR-FLAG-SYNTAX
  Scenario Outline: A flag at the end of the command line (<flags>)
    Given entrypoint-wrapper runs with "<flags>"
    And entrypoint-wrapper is given no command
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status <status>
    And entrypoint-wrapper's error output mentions "<error>"

    Examples:
      | flags                     | status | error                         |
      | --dry-run --mode          | 2      | flag needs an argument: -mode |
      | --dry-run --mode=observer | 1      | a command is required         |

  @clause:WR-CLUSTER
  Scenario Outline: <flags> is no dry run
    Given entrypoint-wrapper runs with "<flags>"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output mentions "failed to load cluster config"
    And the test never started under entrypoint-wrapper

    Examples:
      | flags           |
      | --dry-run=false |
      | --dry-run=0     |

  @clause:WR-CLUSTER
  Scenario Outline: Without --dry-run, <mode> mode needs a cluster to store the Secret in
    Given entrypoint-wrapper runs with "--mode <mode>"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output mentions "failed to load cluster config"
    And the test never started under entrypoint-wrapper

    Examples:
      | mode              |
      | manage-kubeconfig |
      | observer          |

  @clause:WR-CLUSTER
  Scenario: skip-kubeconfig mode runs the test without --dry-run and without a cluster
    Given entrypoint-wrapper runs with "--mode skip-kubeconfig"
    When entrypoint-wrapper runs the test
    Then the test ran and exited with code 0
    And entrypoint-wrapper exits with status 0
