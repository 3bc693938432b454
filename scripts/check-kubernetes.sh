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
check production "$k8s/overlays/production" --external-secret multipart-secrets --external-secret multipart-blob-key --external-secret multipart-cluster-tls
check production-s3 "$k8s/overlays/production-s3" --external-secret multipart-secrets --external-secret multipart-blob-backend --external-secret multipart-cluster-tls
# The S3 blob backend with the split topology: the standalone gateways lose the shared volume too; and
# cluster TLS, which the gateways need as the silos do.
mkdir "$out/split-s3"
rel=$(realpath --relative-to="$out/split-s3" "$k8s")
printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - %s/base\ncomponents:\n  - %s/components/split-gateway\n  - %s/components/s3-blobs\n  - %s/components/cluster-tls\n' "$rel" "$rel" "$rel" "$rel" > "$out/split-s3/kustomization.yaml"
check split-s3 "$out/split-s3" --external-secret multipart-secrets --external-secret multipart-blob-backend --external-secret multipart-cluster-tls

# The checker must catch a broken manifest: a pod label that disagrees with ORLEANS_CLUSTER_ID's
# configuration, an RBAC verb too many, POD_NAMESPACE not from the downward API and a dashboard port
# the silo does not serve.
sed 's#orleans/clusterId: dev#orleans/clusterId: not-dev#; s#^  - patch#  - delete#; s#fieldPath: metadata.namespace#fieldPath: metadata.name#; s#Dashboard__Port: "8081"#Dashboard__Port: "8082"#' "$out/dev.yaml" > "$out/broken.yaml"
if node "$k8s/validate/validate.mjs" "$out/broken.yaml" > "$out/broken.txt"; then
  echo "check-kubernetes: a deliberately broken overlay passed the checks" >&2; exit 1
fi
grep -q "orleans/clusterId" "$out/broken.txt" && grep -q "verbs" "$out/broken.txt" && grep -q "POD_NAMESPACE" "$out/broken.txt" && grep -q "Dashboard__Port" "$out/broken.txt" \
  || { echo "check-kubernetes: the broken overlay failed for the wrong reasons:" >&2; cat "$out/broken.txt" >&2; exit 1; }
# ... and a blob backend set up wrong: the local blob directory off the shared claim; with S3, a secret
# in the ConfigMap and no bucket.
sed 's#mountPath: /var/lib/multipart/shared#mountPath: /var/lib/multipart/elsewhere#' "$out/dev.yaml" > "$out/broken-local.yaml"
sed 's#^  Storage__Blobs__Provider: S3#&\n  Storage__Blobs__S3__SecretKey: in-plain-sight#; s#name: Storage__Blobs__S3__Bucket#&Name#' "$out/split-s3.yaml" > "$out/broken-s3.yaml"
if node "$k8s/validate/validate.mjs" "$out/broken-local.yaml" > "$out/broken-local.txt" \
  || node "$k8s/validate/validate.mjs" "$out/broken-s3.yaml" --external-secret multipart-secrets --external-secret multipart-blob-backend > "$out/broken-s3.txt"; then
  echo "check-kubernetes: a deliberately broken blob backend passed the checks" >&2; exit 1
fi
grep -q "not on a shared PersistentVolumeClaim" "$out/broken-local.txt" && grep -q "SecretKey is a secret" "$out/broken-s3.txt" && grep -q "without Storage__Blobs__S3__Bucket" "$out/broken-s3.txt" \
  || { echo "check-kubernetes: the broken blob backends failed for the wrong reasons:" >&2; cat "$out/broken-local.txt" "$out/broken-s3.txt" >&2; exit 1; }
echo "check-kubernetes: base, dev, production, production-s3 and split-s3 render and pass; broken overlays are caught"
