#!/usr/bin/env bash
# The project's own tests (npm test): unit tests of harness and reference, then the whole
# suite against the reference and against the real upstream programs (built from the Go module
# proxy on first use), with the conformance matrix of both.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npm run unit
ci/conformance.sh reference upstream
