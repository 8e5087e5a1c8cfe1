//go:build tools

// Package tools keeps the ci-tools requirement in go.mod (`go mod tidy` drops requirements
// nothing imports). Never compiled: the build tag excludes it.
package tools

import (
	_ "github.com/openshift/ci-tools/cmd/entrypoint-wrapper"
)
