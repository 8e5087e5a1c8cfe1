#!/bin/bash
# The pattern that works: long work in the background, `wait` (which a trapped signal
# interrupts at once), and a trap that stops the work, writes its artifacts and exits.
gather() {
  # entrypoint sends SIGINT and SIGTERM back to back: gather once, undisturbed.
  trap '' INT TERM
  echo "interrupted: gathering artifacts"
  kill $(jobs -p) 2>/dev/null
  wait
  echo "tests interrupted after $SECONDS s" > "${ARTIFACT_DIR}/${SUMMARY_FILE}"
  exit 130
}
trap gather INT TERM
echo "step started"
sleep 600 &
wait
