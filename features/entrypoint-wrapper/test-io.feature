@role:entrypoint-wrapper
Feature: entrypoint-wrapper hands the test its own output and a private copy of SHARED_DIR
  The test's stdout and stderr are entrypoint-wrapper's own, so that what the step prints
  reaches entrypoint and the build log. The copy of SHARED_DIR the test works in is "secret" in
  the temp folder ($TMPDIR/secret), made 0770: the step's credentials are in it, so other users
  of the node cannot open it.
  (ci-tools cmd/entrypoint-wrapper/main.go, execCmd, copyDir.)

  Background:
    Given a step pod environment for entrypoint-wrapper
    And the shared directory holds "kubeconfig" with "a secret"
    And entrypoint-wrapper runs with "--dry-run"
    And the test exits with code 0

  @clause:WR-TEST-OUTPUT
  Scenario: The test's stdout and stderr are entrypoint-wrapper's, and nothing else is logged
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And entrypoint-wrapper's output has the line "probe says hello on stdout"
    And entrypoint-wrapper's error output is just the line "probe says hello on stderr"

  @clause:WR-SHARED-PRIVATE
  Scenario: The test's SHARED_DIR is "secret" in the temp folder, closed to other users
    When entrypoint-wrapper runs the test
    Then the test saw SHARED_DIR pointing at a copy of the shared files
    And the test's SHARED_DIR is "secret" in entrypoint-wrapper's TMPDIR, which other users cannot open

  @clause:WR-SHARED-PRIVATE
  Scenario: A temp folder that does not exist yet is made, with the test's SHARED_DIR in it
    Given entrypoint-wrapper's TMPDIR names a folder that does not exist yet
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test saw SHARED_DIR pointing at a copy of the shared files
    And the test's SHARED_DIR is "secret" in entrypoint-wrapper's TMPDIR, which other users cannot open

  @clause:WR-SHARED-PRIVATE
  Scenario: Folders in the shared directory are not copied, and the test runs anyway
    Given the shared directory holds a folder "reports"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test ran and exited with code 0
    And the test saw SHARED_DIR pointing at a copy of the shared files, without "reports"
