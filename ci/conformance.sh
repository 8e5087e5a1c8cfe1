#!/usr/bin/env bash
# Runs the conformance suite against one or more profiles and publishes the results: per profile
# the HTML report and JUnit XML, plus the conformance matrix and the living documentation site
# (docs/, the features with every implementation's verdicts and timelines). Used by our own CI (.ci/run via
# npm test) and by the pipeline definitions in ci/github-actions and ci/prow, from a checkout or
# from the installed package (node_modules/podutils-conformance/ci/conformance.sh). Paths are
# relative to the directory it is run from.
#
# Usage: ci/conformance.sh PROFILE [PROFILE...]      (a bundled name or a profile JSON file)
# Environment:
#   CONFORMANCE_OUT   where reports go (default: reports/matrix)
#   ARTIFACTS         if set (as in a Prow job), JUnit files and the matrix are copied there
#   CONFORMANCE_ARGS  extra run options, e.g. "--parallel 2 --time-scale 2"
#   CONFORMANCE_DOCS_CHECK  if set, the site is also checked in headless Chromium (docs --check)
set -euo pipefail
# shellcheck source=ci/lib/publish.sh
. "$(dirname "$0")/lib/publish.sh"
package="$(cd "$(dirname "$0")/.." && pwd)"
cli="$package/harness/bin/podutils-conformance"
[ "$#" -ge 1 ] || { echo "usage: ci/conformance.sh PROFILE [PROFILE...]" >&2; exit 2; }
out="${CONFORMANCE_OUT:-reports/matrix}"
# A checkout not installed yet (an installed package has no lockfile: its dependencies are the project's).
if [ -f "$package/package-lock.json" ] && [ ! -d "$package/node_modules" ]; then (cd "$package" && npm ci --no-audit --no-fund); fi
profiles=()
for p in "$@"; do
  if [ "$p" = upstream ]; then node "$cli" upstream build; fi
  profiles+=(--profile "$p")
done
status=0
# shellcheck disable=SC2086 # CONFORMANCE_ARGS is a list of options
node "$cli" matrix "${profiles[@]}" --out "$out" ${CONFORMANCE_ARGS:---parallel 2} || status=$?
# The site, from whatever results the matrix left (a failing run has its results too).
results=()
for dir in "$out"/*/; do [ -f "$dir/results.json" ] && results+=(--results "$dir"); done
check=()
if [ -n "${CONFORMANCE_DOCS_CHECK:-}" ]; then
  check=(--check --screenshots "$out/docs/screenshots")
  # The check's timing tolerance scales as the runs' did.
  if [[ " ${CONFORMANCE_ARGS:-} " =~ \ --time-scale[=\ ]([0-9.]+) ]]; then check+=(--time-scale "${BASH_REMATCH[1]}"); fi
fi
if [ "${#results[@]}" -gt 0 ]; then node "$cli" docs "${results[@]}" --out "$out/docs" "${check[@]}" || status=1; fi
publish_reports "$out" conformance matrix.html matrix.md
exit "$status"
