@role:sidecar @capability:s3
Feature: Uploads to a bucket land under the job's path
  With a bucket (here an S3 bucket on a real MinIO server), the sidecar puts each build under a
  path made from the job: logs/<job>/<build> for periodic and postsubmit jobs,
  pr-logs/pull/<org>_<repo>/<pull>/<job>/<build> for presubmits (the path strategy may shorten
  the org_repo part for the default repository), pr-logs/pull/batch/<job>/<build> for batches.
  It also records the latest build of the job in latest-build.txt and, for presubmits, an alias
  pr-logs/directory/<job>/<build>.txt holding the build's full address.
  (Prow pkg/pod-utils/gcs/target.go, pkg/gcsupload/run.go.)

  Background:
    Given the sidecar uploads to a MinIO bucket
    And the test container "test" has written "build output" to its process log

  @clause:SC-JOB-PATHS @clause:SC-LATEST-BUILD
  Scenario Outline: A <type> job's build goes under logs/<job>/<build>
    Given a <type> job "ci-job" with build id "1001"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the build's objects are under "logs/ci-job/1001"
    And the bucket holds "logs/ci-job/latest-build.txt" with exactly "1001"

    Examples:
      | type       |
      | periodic   |
      | postsubmit |

  @clause:SC-JOB-PATHS @clause:SC-LATEST-BUILD @clause:SC-ALIAS
  Scenario Outline: A presubmit's build path with path strategy <strategy> (<case>)
    Given a presubmit job "pull-job" with build id "2002" for pull 7 of "<pr repo>"
    And the path strategy is <strategy> with default repository "acme/widgets"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the build's objects are under "<dir>"
    And the bucket holds "pr-logs/directory/pull-job/latest-build.txt" with exactly "2002"
    And the bucket holds "pr-logs/directory/pull-job/2002.txt" with exactly "s3://<bucket>/<dir>"

    Examples:
      | strategy | case               | pr repo      | dir                                       |
      | explicit | default repository | acme/widgets | pr-logs/pull/acme_widgets/7/pull-job/2002 |
      | legacy   | default repository | acme/widgets | pr-logs/pull/7/pull-job/2002              |
      | legacy   | default org only   | acme/gadgets | pr-logs/pull/gadgets/7/pull-job/2002      |
      | legacy   | other org          | other/tools  | pr-logs/pull/other_tools/7/pull-job/2002  |
      | single   | default repository | acme/widgets | pr-logs/pull/7/pull-job/2002              |
      | single   | default org only   | acme/gadgets | pr-logs/pull/acme_gadgets/7/pull-job/2002 |

  @clause:SC-PATH-PREFIX-SUB-DIR
  Scenario: path_prefix goes before the job's path, sub_dir after it; latest-build.txt stays put
    # A bucket shared by several Prow instances or stages: path_prefix keeps each one's builds
    # apart, and the presubmit's alias leads there; sub_dir puts this upload (items, logs,
    # finished.json) in a directory of the build.
    Given a presubmit job "pull-job" with build id "2002" for pull 7 of "acme/widgets"
    And the path strategy is explicit
    And the sidecar's path_prefix is "stage-b"
    And the sidecar's sub_dir is "step-one"
    And the sidecar uploads the artifact directory
    And the artifact "junit.xml" holds "<testsuite/>"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the bucket holds exactly these objects:
      | pr-logs/directory/pull-job/2002.txt                                            |
      | pr-logs/directory/pull-job/latest-build.txt                                    |
      | pr-logs/pull/acme_widgets/7/pull-job/latest-build.txt                          |
      | stage-b/pr-logs/pull/acme_widgets/7/pull-job/2002/step-one/artifacts/junit.xml |
      | stage-b/pr-logs/pull/acme_widgets/7/pull-job/2002/step-one/build-log.txt       |
      | stage-b/pr-logs/pull/acme_widgets/7/pull-job/2002/step-one/finished.json       |
      | stage-b/pr-logs/pull/acme_widgets/7/pull-job/2002/step-one/sidecar-logs.json   |
    And the bucket holds "pr-logs/directory/pull-job/2002.txt" with exactly "s3://<bucket>/stage-b/pr-logs/pull/acme_widgets/7/pull-job/2002"

  @clause:SC-JOB-PATHS @clause:SC-LATEST-BUILD
  Scenario: A batch job's build goes under pr-logs/pull/batch
    Given a batch job "batch-job" with build id "3003"
    And the path strategy is explicit
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the build's objects are under "pr-logs/pull/batch/batch-job/3003"
    And the bucket holds "pr-logs/directory/batch-job/latest-build.txt" with exactly "3003"
    And the bucket holds no "pr-logs/directory/batch-job/3003.txt"

  @clause:SC-GZIP-NAMES
  Scenario: A .gz artifact is stored gzip-encoded under its name without .gz
    Given a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And the artifact "report.json.gz" holds the gzip of "{\"tests\": 3}"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the upload holds "artifacts/report.json" whose gzip holds exactly "{\"tests\": 3}"
    And the bucket stores "logs/ci-job/1001/artifacts/report.json" gzip-encoded

  @clause:SC-UPLOAD-ON-INTERRUPT @clause:SC-FINAL-REPLACES
  Scenario: In a bucket too, an interrupt uploads at once and the final upload replaces it
    Given a periodic job "ci-job" with build id "1001"
    When the sidecar runs
    And the sidecar receives SIGTERM
    Then finished.json soon says the job was aborted, passed false, while the sidecar keeps waiting
    When the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And finished.json says the result is "SUCCESS" and passed is true

  @clause:SC-COMPRESS
  Scenario: With compress_file_types, matching objects over 1 KiB are stored gzip-compressed
    Given a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And the sidecar compresses files of the types "log"
    And the artifact "big.log" holds 100 lines of text
    And the artifact "small.log" holds "short"
    And the artifact "big.txt" holds 100 lines of text
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the bucket stores "logs/ci-job/1001/artifacts/big.log" gzip-compressed, holding 100 lines of text
    And the bucket stores "logs/ci-job/1001/artifacts/small.log" as it is, holding "short"
    And the bucket stores "logs/ci-job/1001/artifacts/big.txt" as it is, holding 100 lines of text

  @clause:SC-COMPRESS
  Scenario: compress_file_types "*" compresses every type but what is still named .gz or .gzip
    # The choice is made on the object's name, after a last .gz or .gzip has been taken off it:
    # plain.gzip goes up as "plain", compressed like any other; twice.gz.gz as "twice.gz", whose
    # name still says gzip, so it goes up as it is (marked gzip-encoded, as its name says).
    Given a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And the sidecar compresses files of the types "*"
    And the artifact "big.txt" holds 100 lines of text
    And the artifact "plain.gzip" holds 100 lines of text
    And the artifact "twice.gz.gz" holds 100 lines of text
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the bucket stores "logs/ci-job/1001/artifacts/big.txt" gzip-compressed, holding 100 lines of text
    And the bucket stores "logs/ci-job/1001/artifacts/plain" gzip-compressed, holding 100 lines of text
    And the bucket stores "logs/ci-job/1001/artifacts/twice.gz" marked Content-Encoding gzip, yet holding 100 lines of text as they were written

  @clause:SC-UPLOAD-FAIL
  Scenario: Hazard: a build log that cannot be read is stored empty; everything else is uploaded
    # Upstream's writer is closed after its copy failed, which stores what it was given: here
    # nothing. The upload is tried again (4 tries in all, 14 s of waiting) and then logged as
    # failed; the empty object stays.
    Given a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And the artifact "result.txt" holds "uploaded"
    And the process log of "test" is a folder
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the bucket holds "logs/ci-job/1001/artifacts/result.txt" with exactly "uploaded"
    And the bucket holds "logs/ci-job/1001/build-log.txt" with exactly ""

  @clause:SC-LARGE-OBJECTS
  Scenario: Artifacts larger than a single upload go up whole, compressed or not
    # S3 takes an object of more than a few MiB in parts (a multipart upload): each part must
    # arrive, in order, and the object appear only once it is complete. Noise does not compress,
    # so compressed it still takes several parts.
    Given a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And the sidecar compresses files of the types "log"
    And the artifact "big.bin" holds 40 MiB of lines
    And the artifact "noise.log" holds 20 MiB of noise
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the bucket stores "logs/ci-job/1001/artifacts/big.bin" as it is, holding 40 MiB of lines
    And the bucket stores "logs/ci-job/1001/artifacts/noise.log" gzip-compressed, holding 20 MiB of noise

  @clause:SC-JOB-PATHS
  Scenario Outline: A presubmit of a Gerrit repository or of a nested repository (<case>)
    # Gerrit names an org by its URL and a repository by a path: the scheme and the trailing
    # slash are left out, the slashes of the repository become underscores, except where the
    # legacy strategy puts the repository of the default org as it is.
    Given a presubmit job "pull-job" with build id "2002" for pull 7 of "acme/widgets"
    And the job spec's refs are '{"org":"<org>","repo":"<repo>","base_ref":"main","pulls":[{"number":7,"sha":"abc123"}]}'
    And the path strategy is <strategy> with default repository "acme/widgets"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the build's objects are under "<dir>"

    Examples:
      | case                                   | org                               | repo           | strategy | dir                                                              |
      | Gerrit, explicit                       | https://gerrit.example.org/       | platform/build | explicit | pr-logs/pull/gerrit.example.org_platform_build/7/pull-job/2002   |
      | Gerrit, legacy                         | https://gerrit.example.org/       | platform/build | legacy   | pr-logs/pull/gerrit.example.org_platform_build/7/pull-job/2002   |
      | Gerrit over http, single               | http://gerrit.example.org//       | platform/build | single   | pr-logs/pull/gerrit.example.org_platform_build/7/pull-job/2002   |
      | Gerrit under a path, explicit          | https://gerrit.example.org/r/     | platform/build | explicit | pr-logs/pull/gerrit.example.org/r_platform_build/7/pull-job/2002 |
      | both schemes, one after the other      | https://http://gerrit.example.org | platform/build | explicit | pr-logs/pull/gerrit.example.org_platform_build/7/pull-job/2002   |
      | legacy, nested repo of the default org | acme                              | tools/cli      | legacy   | pr-logs/pull/tools/cli/7/pull-job/2002                           |

  @clause:SC-JOB-PATHS
  Scenario: A job spec of an unknown type: the sidecar fails, having uploaded nothing
    Given a periodic job "ci-job" with build id "1001"
    And the job spec's type is '"nightly"'
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 1
    And the sidecar fails with the message 'unknown job spec type: nightly'
    And the bucket holds no "logs/ci-job/1001/finished.json"

  @clause:SC-S3-KEY-HAZARD
  Scenario: Hazard: an artifact's name reaches S3 unescaped, so from a '?' on it is lost and %XX is decoded
    # Upstream's S3 client puts the name into the request's path as it is: the store reads what
    # follows a '?' as a query, and decodes percent escapes once. "q?x" and "q?y" would both land
    # on "q", the last one uploaded winning. Name artifacts without '?' and '%'.
    Given a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And these artifacts, each holding "x":
      | q?x     |
      | d/q?x?y |
      | s%2Fl   |
      | u%C3%A9 |
      | v%3Fw   |
      | h#x     |
      | pl+us   |
      | sp ace  |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket holds exactly these objects:
      | logs/ci-job/1001/artifacts/d/q     |
      | logs/ci-job/1001/artifacts/h#x     |
      | logs/ci-job/1001/artifacts/pl+us   |
      | logs/ci-job/1001/artifacts/q       |
      | logs/ci-job/1001/artifacts/s/l     |
      | logs/ci-job/1001/artifacts/sp ace  |
      | logs/ci-job/1001/artifacts/ué      |
      | logs/ci-job/1001/artifacts/v?w     |
      | logs/ci-job/1001/build-log.txt     |
      | logs/ci-job/1001/finished.json     |
      | logs/ci-job/1001/sidecar-logs.json |
      | logs/ci-job/latest-build.txt       |

  @clause:SC-S3-KEY-HAZARD
  Scenario: An artifact whose name holds a '%' that is no escape is not uploaded; the rest is
    # "100%.txt" cannot be decoded as a path: that one upload fails (upstream's client refuses to
    # parse it, "invalid URL escape"), the others go up, and the job status is logged as failed to
    # report. Name artifacts without '%'.
    Given a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And these artifacts, each holding "x":
      | 100%.txt |
      | ok.txt   |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket holds exactly these objects:
      | logs/ci-job/1001/artifacts/ok.txt  |
      | logs/ci-job/1001/build-log.txt     |
      | logs/ci-job/1001/finished.json     |
      | logs/ci-job/1001/sidecar-logs.json |
      | logs/ci-job/latest-build.txt       |
    And the sidecar logs "Failed to report job status" as an error caused by "failed to upload to GCS: failed to upload to blob storage: encountered errors during upload: ["

  @clause:SC-UPLOAD-UNREADABLE
  Scenario: An artifact that cannot be opened is stored empty, its upload fails, and the rest go up
    # A Unix socket left in the artifact directory (by an SSH control master, a test server) is
    # found like a file, but opening it fails. Upstream's writer, closed after its copy failed,
    # commits what it was given: an empty object. The job status is logged as failed to report,
    # and the sidecar still exits 0.
    Given a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And the artifact "control.sock" is a Unix socket left behind, which no one can open
    And the artifact "ok.txt" holds "x"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the bucket holds exactly these objects:
      | logs/ci-job/1001/artifacts/control.sock |
      | logs/ci-job/1001/artifacts/ok.txt       |
      | logs/ci-job/1001/build-log.txt          |
      | logs/ci-job/1001/finished.json          |
      | logs/ci-job/1001/sidecar-logs.json      |
      | logs/ci-job/latest-build.txt            |
    And the bucket holds "logs/ci-job/1001/artifacts/control.sock" with exactly ""
    And the sidecar logs "Failed to report job status" as an error caused by "failed to upload to GCS: failed to upload to blob storage: encountered errors during upload: ["
