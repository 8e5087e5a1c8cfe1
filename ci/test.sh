#!/usr/bin/env bash
# The project's own tests (npm test): unit tests of harness and reference, then the whole
# suite against the reference and against the real upstream programs, S3 scenarios included
# (upstream programs and MinIO are built from the Go module proxy on first use, once per machine),
# then the pod features again on a real node (containerd, runc and the pinned kubelet, started
# here; the kubelet is built from the module proxy on first use) against both.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
node harness/bin/podutils-conformance upstream build
node harness/bin/podutils-conformance node build
npm run unit
CONFORMANCE_ARGS="--parallel 2 --require-s3 --pod-runtime namespaces" ci/conformance.sh reference upstream
for profile in reference upstream; do
  node harness/bin/podutils-conformance run --profile "$profile" --parallel 2 --require-s3 --pod-runtime kubelet --report-dir "reports/kubelet/$profile" features/pod
  if [ -n "${ARTIFACTS:-}" ]; then
    mkdir -p "$ARTIFACTS"
    cp "reports/kubelet/$profile/junit.xml" "$ARTIFACTS/junit_conformance_kubelet_${profile}.xml"
  fi
done
