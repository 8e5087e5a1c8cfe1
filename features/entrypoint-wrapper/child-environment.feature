@role:entrypoint-wrapper
Feature: entrypoint-wrapper gives the test a home and the CI tools
  Step images run as arbitrary users whose HOME may be missing or read-only, while kubectl and
  git want to write there. entrypoint-wrapper therefore gives the test HOME=/alabama when HOME
  is unset or not writable, and creates a Git configuration trusting every directory
  ($HOME/.gitconfig with safe.directory = *) when there is none, so that git works in
  checkouts owned by another user. When CLI_DIR names the directory of the cluster's CLI
  tools, it is appended to the test's PATH.
  (ci-tools cmd/entrypoint-wrapper/main.go, manageHome, manageGitConfig, manageCLI.)

  Background:
    Given a step pod environment for entrypoint-wrapper
    And entrypoint-wrapper runs with "--dry-run"
    And the test exits with code 0

  @clause:WR-HOME
  Scenario: A writable HOME is kept, and a Git configuration trusting every directory is created in it
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test sees HOME unchanged
    And ".gitconfig" in the home directory holds:
      """
      [safe]
          directory = *
      """

  @clause:WR-HOME
  Scenario: An existing Git configuration is left as it is
    Given the home directory holds ".gitconfig" with:
      """
      [user]
          name = ci
      """
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And ".gitconfig" in the home directory holds:
      """
      [user]
          name = ci
      """

  @clause:WR-HOME
  Scenario Outline: When HOME <home>, the test gets HOME=/alabama
    Given HOME <home>
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test sees HOME set to "/alabama"

    Examples:
      | home                                   |
      | is not set                             |
      | names a directory that does not exist  |

  @clause:WR-CLI-DIR
  Scenario: CLI_DIR is appended to the test's PATH
    Given the environment variable CLI_DIR is "/opt/ci/cli"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test sees entrypoint-wrapper's PATH followed by "/opt/ci/cli"

  @clause:WR-CLI-DIR
  Scenario: Without a PATH, CLI_DIR is still appended: the test's PATH is ":" and CLI_DIR
    Given the environment variable PATH is not set
    And the environment variable CLI_DIR is "/opt/ci/cli"
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test sees PATH ":/opt/ci/cli"

  @clause:WR-CLI-DIR
  Scenario: Without CLI_DIR the test's PATH is entrypoint-wrapper's own
    Given the environment variable CLI_DIR is not set
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 0
    And the test sees entrypoint-wrapper's PATH unchanged

  @clause:WR-HOME
  Scenario: A HOME that is a file, not a folder: no Git configuration can be made, and the test never starts
    Such a HOME passes the "writable" check (it is a writable file), so it is kept; creating
    .gitconfig in it then fails with "not a directory", which, unlike a HOME that does not exist,
    is an error.
    Given HOME is a file, not a folder
    And the test exits with code 0
    When entrypoint-wrapper runs the test
    Then entrypoint-wrapper exits with status 1
    And entrypoint-wrapper's error output mentions "failed to create Git configuration"
    And the test never started under entrypoint-wrapper
