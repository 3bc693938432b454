#!/usr/bin/env bash
# Offline checks of the Kubernetes manifests (no cluster needed): renders the base and every overlay
# with `kubectl kustomize`, validates each object against the Kubernetes API schemas and checks the
# references between them (deploy/kubernetes/validate/validate.mjs). Then breaks a rendered overlay
# on purpose and expects the checks to fail, so a checker that passes everything is caught.
set -euo pipefail
cd "$(dirname "$0")/.."
k8s=deploy/kubernetes

if ! command -v kubectl >/dev/null; then
  echo "check-kubernetes: installing kubectl (apt-get kubernetes-client)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null
fi
(cd "$k8s/validate" && npm ci --no-audit --no-fund --silent)

out=$(mktemp -d /tmp/omp-k8s.XXXXXX)
trap 'rm -rf "$out"' EXIT

check() { # name, kustomization dir, extra validator args...
  local name=$1 dir=$2; shift 2
  kubectl kustomize "$dir" > "$out/$name.yaml"
  node "$k8s/validate/validate.mjs" "$out/$name.yaml" "$@"
}
check base "$k8s/base" --external-secret multipart-secrets
check dev "$k8s/overlays/dev"
check production "$k8s/overlays/production" --external-secret multipart-secrets --external-secret multipart-blob-key

# The checker must catch a broken manifest: a pod label that disagrees with ORLEANS_CLUSTER_ID's
# configuration, an RBAC verb too many, POD_NAMESPACE not from the downward API and a dashboard port
# the silo does not serve.
sed 's#orleans/clusterId: dev#orleans/clusterId: not-dev#; s#^  - patch#  - delete#; s#fieldPath: metadata.namespace#fieldPath: metadata.name#; s#Dashboard__Port: "8081"#Dashboard__Port: "8082"#' "$out/dev.yaml" > "$out/broken.yaml"
if node "$k8s/validate/validate.mjs" "$out/broken.yaml" > "$out/broken.txt"; then
  echo "check-kubernetes: a deliberately broken overlay passed the checks" >&2; exit 1
fi
grep -q "orleans/clusterId" "$out/broken.txt" && grep -q "verbs" "$out/broken.txt" && grep -q "POD_NAMESPACE" "$out/broken.txt" && grep -q "Dashboard__Port" "$out/broken.txt" \
  || { echo "check-kubernetes: the broken overlay failed for the wrong reasons:" >&2; cat "$out/broken.txt" >&2; exit 1; }
echo "check-kubernetes: base, dev and production render and pass; a broken overlay is caught"
