@role:sidecar @capability:s3
Feature: Objects in a bucket get the Content-Type upstream gives them
  A browser shows an artifact by its Content-Type: a log as text, a report as HTML, a bundle as a
  download. Upstream takes the type from the artifact's name through Go's mime package, and when
  the name gives none, the blob library sniffs the content, as it does for the build's own files.
  gcs_options.mediaTypes adds or replaces types by extension.
  (Prow pkg/pod-utils/gcs/metadata.go, pkg/gcsupload/run.go, pkg/pod-utils/gcs/upload.go; Go
  mime and net/http DetectContentType; gocloud.dev/blob.)

  Background:
    Given the sidecar uploads to a MinIO bucket
    And a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory

  @clause:SC-CONTENT-TYPE
  Scenario Outline: An artifact's Content-Type comes from its name: <artifact>
    # Go's table of types by extension, which every machine has (a .gz name: the type of the
    # name without it, Content-Encoding gzip; no type then: application/gzip, not encoded). A
    # name without a dot counts as its own extension. The machine's MIME database adds others
    # (.log, .yaml): those differ from one sidecar image to another, see mediaTypes.
    Given the artifact "<artifact>" holds "<content>"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores "logs/ci-job/1001/artifacts/<object>" with Content-Type "<type>" and Content-Encoding "<encoding>"

    Examples:
      | artifact       | content        | object      | type                      | encoding |
      | report.json    | {}             | report.json | application/json          | none     |
      | styles.css     | p {}           | styles.css  | text/css; charset=utf-8   | none     |
      | page.html      | plain words    | page.html   | text/html; charset=utf-8  | none     |
      | notes.txt      | <html><b>x</b> | notes.txt   | text/plain; charset=utf-8 | none     |
      | report.json.gz | {}             | report.json | application/json          | gzip     |
      | build.gz       | {}             | build       | application/gzip          | none     |
      | json           | plain words    | json        | application/json          | none     |

  @clause:SC-CONTENT-TYPE
  Scenario Outline: An object whose name gives no type is typed by its content: <kind>
    # The first 512 bytes, sniffed as Go's net/http DetectContentType does. The build's own
    # files are typed that way whatever their names: a build log that begins like HTML is
    # stored as text/html.
    Given the artifact "data.podutils-unknown" holds "<content>"
    And the test container "test" has written "<content>" to its process log
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores "logs/ci-job/1001/artifacts/data.podutils-unknown" with Content-Type "<type>"
    And the bucket stores "logs/ci-job/1001/build-log.txt" with Content-Type "<log type>"

    Examples:
      | kind   | content          | type                      | log type                  |
      | text   | plain words      | text/plain; charset=utf-8 | text/plain; charset=utf-8 |
      | HTML   | \x20 <p>done</p> | text/html; charset=utf-8  | text/html; charset=utf-8  |
      | XML    | <?xml version=1> | text/xml; charset=utf-8   | text/xml; charset=utf-8   |
      | PDF    | %PDF-1.4         | application/pdf           | application/pdf           |
      | binary | a\x00b\x01c      | application/octet-stream  | application/octet-stream  |

  @clause:SC-CONTENT-TYPE
  Scenario: The build's records are typed by their content
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores "logs/ci-job/1001/finished.json" with Content-Type "text/plain; charset=utf-8"
    And the bucket stores "logs/ci-job/latest-build.txt" with Content-Type "text/plain; charset=utf-8"

  @clause:SC-CONTENT-TYPE
  Scenario: gcs_options.mediaTypes types the artifacts of the extensions it names, over any other table
    # Text types get charset=utf-8 when they name none. The build log is not an artifact: it is
    # still typed by its content. Compressed objects take the type of their extension too.
    Given SIDECAR_OPTIONS has "gcs_options.mediaTypes" set to '{"junit": "application/xml", "log": "text/plain", "json": "text/x-json", "txt": "application/x-notes"}'
    And the sidecar compresses files of the types "junit,podutils-unknown"
    And the artifact "results.junit" holds "<testsuite/>"
    And the artifact "build.log" holds "plain words"
    And the artifact "report.json" holds "{}"
    And the artifact "notes.txt" holds "plain words"
    And the artifact "big.junit" holds 100 lines of text
    And the artifact "big.podutils-unknown" holds 100 lines of text
    And the test container "test" has written "plain words" to its process log
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores "logs/ci-job/1001/artifacts/results.junit" with Content-Type "application/xml"
    And the bucket stores "logs/ci-job/1001/artifacts/build.log" with Content-Type "text/plain; charset=utf-8"
    And the bucket stores "logs/ci-job/1001/artifacts/report.json" with Content-Type "text/x-json; charset=utf-8"
    And the bucket stores "logs/ci-job/1001/artifacts/notes.txt" with Content-Type "application/x-notes"
    And the bucket stores "logs/ci-job/1001/build-log.txt" with Content-Type "text/plain; charset=utf-8"
    And the bucket stores "logs/ci-job/1001/artifacts/big.junit" gzip-compressed, holding 100 lines of text
    And the bucket stores "logs/ci-job/1001/artifacts/big.junit" with Content-Type "application/xml"
    And the bucket stores "logs/ci-job/1001/artifacts/big.podutils-unknown" gzip-compressed, holding 100 lines of text
    And the bucket stores "logs/ci-job/1001/artifacts/big.podutils-unknown" with Content-Type "text/plain; charset=utf-8"
