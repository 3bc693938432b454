#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and prints its connection string.
#   scripts/postgres.sh start <dir>   installs PostgreSQL with apt-get if missing, initdb in <dir>,
#                                     starts it on a free loopback port, writes <dir>/connection-string
#   scripts/postgres.sh stop <dir>    stops it and removes <dir>
set -euo pipefail

cmd=${1:?usage: postgres.sh start|stop DIR}
dir=${2:?usage: postgres.sh start|stop DIR}

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

case "$cmd" in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      echo "postgres.sh: installing PostgreSQL (apt-get)..." >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    # A port below the kernel's ephemeral range (32768-60999 here), so an outgoing connection cannot take
    # it between the probe and the bind; the start is retried on another port if the bind still fails.
    # Idle pooled connections are closed after 10 s: the tests make a database (a pool) per test, and
    # pools kept idle for Npgsql's default 300 s add up past max_connections over a whole run.
    port=""
    for _ in $(seq 1 10); do
      candidate=""
      for _ in $(seq 1 50); do
        c=$(( (RANDOM % 12000) + 20000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$c") 2>/dev/null; then candidate=$c; break; fi
      done
      [ -n "$candidate" ] || { echo "postgres.sh: no free port" >&2; exit 1; }
      if as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
           -o "-p $candidate -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=on" start >/dev/null; then
        port=$candidate; break
      fi
      echo "postgres.sh: could not start on port $candidate; trying another" >&2
    done
    [ -n "$port" ] || { echo "postgres.sh: PostgreSQL did not start (see $dir/server.log)" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=100;Connection Idle Lifetime=10;Connection Pruning Interval=2" > "$dir/connection-string"
    cat "$dir/connection-string"
    ;;
  stop)
    bin=$(find_bin || true)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
