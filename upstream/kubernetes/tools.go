//go:build tools

// Package tools keeps the Kubernetes requirement in go.mod (`go mod tidy` drops requirements
// nothing imports). Never compiled: the build tag excludes it.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
