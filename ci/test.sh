#!/usr/bin/env bash
# The project's own tests (npm test): lint, unit tests of harness and reference (the installed
# package's test and the real node's start and stop among them), then the whole suite against
# the reference and against the real upstream programs, S3 scenarios included, pods on real PID
# namespaces (upstream programs, MinIO and the kubelet are built from the Go module proxy on
# first use, once per machine), and the documentation site from both runs, checked in headless
# Chromium. The pod features on the real node: ci/node.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npm run lint
node harness/bin/podutils-conformance upstream build
node harness/bin/podutils-conformance node build
npm run unit
# ...which also writes the living documentation (reports/matrix/docs/) and checks it in Chromium.
CONFORMANCE_DOCS_CHECK=1 CONFORMANCE_ARGS="--parallel 2 --require-s3 --pod-runtime namespaces" ci/conformance.sh reference upstream
