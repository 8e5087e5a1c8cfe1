#!/bin/bash
# The trap runs at once, but its cleanup takes longer than the grace period: entrypoint kills
# the step first, and the summary the cleanup would write never exists.
cleanup() {
  trap '' INT TERM
  echo "interrupted: cleaning up (takes 3 s)"
  kill $(jobs -p) 2>/dev/null
  sleep 3
  echo "cleaned up" > "${ARTIFACT_DIR}/summary.txt"
  exit 130
}
trap cleanup INT TERM
echo "step started"
sleep 600 &
wait
