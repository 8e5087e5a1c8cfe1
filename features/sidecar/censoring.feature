@role:sidecar @capability:local-output
Feature: Secrets are censored before anything is uploaded
  Jobs often print credentials by accident. Before it uploads, the sidecar replaces every secret
  value it was given (the files of the secret directories, as Kubernetes mounts them) by as many
  X as the value has characters, in the build logs and in every artifact, inside .tar.gz archives
  too. The value's whitespace-trimmed form and the base64 encoding of each are censored as well.
  Here the secret is "s3cr3t-t0ken" (12 characters, base64 "czNjcjN0LXQwa2Vu"), mounted as a file
  ending with a newline.
  (Prow pkg/sidecar/censor.go, pkg/secretutil.)

  Background:
    Given a periodic job "unit-tests" with build id "6006"
    And the sidecar uploads to a local directory
    And the sidecar uploads the artifact directory
    And the secret "s3cr3t-t0ken" is mounted for censoring

  @clause:SC-CENSOR
  Scenario: A secret in the build log and in an artifact becomes X of the same length
    Given the test container "test" has written "logging in with s3cr3t-t0ken now" to its process log
    And the artifact "config.txt" holds "token=s3cr3t-t0ken"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the upload holds "build-log.txt" with exactly "logging in with XXXXXXXXXXXX now\n"
    And the upload holds "artifacts/config.txt" with exactly "token=XXXXXXXXXXXX"
    And no uploaded object contains a secret, plain or base64-encoded

  @clause:SC-CENSOR
  Scenario: The base64 encoding of a secret is censored too
    Given the test container "test" has written "auth: czNjcjN0LXQwa2Vu" to its process log
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the upload holds "build-log.txt" with exactly "auth: XXXXXXXXXXXXXXXX\n"

  @clause:SC-CENSOR-ALL-FILES
  Scenario: An empty artifact does not stop the censoring of the others
    Given the artifact "a-empty.txt" holds ""
    And the artifact "b-config.txt" holds "token=s3cr3t-t0ken"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the upload holds "artifacts/a-empty.txt" with exactly ""
    And the upload holds "artifacts/b-config.txt" with exactly "token=XXXXXXXXXXXX"

  @clause:SC-CENSOR-MIN-LENGTH
  Scenario: A secret shorter than minimum_secret_length is left as it is
    Given the secret "mon" is mounted for censoring
    And censoring leaves out secrets shorter than 5 characters
    And the test container "test" has written "s3cr3t-t0ken for the monitoring host" to its process log
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the upload holds "build-log.txt" with exactly "XXXXXXXXXXXX for the monitoring host\n"

  @clause:SC-CENSOR-ARCHIVES
  Scenario: A secret inside a .tar.gz artifact is censored inside the archive
    Given the artifact archive "bundle.tar.gz" holds "inner/log.txt" with "the token is s3cr3t-t0ken"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the uploaded archive "artifacts/bundle.tar" holds "inner/log.txt" with exactly "the token is XXXXXXXXXXXX"
    And no uploaded object contains a secret, plain or base64-encoded

  @clause:SC-CENSOR @clause:SC-UPLOAD-ON-INTERRUPT
  Scenario: The early upload on an interrupt is censored as well
    Given the test container "test" has written "token s3cr3t-t0ken" to its process log
    When the sidecar runs
    And the sidecar receives SIGTERM
    Then finished.json soon says the job was aborted, passed false, while the sidecar keeps waiting
    And no uploaded object contains a secret, plain or base64-encoded

  @clause:SC-CENSOR-ARCHIVES
  Scenario: A secret inside an archive made without directory entries is censored too
    # Not every archiver writes an entry for each directory before the files in it. Upstream
    # fails to unpack such an archive for censoring, logs a warning and uploads it as it is,
    # secret included: see the upstream profile's expectations.
    Given the artifact archive "bundle.tar.gz", made without directory entries, holds "inner/log.txt" with "the token is s3cr3t-t0ken"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the uploaded archive "artifacts/bundle.tar" holds "inner/log.txt" with exactly "the token is XXXXXXXXXXXX"
    And no uploaded object contains a secret, plain or base64-encoded
