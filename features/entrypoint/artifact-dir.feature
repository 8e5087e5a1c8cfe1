@role:entrypoint
Feature: The artifact directory exists before the test starts
  Tests write artifacts into `artifact_dir` for the sidecar to upload. entrypoint creates it, with
  any missing parent directories, before it starts the test, so the test can write there at once.
  (Prow pkg/entrypoint/options.go ArtifactDir, run.go ExecuteProcess.)

  @clause:EP-ARTIFACT-DIR
  Scenario: A nested artifact directory is created before the test starts
    Given entrypoint has the options:
      | artifact_dir | logs/artifacts/nested/deeper |
    And the test checks that the artifact directory exists when it starts
    And the test exits with code 0
    When entrypoint runs the test
    Then entrypoint exits with status 0
    And the artifact directory existed when the test started
