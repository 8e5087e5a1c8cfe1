//go:build tools

// Package tools keeps the test-infra requirement in go.mod (`go mod tidy` drops requirements
// nothing imports). Never compiled: the build tag excludes it.
package tools

import (
	_ "k8s.io/test-infra/prow/cmd/entrypoint"
	_ "k8s.io/test-infra/prow/cmd/sidecar"
)
