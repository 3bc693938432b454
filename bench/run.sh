#!/usr/bin/env bash
# The benchmark command: builds in Release, starts PostgreSQL, the service and the peer itself,
# prints a table with progress, writes bench/results/latest.json and a dated copy.
#   bench/run.sh           full run (under 20 minutes)
#   bench/run.sh --quick   quick run (under 3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Bench.csproj -c Release -nologo -v quiet
exec dotnet bench/bin/Release/net10.0/Orleans.Multipart.Bench.dll "$@"
