#!/usr/bin/env bash
# CPU seconds per GiB of UploadPart (8 MiB parts, 16 in flight) of S3-backed services side by side, interleaved,
# with the same load sent to RGW directly between them (issue 24; bench/README.md, "The signed SHA-256 default").
#   bench/s3backend-cpu.sh RGW_DIR ROUNDS PARTS NAME=SILO_DLL[:ARGS] ...
# RGW_DIR is a running scripts/rgw.sh directory; OMP_BENCH_POSTGRES a PostgreSQL server connection string
# (Host=...;Port=...;Username=...[;Password=...]) where each service gets a database of its own. Each service runs
# with its blobs under its own prefix of the RGW bucket omp-bench-blobs, plus its ARGS (a space-free list, e.g.
# --Storage:Blobs:S3:Integrity=ContentMd5, or --Storage:Blobs:Provider=Local for the local store). After a warm-up
# of WARMUP parts each (environment, default 32; WARMUP=0 measures fresh processes from their first part, as
# bench/run.sh --s3-backend did before its warm-up), every round runs PARTS parts on each service (the order reversed
# every other round), then direct. A run's CPU is utime + stime of the process (/proc/PID/stat, exited threads
# included) less its tiered-compilation thread's ("jit", printed apart), and radosgw's alike; printed per run with
# MB/s, p50/p99, the load average, the whole machine's CPU per GiB and each CPU's busy share, and kept in
# /tmp/omp-s3cpu-*/summary. SPLIT=1 runs it all with the backend on a CPU of its own (bench/README.md, the split): the
# Ceph daemons pinned to CPU 0, the PostgreSQL server's processes and this script's (so the services and the load
# generator) to CPU 1 and up; undone at the end. A SILO_DLL may be a copy of the build
# output with its own runtimeconfig.json (how runtime settings are compared). Build first (dotnet build Orleans.Multipart.sln -c Release). The blobs stay in RGW
# until the end (PARTS x 8 MiB per service and round; the direct uploads are aborted after each round, their space back after RGW's garbage collection): give
# rgw.sh an OSD that holds them (RGW_OSD_GB, sparse; 4 rounds of 128 parts on 4 services fill the default 40).
set -euo pipefail
rgwdir=${1:?usage: s3backend-cpu.sh RGW_DIR ROUNDS PARTS NAME=SILO_DLL[:ARGS] ...}; rounds=${2:?}; parts=${3:?}; shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
pg=${OMP_BENCH_POSTGRES:?set OMP_BENCH_POSTGRES to a PostgreSQL server connection string}
field() { sed -nE "s/(^|.*;) *$1=([^;]*).*/\\2/ip" <<<"$pg"; }
pghost=$(field Host); pgport=$(field Port); pguser=$(field Username); export PGPASSWORD; PGPASSWORD=$(field Password)
work=$(mktemp -d /tmp/omp-s3cpu-XXXXXX)
eval "$("$root/scripts/rgw.sh" env "$rgwdir")"
bench=$root/bench/bin/Release/net10.0/Orleans.Multipart.Bench.dll
aws --endpoint-url "$RGW_ENDPOINT" s3api create-bucket --bucket omp-bench-blobs >/dev/null 2>&1 || true
key=$(openssl rand -base64 32)
radosgw=$(cat "$rgwdir/run/client.rgw.pid"); osd=$(cat "$rgwdir/run/osd.0.pid")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A url pid
names=()
cleanup() { # the services stopped and their blobs removed (nothing collects them once the services are gone)
  for n in "${names[@]}"; do
    kill "${pid[$n]}" 2>/dev/null || true
    aws --endpoint-url "$RGW_ENDPOINT" s3 rm "s3://omp-bench-blobs/$n/" --recursive --quiet >/dev/null 2>&1 || true
  done
}
if [ "${SPLIT:-0}" = 1 ]; then
  pm=$(psql -h "$pghost" -p "$pgport" -U "$pguser" -d postgres -Atc "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'" | xargs -r ps -o ppid= -p | tr -d ' ')
  front=("$$" "$pm" $(pgrep -P "$pm"))
  for p in $(cat "$rgwdir"/run/*.pid); do taskset -a -p -c 0 "$p" >/dev/null; done
  for p in "${front[@]}"; do taskset -a -p -c "1-$(($(nproc --all) - 1))" "$p" >/dev/null; done
  echo "split: the Ceph daemons on CPU 0, PostgreSQL ($pm) and this script on CPU 1-$(($(nproc --all) - 1))" | tee -a "$work/summary"
fi
unsplit() {
  [ "${SPLIT:-0}" = 1 ] || return 0
  for p in $(cat "$rgwdir"/run/*.pid) "$pm" $(pgrep -P "$pm"); do taskset -a -p -c "0-$(($(nproc --all) - 1))" "$p" >/dev/null 2>&1 || true; done
}
trap 'cleanup; unsplit' EXIT
for spec in "$@"; do
  name=${spec%%=*}; rest=${spec#*=}; dll=${rest%%:*}; extra=""; [[ $rest == *:* ]] && extra=${rest#*:}
  db="s3cpu_${name//[^a-zA-Z0-9_]/_}_$(date +%H%M%S)_$$"
  psql -h "$pghost" -p "$pgport" -U "$pguser" -d postgres -qc "CREATE DATABASE $db" >/dev/null
  port=$(free_port)
  # shellcheck disable=SC2086 # ARGS is a list
  (cd "$(dirname "$dll")" && exec dotnet "$dll" --urls "http://127.0.0.1:$port" --environment Production \
     --Storage:Provider Postgres --ConnectionStrings:Postgres "Host=$pghost;Port=$pgport;Username=$pguser;Password=$PGPASSWORD;Database=$db;Maximum Pool Size=200" \
     --Storage:DataPath "$work/$name" --Orleans:SiloPort "$(free_port)" --Orleans:GatewayPort "$(free_port)" --Orleans:AdvertisedIPAddress 127.0.0.1 \
     --Auth:RootAccessKey bench-access-key --Auth:RootSecretKey bench-secret-key --Auth:MasterKey "$key" --Gateway:MinPartSize 1 \
     --Logging:LogLevel:Default Warning --Storage:Blobs:Provider S3 --Storage:Blobs:S3:Endpoint "$RGW_ENDPOINT" \
     --Storage:Blobs:S3:Bucket omp-bench-blobs --Storage:Blobs:S3:Prefix "$name/" --Storage:Blobs:S3:AccessKey "$RGW_ACCESS_KEY" \
     --Storage:Blobs:S3:SecretKey "$RGW_SECRET_KEY" --Storage:Blobs:S3:EncryptionKey "$key" $extra) > "$work/$name.log" 2>&1 &
  pid[$name]=$!; url[$name]=http://127.0.0.1:$port; names+=("$name")
  echo "$name: pid ${pid[$name]}, $dll $extra" | tee -a "$work/summary"
done
for name in "${names[@]}"; do
  for _ in $(seq 1 360); do curl -sf "${url[$name]}/readyz" >/dev/null && break; sleep 0.5; done
done
warmup=${WARMUP:-32}
jit() { # utime+stime ticks of process $1's tiered-compilation thread
  local f t jit=0
  for t in /proc/$1/task/*; do
    [[ "$(cat "$t/comm" 2>/dev/null)" == *Tiered* ]] || continue
    f=$(sed -E 's/^.*\) //' "$t/stat" 2>/dev/null) || continue
    set -- "$1" $f; jit=$((jit + ${13} + ${14}))
  done
  echo $jit
}
cpu() { # utime+stime ticks of process $1 less its tiered-compilation thread's
  local f total jit=0
  f=$(sed -E 's/^.*\) //' "/proc/$1/stat"); set -- "$1" $f; total=$((${13} + ${14}))
  for t in /proc/$1/task/*; do
    [[ "$(cat "$t/comm" 2>/dev/null)" == *Tiered* ]] || continue
    f=$(sed -E 's/^.*\) //' "$t/stat" 2>/dev/null) || continue
    set -- "$1" $f; jit=$((jit + ${13} + ${14}))
  done
  echo $((total - jit))
}
busy() { # busy CPU ticks (user, nice, system, irq, softirq, steal) of the machine, then of each CPU: "all cpu0 cpu1 ..."
  local name u n s idle iow irq sirq st out=()
  while read -r name u n s idle iow irq sirq st _; do
    [[ $name == cpu* ]] || break
    out+=($((u + n + s + irq + sirq + st)) $((u + n + s + idle + iow + irq + sirq + st)))
  done < /proc/stat
  echo "${out[*]}"
}
per_cpu() { # "BUSY0 BUSY1" "BUSY0 BUSY1" -> each CPU's busy share between the two readings: "cpu0 93% cpu1 71%"
  local -a a=($1) b=($2); local i out=""
  for ((i = 2; i < ${#a[@]}; i += 2)); do
    out+="cpu$(((i - 2) / 2)) $(( (b[i] - a[i]) * 100 / (b[i + 1] - a[i + 1] > 0 ? b[i + 1] - a[i + 1] : 1) ))% "
  done
  echo "${out% }"
}
run() { # NAME URL ACCESS_KEY SECRET_KEY PID|- COUNT
  local c0 r0 c1 r1 j0 j1 o0 o1 m0 m1 out gib
  c0=$([ "$5" = - ] && echo 0 || cpu "$5"); r0=$(cpu "$radosgw"); j0=$([ "$5" = - ] && echo 0 || jit "$5"); o0=$(cpu "$osd"); m0=$(busy)
  out=$(dotnet "$bench" --load-parts "$2" "$6" 16 8388608 "$3" "$4" 2>/dev/null | tail -1)
  c1=$([ "$5" = - ] && echo 0 || cpu "$5"); r1=$(cpu "$radosgw"); j1=$([ "$5" = - ] && echo 0 || jit "$5"); o1=$(cpu "$osd"); m1=$(busy)
  gib=$(echo "$6 * 8 / 1024" | bc -l)
  printf '%s\t%s\tservice %.2f\tjit %.2f\tradosgw %.2f\tosd %.2f\tmachine %.2f CPU s/GiB\t%s busy\t%s\n' "$(date -u +%H:%M:%S)" "$1" \
    "$(echo "($c1 - $c0) / 100 / $gib" | bc -l)" "$(echo "($j1 - $j0) / 100 / $gib" | bc -l)" "$(echo "($r1 - $r0) / 100 / $gib" | bc -l)" \
    "$(echo "($o1 - $o0) / 100 / $gib" | bc -l)" "$(echo "(${m1%% *} - ${m0%% *}) / 100 / $gib" | bc -l)" "$(per_cpu "$m0" "$m1")" "$out"
}
if [ "$warmup" -gt 0 ]; then
  for name in "${names[@]}"; do run "$name" "${url[$name]}" bench-access-key bench-secret-key "${pid[$name]}" "$warmup" >/dev/null; done
fi
for r in $(seq 1 "$rounds"); do
  order=("${names[@]}"); [ $((r % 2)) = 0 ] && mapfile -t order < <(printf '%s\n' "${names[@]}" | tac)
  for name in "${order[@]}"; do run "$name" "${url[$name]}" bench-access-key bench-secret-key "${pid[$name]}" "$parts" | tee -a "$work/summary"; done
  run direct "$RGW_ENDPOINT" "$RGW_ACCESS_KEY" "$RGW_SECRET_KEY" - "$parts" | tee -a "$work/summary"
  # The direct parts are never completed: abort their uploads, or the OSD (and the disk under it) fills round by round.
  aws --endpoint-url "$RGW_ENDPOINT" s3api list-multipart-uploads --bucket bench --query 'Uploads[].[Key,UploadId]' --output text 2>/dev/null |
    while read -r k u; do [ -n "$u" ] && [ "$u" != None ] && aws --endpoint-url "$RGW_ENDPOINT" s3api abort-multipart-upload --bucket bench --key "$k" --upload-id "$u" >/dev/null 2>&1; done || true
done
echo "summary: $work/summary"
