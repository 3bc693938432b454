#!/usr/bin/env bash
# The README's test command: starts a throwaway PostgreSQL (installing it if needed), runs every
# test (unit, runtime, store contract on SQLite and PostgreSQL, end-to-end over HTTP), stops it.
set -euo pipefail
cd "$(dirname "$0")"

pgdir=$(mktemp -d /tmp/omp-pg.XXXXXX)
cleanup() { scripts/postgres.sh stop "$pgdir"; }
trap cleanup EXIT

echo "== starting PostgreSQL"
OMP_TEST_POSTGRES=$(scripts/postgres.sh start "$pgdir")
export OMP_TEST_POSTGRES
echo "   $OMP_TEST_POSTGRES"

# The wos dialect is also tested with a real SigV2 client (boto3, signature_version='s3').
if ! python3 -c 'import boto3' 2>/dev/null && ! /usr/bin/python3 -c 'import boto3' 2>/dev/null; then
  echo "== installing python3-boto3 (apt-get) for the SigV2 client test"
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-boto3 >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-boto3 >/dev/null; }
  fi
fi

# The s3 dialect's SigV2 tests run the clients that sign V2: the AWS CLI v1 (aws s3 presign) and s3cmd.
for tool in aws:awscli s3cmd:s3cmd; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    echo "== installing ${tool#*:} (apt-get) for the SigV2 client tests"
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null; }
    fi
  fi
done

# The dashboard test drives Debian's chromium with playwright-core (npm).
echo "== installing the dashboard test's browser (chromium, playwright-core)"
scripts/install-dashboard-browser.sh

# The network partition test puts a silo in its own network namespace (ip netns, veth): root and iproute2.
if ! command -v ip >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "== installing iproute2 (apt-get) for the network partition test"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null; }
fi

echo "== checking the Kubernetes manifests offline"
scripts/check-kubernetes.sh

echo "== building"
dotnet build Orleans.Multipart.sln -c Release -nologo -v quiet

echo "== running the image's entrypoint (publish output, non-root, read-only root)"
if [ "$(id -u)" = 0 ]; then scripts/check-image.sh; else echo "   skipped: needs root for a private mount namespace"; fi

echo "== testing"
dotnet test Orleans.Multipart.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" "$@"
