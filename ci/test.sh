#!/usr/bin/env bash
# The project's own tests (npm test): lint, unit tests of harness and reference (the installed
# package's test and the real node's start and stop among them), then the whole suite against
# the reference and against the real upstream programs, S3 scenarios included, pods on real PID
# namespaces (the simulator), and after it the pod features on a real node (containerd, runc and
# the pinned kubelet: --pod-runtime kubelet), the node's columns beside the simulator's in one
# matrix. The node's runs use --time-scale 3: they held 10 runs of 10 on each profile on a shared,
# loaded 2-core machine (README, "The pod features on a real node"). Upstream programs, MinIO and
# the kubelet are built from the Go module proxy on first use, once per machine. The
# documentation site is written from all the runs and checked in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npm run lint
node harness/bin/podutils-conformance upstream build
node harness/bin/podutils-conformance node build
npm run unit
CONFORMANCE_DOCS_CHECK=1 CONFORMANCE_ARGS="--parallel 2 --require-s3 --pod-runtime namespaces --pod-runtime kubelet --node-time-scale 3" ci/conformance.sh reference upstream
