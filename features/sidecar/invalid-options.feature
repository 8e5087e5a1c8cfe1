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

  @clause:SC-INVALID-OPTIONS-WORDING
  Scenario Outline: The reason for refusing SIDECAR_OPTIONS, word for word: <problem>
    # Operators search logs for these lines; they are upstream's, checked in its order (so the
    # first problem found is the one reported). A null is what Go's decoder makes of it: null
    # options are options with nothing set, a null entry an entry with nothing set.
    Given SIDECAR_OPTIONS is broken: <problem>
    When the sidecar runs
    Then the sidecar exits with status 1
    And the sidecar fails with the message '<message>'
    And nothing was uploaded

    Examples:
      | problem                                                 | message                                                                                                                              |
      | the options are null                                    | Invalid options: no wrapper.Option entries                                                                                           |
      | there are no entries                                    | Invalid options: no wrapper.Option entries                                                                                           |
      | an entry is null                                        | Invalid options: entry 0: no log file specified with --process-log                                                                   |
      | an entry has no marker_file                             | Invalid options: entry 0: no marker file specified with --marker-file                                                                |
      | the second entry has no marker_file                     | Invalid options: entry 1: no marker file specified with --marker-file                                                                |
      | there is no destination                                 | Invalid options: GCS upload was requested no GCS bucket was provided                                                                 |
      | the path strategy is unknown                            | Invalid options: gcs_path_strategy must be one of "legacy", "explicit", or "single"                                                  |
      | the path strategy is legacy with no default repository  | Invalid options: default org and repo must be provided for GCS strategy "legacy"                                                     |
      | the path strategy is single with no default organization | Invalid options: default org and repo must be provided for GCS strategy "single"                                                    |
      | deprecated and current censoring options are both set   | Invalid options: cannot use deprecated options (secret_directories, censoring_{concurrency,buffer_size}) and new options (censoring_options) at the same time |

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
