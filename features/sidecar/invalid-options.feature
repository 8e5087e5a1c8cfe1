@role:sidecar @capability:local-output
Feature: Invalid sidecar configuration
  A sidecar whose SIDECAR_OPTIONS is unusable fails at once with a clear message and a non-zero
  exit. A missing or malformed JOB_SPEC is different upstream: the sidecar logs that it failed to
  report the job status and exits 0 without waiting or uploading anything, which hides the
  problem from anyone who only looks at exit codes.
  (Prow pkg/sidecar/options.go Validate, cmd/sidecar/main.go, pkg/sidecar/run.go Run.)

  Background:
    Given a periodic job "unit-tests" with build id "5005"
    And the sidecar uploads to a local directory

  @clause:SC-INVALID-OPTIONS
  Scenario Outline: Invalid SIDECAR_OPTIONS: <problem>
    Given SIDECAR_OPTIONS is broken: <problem>
    When the sidecar runs
    Then the sidecar exits with status 1
    And the sidecar's error output mentions "<mention>"
    And nothing was uploaded

    Examples:
      | problem                          | mention                     |
      | the JSON is malformed            | SIDECAR_OPTIONS\|JSON       |
      | there are no entries             | entr                        |
      | an entry has no marker_file      | marker                      |
      | an entry has no process_log      | process.?log\|log file      |
      | there is no destination          | bucket\|destination\|output |

  @clause:SC-JOBSPEC-HAZARD @hazard
  Scenario Outline: Hazard: with <problem> the sidecar exits 0 having uploaded nothing
    What to do: let Prow's decoration set JOB_SPEC; in a pod built by hand, check that it is set
    and parses before the job runs, and treat a job without finished.json as lost, not passed.

    Given JOB_SPEC is <problem>
    When the sidecar runs
    Then the sidecar exits with status 0
    And nothing was uploaded

    Examples:
      | problem   |
      | missing   |
      | malformed |

  @clause:SC-MARKERS-ONE-DIR
  Scenario: Markers in different directories are an error result, reported as a failure
    Given a test container "first"
    And the marker of "second" is in another directory
    When the sidecar runs
    Then the sidecar exits with status 0
    And finished.json says the result is "FAILURE" and passed is false
