#!/usr/bin/env bash
# Runs the conformance suite against one or more profiles and publishes the results: per profile
# the HTML report and JUnit XML, plus the conformance matrix. Used by our own CI (.ci/run via
# npm test) and by the pipeline definitions in ci/github-actions and ci/prow.
#
# Usage: ci/conformance.sh PROFILE [PROFILE...]      (a bundled name or a profile JSON file)
# Environment:
#   CONFORMANCE_OUT   where reports go (default: reports/matrix)
#   ARTIFACTS         if set (as in a Prow job), JUnit files and the matrix are copied there
#   CONFORMANCE_ARGS  extra run options, e.g. "--parallel 2 --time-scale 2"
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -ge 1 ] || { echo "usage: ci/conformance.sh PROFILE [PROFILE...]" >&2; exit 2; }
out="${CONFORMANCE_OUT:-reports/matrix}"
[ -d node_modules ] || npm ci --no-audit --no-fund
profiles=()
for p in "$@"; do
  if [ "$p" = upstream ]; then node harness/bin/podutils-conformance upstream build; fi
  profiles+=(--profile "$p")
done
status=0
# shellcheck disable=SC2086 # CONFORMANCE_ARGS is a list of options
node harness/bin/podutils-conformance matrix "${profiles[@]}" --out "$out" ${CONFORMANCE_ARGS:---parallel 2} || status=$?
if [ -n "${ARTIFACTS:-}" ]; then
  mkdir -p "$ARTIFACTS"
  cp "$out/matrix.html" "$out/matrix.md" "$ARTIFACTS/" 2>/dev/null || true
  for dir in "$out"/*/; do
    name=$(basename "$dir")
    [ -f "$dir/junit.xml" ] && cp "$dir/junit.xml" "$ARTIFACTS/junit_conformance_${name}.xml"
    [ -f "$dir/cucumber.html" ] && cp "$dir/cucumber.html" "$ARTIFACTS/conformance_${name}.html"
  done
fi
exit "$status"
