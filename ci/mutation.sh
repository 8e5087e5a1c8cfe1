#!/usr/bin/env bash
# Mutation testing of the reference (npm run mutation): every mutant of a program is judged by the
# conformance features of its role alone. Too long for every push (see README, "Mutation
# testing"): run by the periodic jobs in ci/prow/podutils-conformance-mutation.yaml and
# ci/github-actions/podutils-conformance-mutation.yml.
#
# Usage: ci/mutation.sh [PROGRAM...] [--mutate=FILE,FILE...]
#        (entrypoint-wrapper, entrypoint, sidecar, shared; default all; --mutate: only those files, a piece)
# Environment:
#   ARTIFACTS             if set (as in a Prow job), reports/mutation/ is copied there
#   MUTATION_TIME_SCALE   time scale of the runs (default 1: the suite's own tolerance)
#   MUTATION_PARALLEL     scenarios at a time in a harness run (default 2)
#   MUTATION_WIDE_PARALLEL  the same for the wide rounds of a mutant (default MUTATION_PARALLEL;
#                         a failure there is confirmed alone, see mutation/features-runner.mjs)
#   MUTATION_CONCURRENCY  mutants judged at once, each by its own Stryker worker (default 1;
#                         2 keeps a 2-core machine busier, as the scenarios mostly wait)
# Exit status: 1 when a program is below its target score (mutation/programs.mjs) or Stryker failed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
# MinIO for the S3 scenarios, built once here: every Stryker sandbox links this .cache.
node harness/bin/podutils-conformance upstream build
status=0
node mutation/run.mjs "$@" || status=$?
if [ -n "${ARTIFACTS:-}" ] && [ -d reports/mutation ]; then
  mkdir -p "$ARTIFACTS/mutation"
  cp -r reports/mutation/. "$ARTIFACTS/mutation/"
fi
exit "$status"
