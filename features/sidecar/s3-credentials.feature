@role:sidecar @capability:s3
Feature: An S3 bucket is reached with the credentials file, and the environment fills its gaps
  A job's s3_credentials_file need not carry everything: upstream builds its S3 client with the
  AWS SDK's default configuration and puts the file's values over it, so keys, an endpoint or a
  region the file leaves out come from the sidecar's environment (AWS_ACCESS_KEY_ID or
  AWS_ACCESS_KEY, AWS_SECRET_ACCESS_KEY or AWS_SECRET_KEY, AWS_ENDPOINT_URL_S3 or
  AWS_ENDPOINT_URL, AWS_REGION or AWS_DEFAULT_REGION), as they would for any AWS tool. What the
  file names wins. There is no default region: without one, nothing goes up.
  (Prow pkg/io/providers/aws.go newS3Client; aws-sdk-go-v2 config env_config.go.)

  Background:
    Given the sidecar uploads to a MinIO bucket
    And a periodic job "ci-job" with build id "1001"
    And the sidecar uploads the artifact directory
    And the artifact "result.txt" holds "uploaded"

  @clause:SC-S3-CREDENTIALS
  Scenario Outline: What the credentials file leaves out comes from the environment: <fields> from <variables>
    # The file's keys count only as a pair: with one of them missing, both come from the environment.
    Given the S3 credentials file names no "<fields>"
    And the sidecar's environment has "<variables>" set for the MinIO server
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket holds "logs/ci-job/1001/artifacts/result.txt" with exactly "uploaded"

    Examples:
      | fields                 | variables                                |
      | access_key, secret_key | AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY |
      | access_key, secret_key | AWS_ACCESS_KEY, AWS_SECRET_KEY           |
      | secret_key             | AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY |
      | endpoint               | AWS_ENDPOINT_URL_S3                      |
      | endpoint               | AWS_ENDPOINT_URL                         |
      | region                 | AWS_REGION                               |
      | region                 | AWS_DEFAULT_REGION                       |

  @clause:SC-S3-CREDENTIALS
  Scenario: With no region in the file or the environment nothing goes up, and the sidecar says why
    # The SDK signs each request for a region and assumes none: every object fails after its
    # tries (two batches of 1 + 4 + 9 s), the job's results are lost, and the sidecar exits 0.
    Given the S3 credentials file names no "region"
    And the sidecar's environment names no AWS region and no AWS configuration file
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the bucket holds no "logs/ci-job/1001/artifacts/result.txt"
    And the sidecar logs "Failed to report job status" as an error caused by "failed to upload to GCS: failed to upload to blob storage: encountered errors during upload: ["

  @clause:SC-S3-CREDENTIALS
  Scenario: The credentials file's keys and endpoint win over the environment's
    Given the sidecar's environment has "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL" set to what no server accepts
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket holds "logs/ci-job/1001/artifacts/result.txt" with exactly "uploaded"

  @clause:SC-S3-CREDENTIALS
  Scenario: AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL
    Given the S3 credentials file names no "endpoint"
    And the sidecar's environment has "AWS_ENDPOINT_URL" set to what no server accepts
    And the sidecar's environment has "AWS_ENDPOINT_URL_S3" set for the MinIO server
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket holds "logs/ci-job/1001/artifacts/result.txt" with exactly "uploaded"

  @clause:SC-S3-CREDENTIALS
  Scenario: An endpoint that is an IP address is reached path-style without s3_force_path_style
    # A bucket cannot be a subdomain of an IP address: the SDK puts it in the path instead.
    Given the S3 credentials file names no "s3_force_path_style"
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the bucket holds "logs/ci-job/1001/artifacts/result.txt" with exactly "uploaded"

  @clause:SC-S3-TLS
  Scenario: An https endpoint is reached over TLS, and "insecure" accepts a certificate of the store's own
    # An on-premises MinIO often has a certificate no public authority signed. The endpoint's
    # scheme chooses TLS; "insecure": true in the credentials file skips the verification of the
    # store's certificate (it does not mean plain HTTP). The server here answers HTTPS only.
    Given the bucket is on a MinIO server of its own that serves only HTTPS, with a self-signed certificate
    When the sidecar runs
    And the marker of "test" appears holding "0"
    Then the sidecar exits with status 0
    And the bucket holds "logs/ci-job/1001/artifacts/result.txt" with exactly "uploaded"
