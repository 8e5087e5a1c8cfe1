//go:build tools

// Package tools keeps the Prow requirement in go.mod (`go mod tidy` drops requirements nothing
// imports). Never compiled: the build tag excludes it.
package tools

import (
	_ "sigs.k8s.io/prow/cmd/entrypoint"
	_ "sigs.k8s.io/prow/cmd/sidecar"
)
