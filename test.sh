#!/usr/bin/env bash
# The README's test command: starts a throwaway PostgreSQL (installing it if needed), runs every
# test (unit, runtime, store contract on SQLite and PostgreSQL, end-to-end over HTTP, real process
# clusters, the browser, the Kubernetes manifests and the image's entrypoint), stops it.
#
#   ./test.sh [--fast] [dotnet test arguments...]
#
# --fast: the quick tier for development: no process clusters, no browser, no Kubernetes or image
# check, no slow end-to-end tests (every test class marked [Trait("Category", "Slow")]).
# A full run without arguments then runs the end-to-end, crash and cluster tests a second time with the
# blobs in the run's Ceph RGW (the S3 blob backend) instead of the local directory.
# The first run installs what the tests drive (apt-get and npm, as root): PostgreSQL, python3-boto3,
# awscli, s3cmd, rclone, chromium, nodejs/npm with playwright-core, kubernetes-client (kubectl) with the
# manifest validator's npm packages, iproute2. Root is also needed for the network partition test
# (ip netns) and the image check (private mount and network namespaces).
set -euo pipefail
cd "$(dirname "$0")"

fast=no
if [ "${1:-}" = --fast ]; then fast=yes; shift; fi
is_root() { [ "$(id -u)" = 0 ]; }

run_started=$SECONDS
step_started=$SECONDS
step() { # name: announces a step, and how long the previous one took
  [ -n "${step_name:-}" ] && echo "   ($step_name: $((SECONDS - step_started)) s)"
  step_name=$1; step_started=$SECONDS
  echo "== $1"
}

apt_install() { # package...: installs with apt-get (root only), updating the index once if needed
  is_root || { echo "   not root: install $* yourself (apt-get)"; return 0; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
}

pgdir=$(mktemp -d /tmp/omp-pg.XXXXXX)
rgwdir=$(mktemp -d /tmp/omp-rgw.XXXXXX)
cleanup() { scripts/postgres.sh stop "$pgdir"; rm -rf "$pgdir"; scripts/rgw.sh stop "$rgwdir"; }
trap cleanup EXIT

step "starting PostgreSQL (apt-get install postgresql if missing)"
OMP_TEST_POSTGRES=$(scripts/postgres.sh start "$pgdir")
export OMP_TEST_POSTGRES
echo "   $OMP_TEST_POSTGRES"

# One Ceph RGW for the whole run, shared by the S3 blob backend tests (each uses its own bucket).
step "starting Ceph RGW (scripts/rgw.sh; apt-get install ceph if missing)"
rmdir "$rgwdir"
eval "$(scripts/rgw.sh start "$rgwdir")"
export OMP_TEST_RGW_ENDPOINT=$RGW_ENDPOINT OMP_TEST_RGW_ACCESS_KEY=$RGW_ACCESS_KEY OMP_TEST_RGW_SECRET_KEY=$RGW_SECRET_KEY OMP_TEST_RGW_DIR=$RGW_DIR
echo "   $OMP_TEST_RGW_ENDPOINT"

# The wos dialect is also tested with a real SigV2 client (boto3, signature_version='s3').
if ! python3 -c 'import boto3' 2>/dev/null && ! /usr/bin/python3 -c 'import boto3' 2>/dev/null; then
  step "installing python3-boto3 (apt-get) for the SigV2 client test"
  apt_install python3-boto3
fi

# The s3 dialect's SigV2 tests run the clients that sign V2: the AWS CLI v1 (aws s3 presign) and s3cmd;
# the non-administrator client tests (issue 22) run the AWS CLI and rclone with account keys.
for tool in aws:awscli s3cmd:s3cmd rclone:rclone; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    step "installing ${tool#*:} (apt-get) for the real-client tests"
    apt_install "${tool#*:}"
  fi
done

if [ "$fast" = no ]; then
  # The dashboard and browser-upload tests drive Debian's chromium with playwright-core (npm).
  step "installing the browser tests' chromium and playwright-core (apt-get, npm ci)"
  scripts/install-dashboard-browser.sh

  # The network partition test puts a silo in its own network namespace (ip netns, veth): root and iproute2.
  if ! command -v ip >/dev/null 2>&1; then
    step "installing iproute2 (apt-get) for the network partition test"
    apt_install iproute2
  fi

  step "checking the Kubernetes manifests offline (kubectl from apt-get, validator from npm ci)"
  scripts/check-kubernetes.sh
fi

step "building"
dotnet build Orleans.Multipart.sln -c Release -nologo -v quiet

if [ "$fast" = no ]; then
  step "running the image's entrypoint (publish output, non-root, read-only root, own network)"
  if is_root; then scripts/check-image.sh; else echo "   skipped: needs root for private mount and network namespaces"; fi
fi

filter=()
if [ "$fast" = yes ]; then filter=(--filter "Category!=Slow"); fi
step "testing${filter:+ (fast tier: ${filter[1]})}"
# Normal verbosity lists every test; a test's own output (its service's log) is shown only when it fails.
failed=0
dotnet test Orleans.Multipart.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" "${filter[@]}" "$@" || failed=1

# The same service with its part bytes in Ceph RGW instead of the local directory (issue 24): every
# end-to-end test (every dialect, SDK and fault), the kill -9 crash tests and the cluster tests (in
# process and real processes) once more, each host on a bucket of its own (OMP_TEST_BLOBS=S3, see
# tests/.../Infrastructure/TestBlobs.cs). Full runs only: not with --fast or a caller's own arguments.
if [ "$fast" = no ] && [ $# -eq 0 ]; then
  step "testing again on the S3 blob backend (OMP_TEST_BLOBS=S3: end-to-end, crash and cluster tests on Ceph RGW)"
  OMP_TEST_BLOBS=S3 dotnet test Orleans.Multipart.sln -c Release --no-build -nologo \
    --logger "console;verbosity=normal" \
    --filter "FullyQualifiedName~Orleans.Multipart.Tests.EndToEnd.|FullyQualifiedName~Orleans.Multipart.Tests.Cluster." || failed=1
fi
step "done"
echo "   total $((SECONDS - run_started)) s"
exit "$failed"
