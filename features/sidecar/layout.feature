@role:sidecar @capability:local-output
Feature: What the sidecar uploads, and under which names
  The sidecar uploads the build log (build-log.txt, or <container>-build-log.txt with several test
  containers), finished.json (when, whether it passed, the metadata the test wrote, the result,
  the revision), its own log (sidecar-logs.json) and each configured item: a directory under its
  own base name, a file under its name. With a local output directory every object lands directly
  in that directory (no job path, no latest-build.txt); bucket layouts are in bucket-layout.feature.
  (Prow pkg/sidecar/run.go doUpload, pkg/gcsupload/run.go assembleTargets.)

  Background:
    Given a periodic job "unit-tests" with build id "4004"
    And the sidecar uploads to a local directory
    And the test container "test" has written "build output" to its process log

  @clause:SC-LOCAL-FLAT @clause:SC-ITEMS @clause:SC-SIDECAR-LOG
  Scenario: A local output directory receives a flat layout
    Given the sidecar uploads the artifact directory
    And the artifact "junit.xml" holds "<testsuite/>"
    And the artifact "logs/nested/deep.txt" holds "deep"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the uploaded objects are:
      | build-log.txt                  |
      | finished.json                  |
      | sidecar-logs.json              |
      | artifacts/junit.xml            |
      | artifacts/logs/nested/deep.txt |
    And the sidecar's own log is uploaded as JSON lines
    And the sidecar logs "Queued for upload" and "Finished upload" for each object, with where it went

  @clause:SC-SIDECAR-LOG
  Scenario: The sidecar's own log holds what it logged until the upload began, and its temp file goes
    # The log is a temp file in TMPDIR, closed as the upload starts: what the upload itself logs
    # goes to stderr only, so the file is complete when it goes up in the second batch. A normal
    # end removes it (a fatal one, like upstream's, leaves it).
    Given the sidecar's TMPDIR is an empty folder
    And the sidecar uploads the artifact directory
    And the artifact "junit.xml" holds "<testsuite/>"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the uploaded sidecar-logs.json ends with the line "Starting to upload", and each of its lines names the component "sidecar"
    And the sidecar's TMPDIR is empty again

  @clause:SC-FILE-BUCKET
  Scenario: A file:// bucket is a folder laid out as a bucket
    # A way to try bucket layouts without a cloud: unlike local_output_dir, the build goes under
    # the job's path and latest-build.txt is written.
    Given the sidecar uploads to a file:// bucket
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the upload holds "build-log.txt" with exactly "build output\n"
    And the build's objects are under "logs/unit-tests/4004"
    And the bucket holds "logs/unit-tests/latest-build.txt" with exactly "4004"

  @clause:SC-FILE-BUCKET @clause:SC-JOB-PATHS
  Scenario Outline: A presubmit whose refs name no <missing> goes under "<segment>"
    # Prow always writes both, but a JOB_SPEC written by hand may leave one out: it counts as empty.
    Given a presubmit job "pull-job" with build id "2002" for pull 7 of "<org/repo>"
    And the sidecar uploads to a file:// bucket
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the build's objects are under "pr-logs/pull/<segment>/7/pull-job/2002"

    Examples:
      | missing | org/repo | segment  |
      | org     | /widgets | _widgets |
      | repo    | acme/    | acme_    |

  @clause:SC-FILE-BUCKET @clause:SC-JOB-PATHS
  Scenario Outline: A job spec without its <field> is laid out as Go joins paths: no empty segment
    Given the sidecar uploads to a file:// bucket
    And the job spec's <field> is 'null'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the build's objects are under "<dir>"
    And the bucket holds "<latest>" with exactly "<build id>"

    Examples:
      | field   | dir             | latest                           | build id |
      | job     | logs/4004       | logs/latest-build.txt            | 4004     |
      | buildid | logs/unit-tests | logs/unit-tests/latest-build.txt |          |

  @clause:SC-JOB-PATHS
  Scenario: A job spec without a type: the sidecar fails, naming the empty type
    Given the job spec's type is 'null'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 1
    And the sidecar fails with the message 'unknown job spec type: '
    And nothing was uploaded

  @clause:SC-ITEMS
  Scenario: A null upload item is the empty path: a warning, and the rest goes up
    Given SIDECAR_OPTIONS has "gcs_options.items" set to "[null]"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the sidecar warns that it cannot resolve the empty upload item
    And the upload holds "build-log.txt" with exactly "build output\n"

  @clause:SC-UPLOAD-FAIL
  Scenario: A local output directory that cannot be made: the sidecar logs why and exits 0
    Given the local output directory is a file
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the sidecar logs "Failed to report job status" as an error caused by 'failed to upload to GCS: failed to copy files to "<uploads>": '

  @clause:SC-METADATA-ERROR
  Scenario: An entry without args is named by its index alone in sidecar-errors
    # "entry <index>: <args joined by spaces>", here with nothing after the colon's space.
    Given SIDECAR_OPTIONS has "entries.0.args" set to "null"
    And the test container "test" has written the metadata '{not json'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json reports one metadata error, under "sidecar-errors", keyed "entry 0: "

  @clause:SC-LOG-PROGRESS
  Scenario: The sidecar's log follows a plain run step by step, in upstream's words
    # What operators search for when an upload is missing: each step of the upload and each
    # file found in a directory item, with the newline upstream leaves in that message. The
    # sidecar's own log and finished.json go up in a second batch, after the items.
    Given the sidecar uploads the artifact directory
    And the artifact "junit.xml" holds "<testsuite/>"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the sidecar logged these lines at info level, in this order among others:
      | Starting to upload                                                                    |
      | Gathering artifacts from artifact directory: <artifacts>                              |
      | Found <artifacts>/junit.xml in artifact directory. Uploading as artifacts/junit.xml\n |
      | Finished copying files to "<uploads>".                                                |
      | Finished copying files to "<uploads>".                                                |
      | Finished uploading                                                                    |
    And each uploaded file was logged as queued and then as finished, by its path
    And the sidecar logs "Starting to upload" and then "Finished uploading" with a duration within the run
    And the sidecar logged no warning
    And the sidecar logged no error

  @clause:SC-FINISHED-FIELDS
  Scenario: finished.json of a periodic job without metadata
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then finished.json has the keys "timestamp, passed, result", in that order
    And finished.json has a timestamp of the upload, in Unix seconds

  @clause:SC-FINISHED-REVISION
  Scenario Outline: finished.json's revision comes from the job's refs: <case>
    # The main refs (else the first extra refs that are not auxiliary) give it: the first
    # pull's sha, else the base sha, else the base ref. A pull without a sha gives none.
    Given the job spec's refs are '<refs>'
    And the job spec's extra_refs are '<extra refs>'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then finished.json has <revision>

    Examples:
      | case                                | refs                                                                                                                               | extra refs                                                   | revision             |
      | the first pull's sha                | {"org":"acme","repo":"widgets","base_ref":"main","base_sha":"b45e","pulls":[{"number":7,"sha":"9u11"},{"number":8,"sha":"0ther"}]} |                                                              | the revision "9u11"  |
      | the base sha when there is no pull  | {"org":"acme","repo":"widgets","base_ref":"main","base_sha":"b45e"}                                                                |                                                              | the revision "b45e"  |
      | the base ref when there is no sha   | {"org":"acme","repo":"widgets","base_ref":"main"}                                                                                  |                                                              | the revision "main"  |
      | none from a pull without a sha      | {"org":"acme","repo":"widgets","base_ref":"main","base_sha":"b45e","pulls":[{"number":7}]}                                         |                                                              | no revision          |
      | the first extra refs not auxiliary  |                                                                                                                                    | [{"base_ref":"tools","auxiliary":true},{"base_sha":"3xtra"}] | the revision "3xtra" |
      | the main refs before the extra refs | {"org":"acme","repo":"widgets","base_ref":"main"}                                                                                  | [{"base_sha":"3xtra"}]                                       | the revision "main"  |
      | none without refs                   |                                                                                                                                    |                                                              | no revision          |

  @clause:SC-METADATA @clause:SC-FINISHED-FIELDS
  Scenario: Metadata written by the test containers is merged into finished.json
    Given a test container "e2e"
    And the test container "test" has written the metadata "{\"version\": \"v1.2.3\", \"shard\": 1}"
    And the test container "e2e" has written the metadata "{\"cluster\": \"kind\"}"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    And the marker of "e2e" appears holding "0"
    Then finished.json has the keys "timestamp, passed, metadata, result", in that order
    And finished.json carries the metadata "{\"version\": \"v1.2.3\", \"shard\": 1, \"cluster\": \"kind\"}"

  @clause:SC-METADATA-ERROR
  Scenario Outline: Metadata that is not a JSON object is reported in finished.json, not fatal (<what>)
    Given the test container "test" has written the metadata '<metadata>'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true
    And finished.json reports a metadata error for "test" under "sidecar-errors"
    And the sidecar logs the error "Failed to unmarshal" with the metadata file of "test"

    Examples:
      | what      | metadata  |
      | malformed | {not json |
      | a list    | [1, 2]    |
      | a string  | "v1.2.3"  |
      | a number  | 7         |

  @clause:SC-METADATA-ERROR
  Scenario Outline: A metadata file that <what> is reported in finished.json, not fatal
    # A missing file is no error (the test wrote no metadata); any other failure to look at it is.
    Given the metadata file of "test" <how>
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true
    And finished.json reports a metadata error for "test" under "sidecar-errors"
    And the sidecar logs the error "<error>" with the metadata file of "test"

    Examples:
      | what                | how                           | error          |
      | cannot be looked up | is in a folder that is a file | Failed to stat |
      | cannot be read      | is a folder                   | cannot read    |

  @clause:SC-METADATA-ERROR
  Scenario: Of several test containers, only the one whose metadata is malformed is reported
    Given a test container "e2e"
    And the test container "test" has written the metadata '{"shard": 1}'
    And the test container "e2e" has written the metadata '{"shard": '
    When the sidecar runs
    And the marker of "test" appears holding "0"
    And the marker of "e2e" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json reports a metadata error for "e2e" under "sidecar-errors"
    And the sidecar logs the error "Failed to unmarshal" with the metadata file of "e2e"
    And finished.json's metadata holds "shard" as "1"

  @clause:SC-ESCAPE
  Scenario: A '#' in an artifact's name is escaped as %23
    Given the sidecar uploads the artifact directory
    And the artifact "test#1.log" holds "first attempt"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the upload holds "artifacts/test%231.log" with exactly "first attempt"

  @clause:SC-ITEMS
  Scenario: A file item is uploaded under its own name
    Given the file "logs/summary.txt" holds "3 passed" and is an upload item
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the upload holds "summary.txt" with exactly "3 passed"

  @clause:SC-GZIP-NAMES
  Scenario: A trailing .gz is dropped from the name and the compressed bytes are kept
    Given the sidecar uploads the artifact directory
    And the artifact "report.json.gz" holds the gzip of "{\"tests\": 3}"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the upload holds "artifacts/report.json" whose gzip holds exactly "{\"tests\": 3}"
    And the upload holds no "artifacts/report.json.gz"

  @clause:SC-GZIP-NAMES
  Scenario: A trailing .gzip is dropped as well
    Given the sidecar uploads the artifact directory
    And the artifact "report.json.gzip" holds the gzip of "{\"tests\": 4}"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the upload holds "artifacts/report.json" whose gzip holds exactly "{\"tests\": 4}"

  @clause:SC-ITEMS
  Scenario: Two items with the same name: the first is uploaded, the second skipped with a warning
    Given the file "first/summary.txt" holds "from the first" and is an upload item
    And the file "second/summary.txt" holds "from the second" and is an upload item
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the upload holds "summary.txt" with exactly "from the first"
    And the sidecar warns "Encountered duplicate upload of summary.txt, skipping..."

  @clause:SC-ITEMS
  Scenario: An item that does not exist is skipped with a warning; the rest is uploaded
    Given the upload item "not-there" does not exist
    And the file "logs/summary.txt" holds "3 passed" and is an upload item
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the upload holds "summary.txt" with exactly "3 passed"
    And the upload holds "build-log.txt" with exactly "build output\n"
    And the sidecar warns that it cannot resolve the upload item "not-there"
    And the sidecar logs "Finished copying files to <dir>." once per batch, naming the local directory

  @clause:SC-DRY-RUN
  Scenario: With dry_run nothing is written; each object is only logged
    Given the sidecar only pretends to upload (dry_run)
    And the file "logs/summary.txt" holds "3 passed" and is an upload item
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And nothing was uploaded
    And the sidecar logs "Would upload" for each of:
      | build-log.txt     |
      | finished.json     |
      | sidecar-logs.json |
      | summary.txt       |

  @clause:SC-DRY-RUN @clause:SC-LOCAL-FLAT
  Scenario Outline: A bucket named beside <mode> is never reached
    # dry_run, then local_output_dir, decide before the bucket does: here a GCS bucket, which
    # no scenario can reach, is named as well.
    Given <setup>
    And SIDECAR_OPTIONS has "gcs_options.bucket" set to '"some-gcs-bucket"'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And <outcome>

    Examples:
      | mode                     | setup                                                                   | outcome                                                         |
      | a local output directory | the sidecar uploads to a local directory                                | the upload holds "build-log.txt" with exactly "build output\n" |
      | dry_run                  | the sidecar only pretends to upload (dry_run), with no local output directory | nothing was uploaded                                            |

  @clause:SC-PRESUBMIT-PATH-HAZARD @hazard
  Scenario: Hazard: a presubmit with no path strategy crashes the sidecar after the test, and nothing is uploaded
    Even with a local output directory, where the job path is not used, upstream names the
    pull's directory after the test and crashes (exit 2) when it cannot.

    What to do: with a presubmit, set gcs_options.path_strategy, and let JOB_SPEC carry the pull.

    Given a presubmit job "pull-job" with build id "2002" for pull 7 of "acme/widgets"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 2
    And nothing was uploaded

  @clause:SC-PRESUBMIT-PATH-HAZARD @hazard
  Scenario Outline: Hazard: a presubmit whose job spec has <what> crashes the sidecar after the test, and nothing is uploaded
    What to do: a presubmit's JOB_SPEC must carry its pull in refs.pulls (Prow's decoration does).

    Given a presubmit job "pull-job" with build id "2002" for pull 7 of "acme/widgets"
    And the path strategy is explicit
    And the job spec's refs are '<refs>'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 2
    And nothing was uploaded

    Examples:
      | what    | refs                                              |
      | no pull | {"org":"acme","repo":"widgets","base_ref":"main"} |
      | no refs | null                                              |

  @clause:SC-PRESUBMIT-PATH-HAZARD
  Scenario: A presubmit with a path strategy and its pull is uploaded to a local directory as any job
    Given a presubmit job "pull-job" with build id "2002" for pull 7 of "acme/widgets"
    And the path strategy is explicit
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true

  @clause:SC-PATH-PREFIX-SUB-DIR
  Scenario: A local output directory ignores path_prefix and sub_dir
    Given the sidecar's path_prefix is "stage-b"
    And the sidecar's sub_dir is "step-one"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the uploaded objects are:
      | build-log.txt     |
      | finished.json     |
      | sidecar-logs.json |
