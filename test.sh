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

echo "== building"
dotnet build Orleans.Multipart.sln -c Release -nologo -v quiet

echo "== testing"
dotnet test Orleans.Multipart.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" "$@"
