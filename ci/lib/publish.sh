# Copies a run's reports to $ARTIFACTS (as in a Prow job; nothing when it is unset): the matrix
# files, per profile directory its JUnit XML and HTML report, and the docs site, named so that Spyglass and
# other JUnit readers pick them up. Sourced by ci/conformance.sh and ci/history.sh.
#
# publish_reports OUT KIND MATRIX...   e.g. publish_reports reports/matrix conformance matrix.html matrix.md
publish_reports() {
  local out="$1" kind="$2" dir name file
  shift 2
  [ -n "${ARTIFACTS:-}" ] || return 0
  mkdir -p "$ARTIFACTS"
  for file in "$@"; do
    if [ -f "$out/$file" ]; then cp "$out/$file" "$ARTIFACTS/"; fi
  done
  for dir in "$out"/*/; do
    name=$(basename "$dir")
    if [ -f "$dir/junit.xml" ]; then cp "$dir/junit.xml" "$ARTIFACTS/junit_${kind}_${name}.xml"; fi
    if [ -f "$dir/cucumber.html" ]; then cp "$dir/cucumber.html" "$ARTIFACTS/${kind}_${name}.html"; fi
  done
  # The living documentation site, when the run wrote one.
  if [ -d "$out/docs" ]; then rm -rf "$ARTIFACTS/docs" && cp -r "$out/docs" "$ARTIFACTS/docs"; fi
}
