#!/usr/bin/env bash
# A local cluster on one machine, the same topology as the pods: PostgreSQL, N silo processes on
# loopback ports and optionally a standalone HTTP gateway, all sharing one blob directory.
#
#   scripts/cluster.sh start [N] [--gateway] [--together]
#                                              start PostgreSQL (unless OMP_CLUSTER_POSTGRES is set)
#                                              and N silos (default 3), wait until each is ready;
#                                              --together: all N at once (they race for the schema migration)
#   scripts/cluster.sh add                     start one more silo
#   scripts/cluster.sh gateway                 start the standalone gateway
#   scripts/cluster.sh kill I                  kill -9 silo I (crash)
#   scripts/cluster.sh term I                  SIGTERM silo I (graceful stop: drain, leave the cluster)
#   scripts/cluster.sh pause I | resume I      SIGSTOP / SIGCONT silo I (a hung process)
#   scripts/cluster.sh restart I               start silo I again (after kill or term)
#   scripts/cluster.sh db-stop | db-start      stop / start the cluster's own PostgreSQL (an outage; same port)
#   scripts/cluster.sh netns-silo I NS ADDR    start silo I inside network namespace NS (made by the caller), advertised
#                                              and served on ADDR, reaching PostgreSQL at OMP_CLUSTER_PG_LISTEN
#   scripts/cluster.sh status                  one line per process: name, pid, state, HTTP address
#   scripts/cluster.sh stop                    stop everything and remove the cluster's directory (its logs are
#                                              first copied to OMP_CLUSTER_KEEP_LOGS when that is set)
#
# Silo I listens on HTTP OMP_CLUSTER_PORT_BASE+I, silo port +100+I, Orleans gateway +200+I; the
# standalone gateway on HTTP OMP_CLUSTER_PORT_BASE. Settings (environment):
#   OMP_CLUSTER_DIR        state, logs (silo-I.log), blobs; default /tmp/omp-cluster
#   OMP_CLUSTER_PORT_BASE  default 18000
#   OMP_CLUSTER_POSTGRES   an existing database's connection string (default: a throwaway PostgreSQL)
#   OMP_CLUSTER_BUILD      Release (default) or Debug: which build output to run (built if missing)
#   OMP_CLUSTER_ADVERTISE  the address silos advertise (default 127.0.0.1; a veth address when one silo is in a namespace)
#   OMP_CLUSTER_PG_LISTEN  one more address the cluster's own PostgreSQL listens on (and trusts its /16), for namespaced silos
#   OMP_CLUSTER_KEEP_LOGS  a directory the processes' logs (and PostgreSQL's) are copied to on stop
# Extra settings for every process pass through as usual (for example Orleans__Membership__ProbeTimeout).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${OMP_CLUSTER_DIR:-/tmp/omp-cluster}
base=${OMP_CLUSTER_PORT_BASE:-18000}
config=${OMP_CLUSTER_BUILD:-Release}
silo_dll="$root/Silo/bin/$config/net10.0/Orleans.Multipart.Silo.dll"
gateway_dll="$root/GatewayHost/bin/$config/net10.0/Orleans.Multipart.GatewayHost.dll"

die() { echo "cluster.sh: $*" >&2; exit 1; }

ensure_built() {
  if [ ! -f "$silo_dll" ] || [ ! -f "$gateway_dll" ]; then
    dotnet build "$root/Orleans.Multipart.sln" -c "$config" -nologo -v quiet >&2
  fi
}

connection_string() { cat "$dir/connection-string"; }

common_env() {
  export Storage__Provider=Postgres
  export ConnectionStrings__Postgres="$(connection_string)"
  export Storage__BlobPath="$dir/shared/blobs"
  export Auth__MasterKeyPath=${Auth__MasterKeyPath:-$dir/shared/auth-master.key}
  export Orleans__ClusterId=${Orleans__ClusterId:-local}
  export Auth__RootAccessKey=${Auth__RootAccessKey:-omp-dev-access-key}
  export Auth__RootSecretKey=${Auth__RootSecretKey:-omp-dev-secret-key-change-me}
  export DOTNET_gcServer=0
}

# A process that exited but was not reaped yet (a zombie) is not alive: its ports are free.
pid_alive() { [ -f "$1" ] && running "$(cat "$1")"; }

running() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${state:0:1}" != Z ]; }

wait_ready() { # name url pidfile
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$2/readyz" 2>/dev/null; then return 0; fi
    pid_alive "$3" || die "$1 exited during start-up (see $dir/$1.log)"
    sleep 0.5
  done
  die "$1 not ready after 120 s (see $dir/$1.log)"
}

start_silo() { # index
  local i=$1 name="silo-$1" http=$((base + $1))
  pid_alive "$dir/$name.pid" && die "$name is already running"
  mkdir -p "$dir/$name"
  (
    common_env
    export Storage__DataPath="$dir/$name"
    export Orleans__SiloPort=$((base + 100 + i)) Orleans__GatewayPort=$((base + 200 + i))
    export Orleans__AdvertisedIPAddress=${OMP_CLUSTER_ADVERTISE:-127.0.0.1}
    export urls="http://127.0.0.1:$http"
    cd "$(dirname "$silo_dll")" && exec dotnet "$silo_dll" >>"$dir/$name.log" 2>&1
  ) &
  echo $! >"$dir/$name.pid"
  echo "$i" >>"$dir/silos"
  wait_ready "$name" "http://127.0.0.1:$http" "$dir/$name.pid"
  echo "$name pid $(cat "$dir/$name.pid") http://127.0.0.1:$http"
}

start_netns_silo() { # index namespace address
  local i=$1 ns=$2 addr=$3 name="silo-$1" http=$((base + $1))
  pid_alive "$dir/$name.pid" && die "$name is already running"
  [ -n "${OMP_CLUSTER_PG_LISTEN:-}" ] || die "netns-silo needs OMP_CLUSTER_PG_LISTEN"
  mkdir -p "$dir/$name"
  (
    common_env
    export ConnectionStrings__Postgres="$(connection_string | sed "s/Host=127.0.0.1/Host=$OMP_CLUSTER_PG_LISTEN/")"
    export Storage__DataPath="$dir/$name"
    export Orleans__SiloPort=$((base + 100 + i)) Orleans__GatewayPort=$((base + 200 + i))
    export Orleans__AdvertisedIPAddress=$addr
    export urls="http://0.0.0.0:$http"
    cd "$(dirname "$silo_dll")" && exec ip netns exec "$ns" dotnet "$silo_dll" >>"$dir/$name.log" 2>&1
  ) &
  echo $! >"$dir/$name.pid"
  echo "$i" >>"$dir/silos"
  wait_ready "$name" "http://$addr:$http" "$dir/$name.pid"
  echo "$name pid $(cat "$dir/$name.pid") http://$addr:$http (namespace $ns)"
}

pg_options() { # port
  local listen=127.0.0.1
  [ -n "${OMP_CLUSTER_PG_LISTEN:-}" ] && listen="127.0.0.1,$OMP_CLUSTER_PG_LISTEN"
  echo "-p $1 -k $dir/pg -c listen_addresses=$listen -c max_connections=500 -c fsync=on"
}

start_gateway() {
  pid_alive "$dir/gateway.pid" && die "gateway is already running"
  (
    common_env
    export Storage__DataPath="$dir/gateway"
    export urls="http://127.0.0.1:$base"
    cd "$(dirname "$gateway_dll")" && exec dotnet "$gateway_dll" >>"$dir/gateway.log" 2>&1
  ) &
  echo $! >"$dir/gateway.pid"
  wait_ready gateway "http://127.0.0.1:$base" "$dir/gateway.pid"
  echo "gateway pid $(cat "$dir/gateway.pid") http://127.0.0.1:$base"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_postgres() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

own_pg() { [ -d "$dir/pg/data" ] || die "PostgreSQL is not the cluster's own (OMP_CLUSTER_POSTGRES is set)"; }

silo_pid() { [ -f "$dir/silo-$1.pid" ] || die "no silo $1"; cat "$dir/silo-$1.pid"; }

count_silos() { [ -f "$dir/silos" ] && sort -un "$dir/silos" | wc -l || echo 0; }

cmd=${1:-}
case "$cmd" in
  start)
    n=3; gateway=no; together=no
    shift
    for arg in "$@"; do
      case "$arg" in --gateway) gateway=yes ;; --together) together=yes ;; [0-9]*) n=$arg ;; *) die "unknown argument $arg" ;; esac
    done
    [ -f "$dir/connection-string" ] && die "$dir already holds a cluster (scripts/cluster.sh stop)"
    ensure_built
    mkdir -p "$dir/shared/blobs"
    # The access keys' master key (Auth:MasterKeyPath, required with PostgreSQL): one for every process, as a Secret would be.
    (umask 077 && head -c 32 /dev/urandom >"$dir/shared/auth-master.key")
    if [ -n "${OMP_CLUSTER_POSTGRES:-}" ]; then
      echo "$OMP_CLUSTER_POSTGRES" >"$dir/connection-string"
    else
      "$root/scripts/postgres.sh" start "$dir/pg" >"$dir/connection-string"
      if [ -n "${OMP_CLUSTER_PG_LISTEN:-}" ]; then
        # Namespaced silos reach PostgreSQL over a veth: listen there too and trust that /16.
        echo "host all all ${OMP_CLUSTER_PG_LISTEN%.*.*}.0.0/16 trust" >>"$dir/pg/data/pg_hba.conf"
        "$0" db-stop; "$0" db-start
      fi
    fi
    # The first silo creates the schema; the others then join in parallel. --together starts them all
    # at once: the migration lock keeps them from racing on the schema.
    first=2
    if [ "$together" = yes ]; then first=1; else start_silo 1; fi
    joiners=()
    for i in $(seq "$first" "$n"); do start_silo "$i" & joiners+=($!); done
    for j in "${joiners[@]}"; do wait "$j"; done
    if [ "$gateway" = yes ]; then start_gateway; fi
    ;;
  add) start_silo $(( $(count_silos) + 1 )) ;;
  gateway) start_gateway ;;
  kill) kill -KILL "$(silo_pid "${2:?silo index}")" ;;
  term)
    pid=$(silo_pid "${2:?silo index}"); kill -TERM "$pid"
    while running "$pid"; do sleep 0.2; done ;;
  pause) kill -STOP "$(silo_pid "${2:?silo index}")" ;;
  resume) kill -CONT "$(silo_pid "${2:?silo index}")" ;;
  restart) start_silo "${2:?silo index}" ;;
  netns-silo) start_netns_silo "${2:?silo index}" "${3:?namespace}" "${4:?address}" ;;
  db-stop) own_pg; as_postgres "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null ;;
  db-start)
    # The options scripts/postgres.sh started it with, on the port the connection string names.
    own_pg; port=$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' "$dir/connection-string")
    as_postgres "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
      -o "$(pg_options "$port")" start >/dev/null ;;
  status)
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      name=$(basename "$f" .pid); pid=$(cat "$f")
      state=$(ps -o stat= -p "$pid" 2>/dev/null || echo gone)
      echo "$name pid $pid state $state"
    done ;;
  stop)
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f"); kill -CONT "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true
    done
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f")
      for _ in $(seq 1 100); do running "$pid" || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    done
    [ -d "$dir/pg/data" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    if [ -n "${OMP_CLUSTER_KEEP_LOGS:-}" ] && [ -d "$dir" ]; then
      mkdir -p "$OMP_CLUSTER_KEEP_LOGS"
      cp "$dir"/*.log "$OMP_CLUSTER_KEEP_LOGS"/ 2>/dev/null || true
      if [ -f "$dir/pg/server.log" ]; then cp "$dir/pg/server.log" "$OMP_CLUSTER_KEEP_LOGS/postgres.log"; fi
    fi
    [ -d "$dir/pg" ] && "$root/scripts/postgres.sh" stop "$dir/pg"
    rm -rf "$dir" ;;
  *) sed -n '2,29p' "$0"; exit 2 ;;
esac
