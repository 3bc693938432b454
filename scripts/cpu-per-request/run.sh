#!/usr/bin/env bash
# Server CPU per CreateMultipartUpload of the built silo (Release) on its own PostgreSQL.
#   scripts/cpu-per-request/run.sh [COUNT] [extra silo arguments...]     start, measure at 1/8/32, stop
#   CPU_KEEP=DIR scripts/cpu-per-request/run.sh 0 [args...]              start only; DIR/pid, DIR/url; stop: kill $(cat DIR/pid)
# CPU_SILO_DIR: the silo build to run (default: this worktree's Release build).
# CPU_AS_ACCOUNT=1: sign as the ordinary account bench-user (made through the admin API), so that authorization is measured.
# PostgreSQL (scripts/postgres.sh) lives in $CPU_PG_DIR when set (kept between runs, one database per run).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-2000}; shift || true
pg=${CPU_PG_DIR:-$(mktemp -d /tmp/cpu-pg-XXXX)}
if [ ! -f "$pg/connection-string" ]; then "$root/scripts/postgres.sh" start "$pg" >/dev/null; fi
cs=$(cat "$pg/connection-string")
db="cpu$RANDOM$RANDOM"
psql "$(echo "$cs" | sed -E 's/Host=([^;]*);Port=([^;]*);Username=([^;]*);.*/host=\1 port=\2 user=\3 dbname=postgres/')" -qc "create database $db" >/dev/null
cs=$(echo "$cs" | sed -E "s/Database=[^;]*/Database=$db/")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http=$(free_port); data=$(mktemp -d /tmp/cpu-data-XXXX)
silo=${CPU_SILO_DIR:-$root/Silo/bin/Release/net10.0}  # another build (a baseline copy, say) with CPU_SILO_DIR
(cd "$silo" && exec dotnet Orleans.Multipart.Silo.dll --urls "http://127.0.0.1:$http" --environment Production \
  --Storage:Provider Postgres --ConnectionStrings:Postgres "$cs;Maximum Pool Size=200" --Storage:DataPath "$data" \
  --Orleans:SiloPort "$(free_port)" --Orleans:GatewayPort "$(free_port)" --Orleans:AdvertisedIPAddress 127.0.0.1 \
  --Auth:RootAccessKey omp-dev-access-key --Auth:RootSecretKey omp-dev-secret-key-change-me --Auth:MasterKey "$(head -c 32 /dev/urandom | base64)" "$@" > "$data/silo.log" 2>&1) &
pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.5; done
if [ -n "${CPU_KEEP:-}" ]; then
  mkdir -p "$CPU_KEEP"; echo "$pid" > "$CPU_KEEP/pid"; echo "http://127.0.0.1:$http" > "$CPU_KEEP/url"; echo "$data" > "$CPU_KEEP/data"
  echo "silo pid $pid on :$http, log $data/silo.log"; exit 0
fi
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"; [ -n "${CPU_PG_DIR:-}" ] || "$root/scripts/postgres.sh" stop "$pg"' EXIT
trap "exit 1" INT TERM
echo "silo pid $pid ($*)"
dotnet "$root/scripts/cpu-per-request/bin/Release/net10.0/cpu-per-request.dll" "http://127.0.0.1:$http" "$pid" "$count" 1 8 32
