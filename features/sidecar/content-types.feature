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
      | UPPER.JSON     | {}             | UPPER.JSON  | application/json          | none     |
      | notes.         | plain words    | notes.      | text/plain; charset=utf-8 | none     |

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
  Scenario: gcs_options.mediaTypes keeps a type as Go's mime package keeps it
    # A text type that names no charset gets charset=utf-8, and Go then writes the type out again
    # from the whole value: only a bare type/subtype survives that (in lower case); one with
    # parameters, or a trailing semicolon, comes out empty, and the content is sniffed instead.
    # Any other type is kept as written (" text/plain" too: Go looks for "text/" at the very
    # start). The blob library then parses every type it is given and
    # writes it out again: names and types in lower case, parameters sorted, values quoted only
    # where they must be, and a value beyond ASCII encoded as RFC 2231 says.
    Given gcs_options.mediaTypes holds:
      | plain   | text/plain                      |
      | upper   | text/X-Notes                    |
      | shout   | TEXT/Plain                      |
      | latin   | text/plain; charset=latin1      |
      | quoted  | text/plain; Charset="utf-8"     |
      | params  | text/x-a; b=2                   |
      | semi    | text/plain;                     |
      | noset   | text/plain; charset=""          |
      | appl    | application/X-A; b="c d"        |
      | bare    | image                           |
      | spaced  | \x20text/plain                  |
      | multi   | application/x-a; z=1; b="é*x y" |
      | intl    | application/x-a; b="é"          |
      | nel     | application/x-nel\u0085         |
      | eqspace | application/x-a; b =1           |
      | escaped | application/x-a; b="c\"d"       |
      | empty   | application/x-a; b=""           |
      | del     | application/x-a; b="\x7f"       |
      | ctrl    | application/x-a; b="a\x01"      |
      | tilde   | application/x-a; b=~            |
      | sorted  | application/x-a; a=1; b=2       |
    And these artifacts, each holding "%PDF-1.7":
      | a.plain   |
      | a.upper   |
      | a.shout   |
      | a.latin   |
      | a.quoted  |
      | a.params  |
      | a.semi    |
      | a.noset   |
      | a.appl    |
      | a.bare    |
      | a.spaced  |
      | a.multi   |
      | a.intl    |
      | a.nel     |
      | a.eqspace |
      | a.escaped |
      | a.empty   |
      | a.del     |
      | a.ctrl    |
      | a.tilde   |
      | a.sorted  |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores these objects with these Content-Types:
      | logs/ci-job/1001/artifacts/a.plain   | text/plain; charset=utf-8                      |
      | logs/ci-job/1001/artifacts/a.upper   | text/x-notes; charset=utf-8                    |
      | logs/ci-job/1001/artifacts/a.shout   | text/plain                                     |
      | logs/ci-job/1001/artifacts/a.latin   | text/plain; charset=latin1                     |
      | logs/ci-job/1001/artifacts/a.quoted  | text/plain; charset=utf-8                      |
      | logs/ci-job/1001/artifacts/a.params  | application/pdf                                |
      | logs/ci-job/1001/artifacts/a.semi    | application/pdf                                |
      | logs/ci-job/1001/artifacts/a.noset   | application/pdf                                |
      | logs/ci-job/1001/artifacts/a.appl    | application/x-a; b="c d"                       |
      | logs/ci-job/1001/artifacts/a.bare    | image                                          |
      | logs/ci-job/1001/artifacts/a.spaced  | text/plain                                     |
      | logs/ci-job/1001/artifacts/a.multi   | application/x-a; b*=utf-8''%C3%A9%2Ax%20y; z=1 |
      | logs/ci-job/1001/artifacts/a.intl    | application/x-a; b*=utf-8''%C3%A9              |
      | logs/ci-job/1001/artifacts/a.nel     | application/x-nel                              |
      | logs/ci-job/1001/artifacts/a.eqspace | application/x-a; b=1                           |
      | logs/ci-job/1001/artifacts/a.escaped | application/x-a; b="c\"d"                      |
      | logs/ci-job/1001/artifacts/a.empty   | application/x-a; b=""                          |
      | logs/ci-job/1001/artifacts/a.del     | application/x-a; b*=utf-8''%7F                 |
      | logs/ci-job/1001/artifacts/a.ctrl    | application/x-a; b*=utf-8''a%01                |
      | logs/ci-job/1001/artifacts/a.tilde   | application/x-a; b=~                           |
      | logs/ci-job/1001/artifacts/a.sorted  | application/x-a; a=1; b=2                      |

  @clause:SC-CONTENT-TYPE
  Scenario Outline: A gcs_options.mediaTypes value Go cannot parse as a media type is refused: <value>
    Given gcs_options.mediaTypes holds:
      | log | <value> |
    When the sidecar runs
    Then the sidecar exits with status 1
    And the sidecar fails with the message 'Invalid options: invalid extension media type "<quoted>": mime: <error>'

    Examples:
      | value                | quoted               | error                                  |
      | /plain               | /plain               | no media type                          |
      | text/                | text/                | expected token after slash             |
      | text/plain x         | text/plain x         | unexpected content after media subtype |
      | text/plaiñ           | text/plaiñ           | unexpected content after media subtype |
      | text/plain; charset  | text/plain; charset  | invalid media parameter                |
      | text/plain; a=(      | text/plain; a=(      | invalid media parameter                |
      | text/plain; a=1 b    | text/plain; a=1 b    | invalid media parameter                |
      | text/plain;; a=1     | text/plain;; a=1     | invalid media parameter                |
      | text/plain; a=1; A=2 | text/plain; a=1; A=2 | duplicate parameter name               |
      | text/plain; a b=1    | text/plain; a b=1    | invalid media parameter                |
      | text/plain; n@me=1   | text/plain; n@me=1   | invalid media parameter                |
      | text/pl\x7fain       | text/pl\x7fain       | unexpected content after media subtype |
      | text/pl\x0bain       | text/pl\vain         | unexpected content after media subtype |
      | text/pl\x07ain       | text/pl\aain         | unexpected content after media subtype |
      | text/pl\u00a0ain     | text/pl\u00a0ain     | unexpected content after media subtype |
      | \ufefftext/plain     | \ufefftext/plain     | no media type                          |

  @clause:SC-CONTENT-TYPE
  Scenario: Go's built-in types win over the machine's MIME database in globs2 form
    # shared-mime-info's globs2 says otherwise for each of these (application/javascript for
    # .js, application/xml for .xml, ...): Go reads it after its table and only adds what the
    # table does not know. A machine with only mime.types files is different: those replace.
    Given the machine's MIME database adds types without replacing Go's built-in ones
    And these artifacts, each holding "plain words":
      | file.ai   |
      | file.eps  |
      | file.exe  |
      | file.js   |
      | file.mjs  |
      | file.wav  |
      | file.webm |
      | file.xbl  |
      | file.xml  |
      | file.xsl  |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores these objects with these Content-Types:
      | logs/ci-job/1001/artifacts/file.ai   | application/postscript         |
      | logs/ci-job/1001/artifacts/file.eps  | application/postscript         |
      | logs/ci-job/1001/artifacts/file.exe  | application/octet-stream       |
      | logs/ci-job/1001/artifacts/file.js   | text/javascript; charset=utf-8 |
      | logs/ci-job/1001/artifacts/file.mjs  | text/javascript; charset=utf-8 |
      | logs/ci-job/1001/artifacts/file.wav  | audio/wav                      |
      | logs/ci-job/1001/artifacts/file.webm | audio/webm                     |
      | logs/ci-job/1001/artifacts/file.xbl  | text/xml; charset=utf-8        |
      | logs/ci-job/1001/artifacts/file.xml  | text/xml; charset=utf-8        |
      | logs/ci-job/1001/artifacts/file.xsl  | text/xml; charset=utf-8        |

  @clause:SC-CONTENT-TYPE
  Scenario: In an image without a MIME database, Go's built-in table alone types an artifact
    # Prow's own images have no MIME database: what Go's table does not know (.log, .yaml) is
    # typed by its content, here a PDF's (only .pdf's type is a PDF's: file.pdf holds text). A
    # .gz name means gzip content, typed as the name without it: here by .gz's own type.
    Given the sidecar runs in an image without a MIME database
    And these artifacts, each holding "%PDF-1.7":
      | twice.gz.gz |
      | file.log    |
      | file.yaml   |
      | file.ai     |
      | file.apk    |
      | file.apng   |
      | file.avif   |
      | file.bin    |
      | file.bmp    |
      | file.com    |
      | file.css    |
      | file.csv    |
      | file.doc    |
      | file.docx   |
      | file.ehtml  |
      | file.eml    |
      | file.eps    |
      | file.exe    |
      | file.flac   |
      | file.gif    |
      | file.htm    |
      | file.html   |
      | file.ico    |
      | file.ics    |
      | file.jfif   |
      | file.jpeg   |
      | file.jpg    |
      | file.js     |
      | file.json   |
      | file.m4a    |
      | file.mjs    |
      | file.mp3    |
      | file.mp4    |
      | file.oga    |
      | file.ogg    |
      | file.ogv    |
      | file.opus   |
      | file.pjp    |
      | file.pjpeg  |
      | file.png    |
      | file.ppt    |
      | file.pptx   |
      | file.ps     |
      | file.rdf    |
      | file.rtf    |
      | file.shtml  |
      | file.svg    |
      | file.text   |
      | file.tif    |
      | file.tiff   |
      | file.txt    |
      | file.vtt    |
      | file.wasm   |
      | file.wav    |
      | file.webm   |
      | file.webp   |
      | file.xbl    |
      | file.xbm    |
      | file.xht    |
      | file.xhtml  |
      | file.xls    |
      | file.xlsx   |
      | file.xml    |
      | file.xsl    |
      | file.zip    |
    And the artifact "file.pdf" holds "plain words"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores these objects with these Content-Types:
      | logs/ci-job/1001/artifacts/file.log   | application/pdf                                                           |
      | logs/ci-job/1001/artifacts/file.yaml  | application/pdf                                                           |
      | logs/ci-job/1001/artifacts/file.ai    | application/postscript                                                    |
      | logs/ci-job/1001/artifacts/file.apk   | application/vnd.android.package-archive                                   |
      | logs/ci-job/1001/artifacts/file.apng  | image/apng                                                                |
      | logs/ci-job/1001/artifacts/file.avif  | image/avif                                                                |
      | logs/ci-job/1001/artifacts/file.bin   | application/octet-stream                                                  |
      | logs/ci-job/1001/artifacts/file.bmp   | image/bmp                                                                 |
      | logs/ci-job/1001/artifacts/file.com   | application/octet-stream                                                  |
      | logs/ci-job/1001/artifacts/file.css   | text/css; charset=utf-8                                                   |
      | logs/ci-job/1001/artifacts/file.csv   | text/csv; charset=utf-8                                                   |
      | logs/ci-job/1001/artifacts/file.doc   | application/msword                                                        |
      | logs/ci-job/1001/artifacts/file.docx  | application/vnd.openxmlformats-officedocument.wordprocessingml.document   |
      | logs/ci-job/1001/artifacts/file.ehtml | text/html; charset=utf-8                                                  |
      | logs/ci-job/1001/artifacts/file.eml   | message/rfc822                                                            |
      | logs/ci-job/1001/artifacts/file.eps   | application/postscript                                                    |
      | logs/ci-job/1001/artifacts/file.exe   | application/octet-stream                                                  |
      | logs/ci-job/1001/artifacts/file.flac  | audio/flac                                                                |
      | logs/ci-job/1001/artifacts/file.gif   | image/gif                                                                 |
      | logs/ci-job/1001/artifacts/file.htm   | text/html; charset=utf-8                                                  |
      | logs/ci-job/1001/artifacts/file.html  | text/html; charset=utf-8                                                  |
      | logs/ci-job/1001/artifacts/file.ico   | image/vnd.microsoft.icon                                                  |
      | logs/ci-job/1001/artifacts/file.ics   | text/calendar; charset=utf-8                                              |
      | logs/ci-job/1001/artifacts/file.jfif  | image/jpeg                                                                |
      | logs/ci-job/1001/artifacts/file.jpeg  | image/jpeg                                                                |
      | logs/ci-job/1001/artifacts/file.jpg   | image/jpeg                                                                |
      | logs/ci-job/1001/artifacts/file.js    | text/javascript; charset=utf-8                                            |
      | logs/ci-job/1001/artifacts/file.json  | application/json                                                          |
      | logs/ci-job/1001/artifacts/file.m4a   | audio/mp4                                                                 |
      | logs/ci-job/1001/artifacts/file.mjs   | text/javascript; charset=utf-8                                            |
      | logs/ci-job/1001/artifacts/file.mp3   | audio/mpeg                                                                |
      | logs/ci-job/1001/artifacts/file.mp4   | video/mp4                                                                 |
      | logs/ci-job/1001/artifacts/file.oga   | audio/ogg                                                                 |
      | logs/ci-job/1001/artifacts/file.ogg   | audio/ogg                                                                 |
      | logs/ci-job/1001/artifacts/file.ogv   | video/ogg                                                                 |
      | logs/ci-job/1001/artifacts/file.opus  | audio/ogg                                                                 |
      | logs/ci-job/1001/artifacts/file.pdf   | application/pdf                                                           |
      | logs/ci-job/1001/artifacts/file.pjp   | image/jpeg                                                                |
      | logs/ci-job/1001/artifacts/file.pjpeg | image/jpeg                                                                |
      | logs/ci-job/1001/artifacts/file.png   | image/png                                                                 |
      | logs/ci-job/1001/artifacts/file.ppt   | application/vnd.ms-powerpoint                                             |
      | logs/ci-job/1001/artifacts/file.pptx  | application/vnd.openxmlformats-officedocument.presentationml.presentation |
      | logs/ci-job/1001/artifacts/file.ps    | application/postscript                                                    |
      | logs/ci-job/1001/artifacts/file.rdf   | application/rdf+xml                                                       |
      | logs/ci-job/1001/artifacts/file.rtf   | application/rtf                                                           |
      | logs/ci-job/1001/artifacts/file.shtml | text/html; charset=utf-8                                                  |
      | logs/ci-job/1001/artifacts/file.svg   | image/svg+xml                                                             |
      | logs/ci-job/1001/artifacts/file.text  | text/plain; charset=utf-8                                                 |
      | logs/ci-job/1001/artifacts/file.tif   | image/tiff                                                                |
      | logs/ci-job/1001/artifacts/file.tiff  | image/tiff                                                                |
      | logs/ci-job/1001/artifacts/file.txt   | text/plain; charset=utf-8                                                 |
      | logs/ci-job/1001/artifacts/file.vtt   | text/vtt; charset=utf-8                                                   |
      | logs/ci-job/1001/artifacts/file.wasm  | application/wasm                                                          |
      | logs/ci-job/1001/artifacts/file.wav   | audio/wav                                                                 |
      | logs/ci-job/1001/artifacts/file.webm  | audio/webm                                                                |
      | logs/ci-job/1001/artifacts/file.webp  | image/webp                                                                |
      | logs/ci-job/1001/artifacts/file.xbl   | text/xml; charset=utf-8                                                   |
      | logs/ci-job/1001/artifacts/file.xbm   | image/x-xbitmap                                                           |
      | logs/ci-job/1001/artifacts/file.xht   | application/xhtml+xml                                                     |
      | logs/ci-job/1001/artifacts/file.xhtml | application/xhtml+xml                                                     |
      | logs/ci-job/1001/artifacts/file.xls   | application/vnd.ms-excel                                                  |
      | logs/ci-job/1001/artifacts/file.xlsx  | application/vnd.openxmlformats-officedocument.spreadsheetml.sheet         |
      | logs/ci-job/1001/artifacts/file.xml   | text/xml; charset=utf-8                                                   |
      | logs/ci-job/1001/artifacts/file.xsl   | text/xml; charset=utf-8                                                   |
      | logs/ci-job/1001/artifacts/file.zip   | application/zip                                                           |

  
    And the bucket stores "logs/ci-job/1001/artifacts/twice.gz" with Content-Type "application/gzip" and Content-Encoding "gzip"

  @clause:SC-CONTENT-TYPE
  Scenario: In an image whose only MIME database is a mime.types file, its types replace Go's
    # A line is a type and its extensions; a line that starts with '#', or has no extension, is
    # skipped, and the extensions end where a '#' begins a word. Text types get charset=utf-8; a
    # type Go cannot parse is skipped (what its extensions had stays), and leading blanks are no field.
    Given the sidecar runs in an image whose only MIME database is a mime.types file holding:
      """
      # podutils-conformance: a mime.types of its own
      application/x-podutils-one   pone ptwo
      text/x-podutils ptext
      application/javascript js
      #application/x-podutils-commented pcommented
      application/x-podutils-lonely
      application/x-podutils-three pthree #pfour pfive
      text/x-podutils@broken pbroken pone
        application/x-podutils-indented  pindented
      """
    And these artifacts, each holding "%PDF-1.7":
      | a.pone       |
      | a.ptwo       |
      | a.ptext      |
      | a.js         |
      | a.pcommented |
      | a.pthree     |
      | a.pfour      |
      | a.pfive      |
      | a.pbroken    |
      | a.pindented  |
      | a.here       |
      | a.json       |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores these objects with these Content-Types:
      | logs/ci-job/1001/artifacts/a.pone       | application/x-podutils-one      |
      | logs/ci-job/1001/artifacts/a.ptwo       | application/x-podutils-one      |
      | logs/ci-job/1001/artifacts/a.ptext      | text/x-podutils; charset=utf-8  |
      | logs/ci-job/1001/artifacts/a.js         | application/javascript          |
      | logs/ci-job/1001/artifacts/a.pcommented | application/pdf                 |
      | logs/ci-job/1001/artifacts/a.pthree     | application/x-podutils-three    |
      | logs/ci-job/1001/artifacts/a.pfour      | application/pdf                 |
      | logs/ci-job/1001/artifacts/a.pfive      | application/pdf                 |
      | logs/ci-job/1001/artifacts/a.pbroken    | application/pdf                 |
      | logs/ci-job/1001/artifacts/a.pindented  | application/x-podutils-indented |
      | logs/ci-job/1001/artifacts/a.here       | application/pdf                 |
      | logs/ci-job/1001/artifacts/a.json       | application/json                |

  @clause:SC-CONTENT-TYPE
  Scenario: Go reads the first globs2 file there is: /usr/local/share/mime's before /usr/share/mime's
    Given the sidecar runs in an image whose MIME database files hold:
      | /usr/local/share/mime/globs2 | 50:application/x-podutils-local:*.plocal   |
      | /usr/share/mime/globs2       | 50:application/x-podutils-shared:*.pshared |
      | /etc/mime.types              | application/x-podutils-etc petc            |
    And these artifacts, each holding "%PDF-1.7":
      | a.plocal  |
      | a.pshared |
      | a.petc    |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores these objects with these Content-Types:
      | logs/ci-job/1001/artifacts/a.plocal  | application/x-podutils-local |
      | logs/ci-job/1001/artifacts/a.pshared | application/pdf              |
      | logs/ci-job/1001/artifacts/a.petc    | application/pdf              |

  @clause:SC-CONTENT-TYPE
  Scenario: Go uses only the globs2 lines that name a weight, a type and a bare "*.ext" glob, the first for each extension
    Given the sidecar runs in an image whose MIME database files hold:
      | /usr/share/mime/globs2 | # a comment without fields                        |
      | /usr/share/mime/globs2 | :application/x-podutils-noweight:*.pnoweight      |
      | /usr/share/mime/globs2 | #50:application/x-podutils-commented:*.pcommented |
      | /usr/share/mime/globs2 | 50:application/x-podutils-short:*.p               |
      | /usr/share/mime/globs2 | 50:application/x-podutils-glob:*.pg[b             |
      | /usr/share/mime/globs2 | 50:application/x-podutils-notglob:x.pnotglob      |
      | /usr/share/mime/globs2 | 50:application/x-podutils-first:*.pdup            |
      | /usr/share/mime/globs2 | 40:application/x-podutils-second:*.pdup           |
    And these artifacts, each holding "%PDF-1.7":
      | a.pnoweight  |
      | a.pcommented |
      | a.p          |
      | a.pgxb       |
      | a.pg[b       |
      | a.pnotglob   |
      | a.pdup       |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores these objects with these Content-Types:
      | logs/ci-job/1001/artifacts/a.pnoweight  | application/pdf              |
      | logs/ci-job/1001/artifacts/a.pcommented | application/pdf              |
      | logs/ci-job/1001/artifacts/a.p          | application/x-podutils-short |
      | logs/ci-job/1001/artifacts/a.pgxb       | application/pdf              |
      | logs/ci-job/1001/artifacts/a.pg[b       | application/pdf              |
      | logs/ci-job/1001/artifacts/a.pnotglob   | application/pdf              |
      | logs/ci-job/1001/artifacts/a.pdup       | application/x-podutils-first |

  @clause:SC-CONTENT-TYPE
  Scenario: Without a globs2 file Go reads every mime.types file there is, each replacing the ones before
    Given the sidecar runs in an image whose MIME database files hold:
      | /etc/mime.types            | application/x-podutils-etc pone ptwo pthree pfour |
      | /etc/apache2/mime.types    | application/x-podutils-apache2 ptwo pthree pfour  |
      | /etc/apache/mime.types     | application/x-podutils-apache pthree pfour        |
      | /etc/httpd/conf/mime.types | application/x-podutils-httpd pfour                |
    And these artifacts, each holding "%PDF-1.7":
      | a.pone   |
      | a.ptwo   |
      | a.pthree |
      | a.pfour  |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores these objects with these Content-Types:
      | logs/ci-job/1001/artifacts/a.pone   | application/x-podutils-etc     |
      | logs/ci-job/1001/artifacts/a.ptwo   | application/x-podutils-apache2 |
      | logs/ci-job/1001/artifacts/a.pthree | application/x-podutils-apache  |
      | logs/ci-job/1001/artifacts/a.pfour  | application/x-podutils-httpd   |

  @clause:SC-CONTENT-TYPE
  Scenario: Every signature Go's DetectContentType knows types an artifact whose name gives none
    # Markup first (after leading white space, in any case, the tag followed by a space or '>'),
    # then the byte signatures at the very start, then text unless a byte is one that text never
    # holds. (Go's MP4 and embedded-font signatures are not pinned down here.)
    Given these artifacts, holding these bytes:
      | sniffed-doctype.podutils-unknown       | \x20\x0a<!doctype html>      |
      | sniffed-ff-html.podutils-unknown       | \x0c<html>                   |
      | sniffed-cr-html.podutils-unknown       | \x0d<p>                      |
      | sniffed-html.podutils-unknown          | <HTML>                       |
      | sniffed-head.podutils-unknown          | <head>                       |
      | sniffed-script.podutils-unknown        | <script src=a.js>            |
      | sniffed-iframe.podutils-unknown        | <iframe>                     |
      | sniffed-h1.podutils-unknown            | <h1>                         |
      | sniffed-div.podutils-unknown           | <div>                        |
      | sniffed-font.podutils-unknown          | <font>                       |
      | sniffed-table.podutils-unknown         | <table>                      |
      | sniffed-a.podutils-unknown             | <a href=x>                   |
      | sniffed-style.podutils-unknown         | <style>                      |
      | sniffed-title.podutils-unknown         | <title>                      |
      | sniffed-b.podutils-unknown             | <b>                          |
      | sniffed-body.podutils-unknown          | <body>                       |
      | sniffed-br.podutils-unknown            | <br>                         |
      | sniffed-p.podutils-unknown             | <p>                          |
      | sniffed-comment.podutils-unknown       | <!-- c -->                   |
      | sniffed-tag-cut-short.podutils-unknown | <p                           |
      | sniffed-other-tag.podutils-unknown     | <bold>                       |
      | sniffed-xml.podutils-unknown           | \x09<?xml version=1>         |
      | sniffed-pdf.podutils-unknown           | %PDF-1.7                     |
      | sniffed-postscript.podutils-unknown    | %!PS-Adobe-3.0               |
      | sniffed-utf-16be.podutils-unknown      | \xfe\xff\x00a                |
      | sniffed-utf-16le.podutils-unknown      | \xff\xfea\x00                |
      | sniffed-utf-8-bom.podutils-unknown     | \xef\xbb\xbfok               |
      | sniffed-bom-cut-short.podutils-unknown | \xfe\xff                     |
      | sniffed-icon.podutils-unknown          | \x00\x00\x01\x00\x01         |
      | sniffed-cursor.podutils-unknown        | \x00\x00\x02\x00\x01         |
      | sniffed-bmp.podutils-unknown           | BM6\x00                      |
      | sniffed-gif87.podutils-unknown         | GIF87a\x01                   |
      | sniffed-gif89.podutils-unknown         | GIF89a\x01                   |
      | sniffed-webp.podutils-unknown          | RIFF\x10\x00\x00\x00WEBPVP8  |
      | sniffed-png.podutils-unknown           | \x89PNG\x0d\x0a\x1a\x0a      |
      | sniffed-jpeg.podutils-unknown          | \xff\xd8\xff\xe0             |
      | sniffed-aiff.podutils-unknown          | FORM\x10\x00\x00\x00AIFF     |
      | sniffed-mp3.podutils-unknown           | ID3\x03                      |
      | sniffed-ogg.podutils-unknown           | OggS\x00\x02                 |
      | sniffed-midi.podutils-unknown          | MThd\x00\x00\x00\x06\x00\x01 |
      | sniffed-avi.podutils-unknown           | RIFF\x10\x00\x00\x00AVI LIST |
      | sniffed-wave.podutils-unknown          | RIFF\x10\x00\x00\x00WAVEfmt  |
      | sniffed-riff-other.podutils-unknown    | RIFF\x10\x00\x00\x00WAVXfmt  |
      | sniffed-webm.podutils-unknown          | \x1aE\xdf\xa3                |
      | sniffed-ttf.podutils-unknown           | \x00\x01\x00\x00\x00         |
      | sniffed-otf.podutils-unknown           | OTTO\x00                     |
      | sniffed-ttc.podutils-unknown           | ttcf\x00                     |
      | sniffed-woff.podutils-unknown          | wOFF\x00                     |
      | sniffed-woff2.podutils-unknown         | wOF2\x00                     |
      | sniffed-gzip.podutils-unknown          | \x1f\x8b\x08\x00             |
      | sniffed-zip.podutils-unknown           | PK\x03\x04                   |
      | sniffed-rar.podutils-unknown           | Rar!\x1a\x07\x00             |
      | sniffed-rar5.podutils-unknown          | Rar!\x1a\x07\x01\x00         |
      | sniffed-wasm.podutils-unknown          | \x00asm\x01                  |
      | sniffed-empty.podutils-unknown         |                              |
      | sniffed-text-controls.podutils-unknown | a\x09\x0a\x0c\x0d\x1b b      |
      | sniffed-byte-08.podutils-unknown       | a\x08                        |
      | sniffed-byte-0b.podutils-unknown       | a\x0b                        |
      | sniffed-byte-0e.podutils-unknown       | a\x0e                        |
      | sniffed-byte-1a.podutils-unknown       | a\x1a                        |
      | sniffed-byte-1c.podutils-unknown       | a\x1c                        |
      | sniffed-byte-1f.podutils-unknown       | a\x1f                        |
      | sniffed-high-bytes.podutils-unknown    | \x7f\x80\xfe                 |
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket stores these objects with these Content-Types:
      | logs/ci-job/1001/artifacts/sniffed-doctype.podutils-unknown       | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-ff-html.podutils-unknown       | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-cr-html.podutils-unknown       | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-html.podutils-unknown          | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-head.podutils-unknown          | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-script.podutils-unknown        | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-iframe.podutils-unknown        | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-h1.podutils-unknown            | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-div.podutils-unknown           | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-font.podutils-unknown          | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-table.podutils-unknown         | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-a.podutils-unknown             | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-style.podutils-unknown         | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-title.podutils-unknown         | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-b.podutils-unknown             | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-body.podutils-unknown          | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-br.podutils-unknown            | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-p.podutils-unknown             | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-comment.podutils-unknown       | text/html; charset=utf-8     |
      | logs/ci-job/1001/artifacts/sniffed-tag-cut-short.podutils-unknown | text/plain; charset=utf-8    |
      | logs/ci-job/1001/artifacts/sniffed-other-tag.podutils-unknown     | text/plain; charset=utf-8    |
      | logs/ci-job/1001/artifacts/sniffed-xml.podutils-unknown           | text/xml; charset=utf-8      |
      | logs/ci-job/1001/artifacts/sniffed-pdf.podutils-unknown           | application/pdf              |
      | logs/ci-job/1001/artifacts/sniffed-postscript.podutils-unknown    | application/postscript       |
      | logs/ci-job/1001/artifacts/sniffed-utf-16be.podutils-unknown      | text/plain; charset=utf-16be |
      | logs/ci-job/1001/artifacts/sniffed-utf-16le.podutils-unknown      | text/plain; charset=utf-16le |
      | logs/ci-job/1001/artifacts/sniffed-utf-8-bom.podutils-unknown     | text/plain; charset=utf-8    |
      | logs/ci-job/1001/artifacts/sniffed-bom-cut-short.podutils-unknown | text/plain; charset=utf-8    |
      | logs/ci-job/1001/artifacts/sniffed-icon.podutils-unknown          | image/x-icon                 |
      | logs/ci-job/1001/artifacts/sniffed-cursor.podutils-unknown        | image/x-icon                 |
      | logs/ci-job/1001/artifacts/sniffed-bmp.podutils-unknown           | image/bmp                    |
      | logs/ci-job/1001/artifacts/sniffed-gif87.podutils-unknown         | image/gif                    |
      | logs/ci-job/1001/artifacts/sniffed-gif89.podutils-unknown         | image/gif                    |
      | logs/ci-job/1001/artifacts/sniffed-webp.podutils-unknown          | image/webp                   |
      | logs/ci-job/1001/artifacts/sniffed-png.podutils-unknown           | image/png                    |
      | logs/ci-job/1001/artifacts/sniffed-jpeg.podutils-unknown          | image/jpeg                   |
      | logs/ci-job/1001/artifacts/sniffed-aiff.podutils-unknown          | audio/aiff                   |
      | logs/ci-job/1001/artifacts/sniffed-mp3.podutils-unknown           | audio/mpeg                   |
      | logs/ci-job/1001/artifacts/sniffed-ogg.podutils-unknown           | application/ogg              |
      | logs/ci-job/1001/artifacts/sniffed-midi.podutils-unknown          | audio/midi                   |
      | logs/ci-job/1001/artifacts/sniffed-avi.podutils-unknown           | video/avi                    |
      | logs/ci-job/1001/artifacts/sniffed-wave.podutils-unknown          | audio/wave                   |
      | logs/ci-job/1001/artifacts/sniffed-riff-other.podutils-unknown    | application/octet-stream     |
      | logs/ci-job/1001/artifacts/sniffed-webm.podutils-unknown          | video/webm                   |
      | logs/ci-job/1001/artifacts/sniffed-ttf.podutils-unknown           | font/ttf                     |
      | logs/ci-job/1001/artifacts/sniffed-otf.podutils-unknown           | font/otf                     |
      | logs/ci-job/1001/artifacts/sniffed-ttc.podutils-unknown           | font/collection              |
      | logs/ci-job/1001/artifacts/sniffed-woff.podutils-unknown          | font/woff                    |
      | logs/ci-job/1001/artifacts/sniffed-woff2.podutils-unknown         | font/woff2                   |
      | logs/ci-job/1001/artifacts/sniffed-gzip.podutils-unknown          | application/x-gzip           |
      | logs/ci-job/1001/artifacts/sniffed-zip.podutils-unknown           | application/zip              |
      | logs/ci-job/1001/artifacts/sniffed-rar.podutils-unknown           | application/x-rar-compressed |
      | logs/ci-job/1001/artifacts/sniffed-rar5.podutils-unknown          | application/x-rar-compressed |
      | logs/ci-job/1001/artifacts/sniffed-wasm.podutils-unknown          | application/wasm             |
      | logs/ci-job/1001/artifacts/sniffed-empty.podutils-unknown         | text/plain; charset=utf-8    |
      | logs/ci-job/1001/artifacts/sniffed-text-controls.podutils-unknown | text/plain; charset=utf-8    |
      | logs/ci-job/1001/artifacts/sniffed-byte-08.podutils-unknown       | application/octet-stream     |
      | logs/ci-job/1001/artifacts/sniffed-byte-0b.podutils-unknown       | application/octet-stream     |
      | logs/ci-job/1001/artifacts/sniffed-byte-0e.podutils-unknown       | application/octet-stream     |
      | logs/ci-job/1001/artifacts/sniffed-byte-1a.podutils-unknown       | application/octet-stream     |
      | logs/ci-job/1001/artifacts/sniffed-byte-1c.podutils-unknown       | application/octet-stream     |
      | logs/ci-job/1001/artifacts/sniffed-byte-1f.podutils-unknown       | application/octet-stream     |
      | logs/ci-job/1001/artifacts/sniffed-high-bytes.podutils-unknown    | text/plain; charset=utf-8    |

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
