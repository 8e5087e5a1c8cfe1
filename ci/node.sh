#!/usr/bin/env bash
# The pod features on a real node alone (npm test runs them too, after the simulator): both
# profiles on containerd, runc and the pinned kubelet, started here; the matrix of the node's
# columns and the JUnit files go to reports/kubelet (and $ARTIFACTS when set).
set -euo pipefail
cd "$(dirname "$0")/.."
node harness/bin/podutils-conformance node build
CONFORMANCE_OUT=reports/kubelet CONFORMANCE_ARGS="--parallel 2 --require-s3 --pod-runtime kubelet --node-time-scale 3" ci/conformance.sh reference upstream
