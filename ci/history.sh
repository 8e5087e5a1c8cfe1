#!/usr/bin/env bash
# The history matrix: builds every version of upstream/history.json and the current pins (once per
# machine; a warm cache only checks the stamps), runs the suite against each, and writes the matrix
# and the table of behaviour changes. Green when every failure is an expected one, named by the
# upstream change it predates. Used by the periodic job in ci/prow/podutils-history-periodic.yaml.
#
# Environment:
#   HISTORY_OUT    where reports go (default: reports/history)
#   ARTIFACTS      if set (as in a Prow job), the matrix and each version's JUnit XML and HTML report are copied there
#   HISTORY_ARGS   run options (default: --parallel 2 --time-scale 3)
set -euo pipefail
# shellcheck source=ci/lib/publish.sh
. "$(dirname "$0")/lib/publish.sh"
cd "$(dirname "$0")/.."
out="${HISTORY_OUT:-reports/history}"
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build
status=0
start=$(date +%s)
# shellcheck disable=SC2086 # HISTORY_ARGS is a list of options
node harness/bin/podutils-conformance history --out "$out" ${HISTORY_ARGS:---parallel 2 --time-scale 3} || status=$?
echo "history: $(( $(date +%s) - start )) s in all, status $status"
publish_reports "$out" history history-matrix.html history-matrix.md
exit "$status"
