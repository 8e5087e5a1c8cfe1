#!/usr/bin/env bash
# Runs the conformance suite against one profile from a checkout of podutils-conformance and
# leaves the reports (HTML, JUnit XML, messages) under reports/<profile>.
# Usage: ci/conformance.sh [PROFILE] [extra run options...]   (PROFILE: a name or a JSON file)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-reference}"
shift || true
[ -d node_modules ] || npm ci --no-audit --no-fund
npx podutils-conformance run --profile "$profile" "$@"
