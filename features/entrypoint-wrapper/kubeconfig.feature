@role:entrypoint-wrapper
Feature: entrypoint-wrapper's modes decide what happens to kubeconfigs and to the Secret
  --mode says how entrypoint-wrapper treats the cluster a step works on. In manage-kubeconfig
  mode (the default) and observer mode the test gets a private, writable copy of $KUBECONFIG,
  so that it can switch namespaces without affecting other steps; the copy is made as soon as
  the original exists, which for an observer may be long after it started. Only
  manage-kubeconfig mode stores the step's SHARED_DIR as a Secret for the next steps, at the
  end and also, early, as soon as the test has written a kubeconfig (or a kubeconfig-minimal)
  there. skip-kubeconfig mode leaves KUBECONFIG alone and stores nothing.
  (ci-tools cmd/entrypoint-wrapper/main.go, validateMode, manageKubeconfig, uploadKubeconfig.)

  Background:
    Given a step pod environment for entrypoint-wrapper

  @clause:WR-KUBECONFIG-COPY
  Scenario Outline: In <mode> mode the test gets a private copy of KUBECONFIG
    Given KUBECONFIG points at "cluster/kubeconfig" holding "apiVersion: v1"
    And entrypoint-wrapper runs with "--dry-run --mode <mode>"
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test's KUBECONFIG is a private copy of "cluster/kubeconfig"
    And the test's copy of KUBECONFIG is "kubeconfig-" and digits in entrypoint-wrapper's TMPDIR, readable by its owner only

    Examples:
      | mode              |
      | manage-kubeconfig |
      | observer          |

  @clause:WR-KUBECONFIG-COPY
  Scenario: In skip-kubeconfig mode the test gets KUBECONFIG as it is
    Given KUBECONFIG points at "cluster/kubeconfig" holding "apiVersion: v1"
    And entrypoint-wrapper runs with "--dry-run --mode skip-kubeconfig"
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test's KUBECONFIG is "cluster/kubeconfig" itself

  @clause:WR-KUBECONFIG-COPY
  Scenario: An observer's copy is made once the cluster's kubeconfig appears
    Given KUBECONFIG points at "cluster/kubeconfig", which does not exist yet
    And entrypoint-wrapper runs with "--dry-run --mode observer"
    And the test exits with code 0 100ms after it receives SIGTERM
    When entrypoint-wrapper runs the test
    And "cluster/kubeconfig" is written with "apiVersion: v1" while the test runs
    Then the test's KUBECONFIG becomes a copy of "cluster/kubeconfig" while it runs
    When entrypoint-wrapper receives SIGTERM
    Then entrypoint-wrapper exits with status 0

  @clause:WR-MODE-SECRET
  Scenario Outline: With "<flags>" no Secret is stored
    Given entrypoint-wrapper runs with "<flags>"
    And the test writes 4 bytes to "step-output" in its SHARED_DIR
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper prints no Secret

    Examples:
      | flags                               |
      | --dry-run --mode observer           |
      | --dry-run --mode skip-kubeconfig    |

  @clause:WR-KUBECONFIG-COPY
  Scenario: A copy made late is made once: what the test changes in it stays
    A test switches namespaces by editing its copy; entrypoint-wrapper stops looking at the
    original once the copy is made.
    Given KUBECONFIG points at "cluster/kubeconfig", which does not exist yet
    And entrypoint-wrapper runs with "--dry-run --mode observer"
    And the test exits with code 0 100ms after it receives SIGTERM
    When entrypoint-wrapper runs the test
    And "cluster/kubeconfig" is written with "apiVersion: v1" while the test runs
    Then the test's KUBECONFIG becomes a copy of "cluster/kubeconfig" while it runs
    When the test's copy of KUBECONFIG is changed to "namespace: mine"
    Then the test's copy of KUBECONFIG still holds "namespace: mine" 1500ms later
    When entrypoint-wrapper receives SIGTERM
    Then entrypoint-wrapper exits with status 0

  @clause:WR-KUBECONFIG-PUBLISH
  Scenario: While the test runs, a kubeconfig-minimal is stored once, however long the kubeconfig takes
    entrypoint-wrapper looks at SHARED_DIR once a second.
    Given entrypoint-wrapper runs with "--dry-run"
    And the test writes 10 bytes to "kubeconfig-minimal" in its SHARED_DIR
    And the test runs for 2500ms and exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper printed these Secrets, one per line:
      | kubeconfig-minimal |
      | kubeconfig-minimal |

  @clause:WR-KUBECONFIG-PUBLISH
  Scenario: While the test runs, a kubeconfig alone is stored once
    Given entrypoint-wrapper runs with "--dry-run"
    And the test writes 10 bytes to "kubeconfig" in its SHARED_DIR
    And the test runs for 2500ms and exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper printed these Secrets, one per line:
      | kubeconfig |
      | kubeconfig |

  @clause:WR-KUBECONFIG-PUBLISH
  Scenario: A SHARED_DIR the test removed is not stored, and that is no error
    Given entrypoint-wrapper runs with "--dry-run"
    And the test exits with code 0 100ms after it receives SIGTERM
    When entrypoint-wrapper runs the test
    And the test's SHARED_DIR is removed while the test runs
    And entrypoint-wrapper receives SIGTERM
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper prints no Secret

  @clause:WR-KUBECONFIG-PUBLISH
  Scenario: A SHARED_DIR the test replaced by a file cannot be stored, and that is an error
    Given entrypoint-wrapper runs with "--dry-run"
    And the test exits with code 0 100ms after it receives SIGTERM
    When entrypoint-wrapper runs the test
    And the test's SHARED_DIR is replaced by a file while the test runs
    And entrypoint-wrapper receives SIGTERM
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output has a line matching "^error: failed to create/update secret: failed to generate secret: could not read dir .+/secret: open .+/secret: not a directory$"
    And entrypoint-wrapper prints no Secret

  @clause:WR-KUBECONFIG-PUBLISH
  Scenario: Once the kubeconfig is stored, entrypoint-wrapper stops looking until the test ends
    The first look stores the kubeconfig-minimal, the second the kubeconfig; the last Secret is
    the one made when the test has ended.
    Given entrypoint-wrapper runs with "--dry-run"
    And the test writes 10 bytes to "kubeconfig-minimal" in its SHARED_DIR
    And the test writes 10 bytes to "kubeconfig" in its SHARED_DIR
    And the test runs for 3500ms and exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper printed these Secrets, one per line:
      | kubeconfig, kubeconfig-minimal |
      | kubeconfig, kubeconfig-minimal |
      | kubeconfig, kubeconfig-minimal |

  @clause:WR-KUBECONFIG-PUBLISH
  Scenario: A kubeconfig that SHARED_DIR held from the start is not stored early
    Given entrypoint-wrapper runs with "--dry-run"
    And the shared directory holds "kubeconfig" with "apiVersion: v1"
    And the test runs for 1500ms and exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper printed these Secrets, one per line:
      | kubeconfig |

  @clause:WR-KUBECONFIG-PUBLISH
  Scenario Outline: A <file> the test writes to its SHARED_DIR is stored while the test still runs
    Given entrypoint-wrapper runs with "--dry-run"
    And the test writes 10 bytes to "<file>" in its SHARED_DIR
    And the test exits with code 0 100ms after it receives SIGTERM
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper prints a Secret holding "<file>" while the test still runs
    When entrypoint-wrapper receives SIGTERM
    Then entrypoint-wrapper exits with status 0

    Examples:
      | file               |
      | kubeconfig         |
      | kubeconfig-minimal |

  @clause:WR-KUBECONFIG-COPY
  Scenario Outline: A KUBECONFIG that cannot be copied (<what>) is a warning, and the test runs anyway
    Given KUBECONFIG points at "cluster/kubeconfig", <what>
    And entrypoint-wrapper runs with "--dry-run --mode observer"
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test ran and exited with code 0
    And entrypoint-wrapper's error output has a line matching "level=warning msg=\"could not populate unique, writeable \$KUBECONFIG copy.*\" error=\".+\""

    Examples:
      | what                  |
      | a folder              |
      | a link to itself      |
