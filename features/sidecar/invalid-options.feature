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
      | problem                     | mention                     |
      | the JSON is malformed       | SIDECAR_OPTIONS\|JSON       |
      | there are no entries        | entr                        |
      | an entry has no marker_file | marker                      |
      | an entry has no process_log | process.?log\|log file      |
      | there is no destination     | bucket\|destination\|output |
      | SIDECAR_OPTIONS is not set  | SIDECAR_OPTIONS\|entries    |

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
      | problem                                                                 | message                                                                                                                                                       |
      | the options are null                                                    | Invalid options: no wrapper.Option entries                                                                                                                    |
      | there are no entries                                                    | Invalid options: no wrapper.Option entries                                                                                                                    |
      | an entry is null                                                        | Invalid options: entry 0: no log file specified with --process-log                                                                                            |
      | an entry has no marker_file                                             | Invalid options: entry 0: no marker file specified with --marker-file                                                                                         |
      | the second entry has no marker_file                                     | Invalid options: entry 1: no marker file specified with --marker-file                                                                                         |
      | there is no destination                                                 | Invalid options: GCS upload was requested no GCS bucket was provided                                                                                          |
      | the path strategy is unknown                                            | Invalid options: gcs_path_strategy must be one of "legacy", "explicit", or "single"                                                                           |
      | the path strategy is legacy with no default repository                  | Invalid options: default org and repo must be provided for GCS strategy "legacy"                                                                              |
      | the path strategy is single with no default organization                | Invalid options: default org and repo must be provided for GCS strategy "single"                                                                              |
      | a media type is null                                                    | Invalid options: invalid extension media type "": mime: no media type                                                                                         |
      | a media type is not one                                                 | Invalid options: invalid extension media type "text plain": mime: expected slash after first token                                                            |
      | deprecated and current censoring options are both set                   | Invalid options: cannot use deprecated options (secret_directories, censoring_{concurrency,buffer_size}) and new options (censoring_options) at the same time |
      | the deprecated censoring_concurrency and censoring_options are both set | Invalid options: cannot use deprecated options (secret_directories, censoring_{concurrency,buffer_size}) and new options (censoring_options) at the same time |
      | the deprecated censoring_buffer_size and censoring_options are both set | Invalid options: cannot use deprecated options (secret_directories, censoring_{concurrency,buffer_size}) and new options (censoring_options) at the same time |

  @clause:SC-LOG-SETUP
  Scenario: With no usable temp folder the sidecar fails at once, before it reads its options
    # Its own log, uploaded at the end as sidecar-logs.json, is a temp file made first of all:
    # here SIDECAR_OPTIONS is not set either, and that is not what it reports.
    Given the sidecar's TMPDIR names a folder that does not exist
    And SIDECAR_OPTIONS is broken: SIDECAR_OPTIONS is not set
    When the sidecar runs
    Then the sidecar exits with status 1
    And the sidecar fails with the message 'Unable to set up log file'
    And every line the sidecar logged names the component "sidecar"
    And nothing was uploaded

  @clause:SC-JOBSPEC-HAZARD @hazard
  Scenario Outline: Hazard: with <problem> the sidecar exits 0 having uploaded nothing
    What to do: let Prow's decoration set JOB_SPEC; in a pod built by hand, check that it is set
    and parses before the job runs, and treat a job without finished.json as lost, not passed.

    Given JOB_SPEC is <problem>
    When the sidecar runs
    Then the sidecar exits with status 0
    And nothing was uploaded
    And the sidecar logs "Failed to report job status" as an error caused by "<cause>"

    Examples:
      | problem   | cause                                            |
      | missing   | could not resolve job spec: $JOB_SPEC unset      |
      | malformed | could not resolve job spec: malformed $JOB_SPEC: |

  @clause:SC-MARKERS-ONE-DIR
  Scenario: Markers in different directories are an error result, reported as a failure
    Given a test container "first"
    And the marker of "second" is in another directory
    When the sidecar runs
    Then the sidecar exits with status 0
    And finished.json says the result is "FAILURE" and passed is false

  @clause:SC-INVALID-OPTIONS-TYPES
  Scenario Outline: A field of the wrong type is refused, naming the field: <field> set to <value>
    # The reason's wording is the implementation's (upstream: Go's "json: cannot unmarshal ...");
    # what it must do is name the field. An integer field takes an integer literal within int64,
    # nothing else.
    Given SIDECAR_OPTIONS has "<field>" set to '<value>'
    When the sidecar runs
    Then the sidecar exits with status 1
    And the sidecar fails, unable to load SIDECAR_OPTIONS, naming "<named>"
    And nothing was uploaded

    Examples:
      | field                                   | value                | named                 |
      | entries                                 | "all of them"        | entries               |
      | entries.0.args                          | "the-test"           | args                  |
      | entries.0.container_name                | 1                    | container_name        |
      | entries.0.process_log                   | true                 | process_log           |
      | entries.0.marker_file                   | ["m"]                | marker_file           |
      | entries.0.metadata_file                 | {}                   | metadata_file         |
      | gcs_options                             | []                   | gcs_options           |
      | gcs_options.items                       | [1]                  | items                 |
      | gcs_options.local_output_dir            | 7                    | local_output_dir      |
      | gcs_options.bucket                      | false                | bucket                |
      | gcs_options.path_strategy               | 1                    | path_strategy         |
      | gcs_options.default_org                 | 1                    | default_org           |
      | gcs_options.default_repo                | 1                    | default_repo          |
      | gcs_options.s3_credentials_file         | 1                    | s3_credentials_file   |
      | gcs_options.dry_run                     | "yes"                | dry_run               |
      | gcs_options.compress_file_types         | "log"                | compress_file_types   |
      | ignore_interrupts                       | 1                    | ignore_interrupts     |
      | entry_error                             | "true"               | entry_error           |
      | censoring_options                       | "on"                 | censoring_options     |
      | gcs_options.mediaTypes                  | "text/plain"         | mediaTypes            |
      | gcs_options.mediaTypes                  | ["x/y"]              | mediaTypes            |
      | gcs_options.mediaTypes                  | 5                    | mediaTypes            |
      | gcs_options.mediaTypes                  | {"log": 1}           | mediaTypes            |
      | censoring_options.secret_directories    | ["/secrets", 2]      | secret_directories    |
      | censoring_options.censoring_concurrency | 2.5                  | censoring_concurrency |
      | censoring_options.censoring_buffer_size | "big"                | censoring_buffer_size |
      | censoring_options.minimum_secret_length | 5.0                  | minimum_secret_length |
      | censoring_options.minimum_secret_length | 1e1                  | minimum_secret_length |
      | censoring_options.minimum_secret_length | 2.75                 | minimum_secret_length |
      | censoring_options.minimum_secret_length | 1e+2                 | minimum_secret_length |
      | censoring_options.censoring_concurrency | -1.5E-3              | censoring_concurrency |
      | censoring_options.minimum_secret_length | 9223372036854775808  | minimum_secret_length |
      | secret_directories                      | "/secrets"           | secret_directories    |
      | censoring_concurrency                   | 1e400                | censoring_concurrency |
      | censoring_buffer_size                   | []                   | censoring_buffer_size |
      | censoring_options.minimum_secret_length | -9223372036854775809 | minimum_secret_length |

  @clause:SC-OPTIONS-UNKNOWN-FIELDS
  Scenario: Fields the sidecar does not know are ignored, whatever they hold
    # As Go's decoder does: a field of no known name is skipped, at the top and inside the
    # options' objects, however its value is written (strings with escaped quotes, negative,
    # zero and exponent numbers, nulls).
    Given SIDECAR_OPTIONS has "x_notes" set to '{"quote": "say \\"1\\" twice", "numbers": [-2, 0, 1.5e+3, 10, -0.25E-7], "nothing": null}'
    And SIDECAR_OPTIONS has "gcs_options.x_retries" set to '-3'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true

  @clause:SC-MARKERS-ONE-DIR
  Scenario: A marker directory that does not exist is an error result at once, reported as a failure
    # Nothing could ever be watched there: the sidecar does not wait, it reports the job failed.
    Given the marker of "test" is in a directory that does not exist
    When the sidecar runs
    Then the sidecar exits with status 0
    And finished.json says the result is "FAILURE" and passed is false
