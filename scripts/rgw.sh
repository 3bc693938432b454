#!/usr/bin/env bash
# Starts a throwaway single-node Ceph with its S3 gateway (radosgw), for measuring and testing
# against a real S3 peer, and prints the endpoint and an S3 user's keys.
#   scripts/rgw.sh start DIR   installs Debian's Ceph packages with apt-get if missing, then starts one
#                              mon, one mgr, one bluestore OSD (on a sparse file under DIR) and radosgw
#                              on 127.0.0.1; creates an S3 user; writes DIR/env and prints it
#   scripts/rgw.sh env DIR     prints DIR/env: `export` lines for RGW_ENDPOINT, RGW_ACCESS_KEY,
#                              RGW_SECRET_KEY and the same as AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
#                              AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION (eval "$(scripts/rgw.sh env DIR)")
#   scripts/rgw.sh stop DIR    stops every daemon started in DIR (by the pid files under DIR/run) and removes DIR
#   scripts/rgw.sh gateway-stop DIR    stops radosgw alone (the cluster keeps running): a backend outage
#   scripts/rgw.sh gateway-start DIR   starts radosgw again on the same cluster and waits until it answers
# Ports (set them to run two at once):
#   RGW_PORT       S3 endpoint, default 17480
#   RGW_CEPH_PORT  first of 32 loopback ports for the mon (this one and the next) and the mgr's and
#                  OSD's messengers (the 30 after it), default 17500
# Size and memory: RGW_OSD_GB (sparse; default 40), RGW_OSD_MEMORY_MB (default 1024).
# Everything lives under DIR (config, keyring, data, logs in DIR/log); nothing is a systemd unit.
# Runs as root (the daemons and apt-get); Debian 12 ships Ceph 16.2 (Pacific).
set -euo pipefail

cmd=${1:?usage: rgw.sh start|stop|env DIR}
dir=${2:?usage: rgw.sh start|stop|env DIR}
rgw_port=${RGW_PORT:-17480}
ceph_port=${RGW_CEPH_PORT:-17500}
osd_gb=${RGW_OSD_GB:-40}
osd_memory_mb=${RGW_OSD_MEMORY_MB:-1024}

# The daemons in the order they must stop: clients before the services they use.
daemons=(client.rgw osd.0 mgr.x mon.x)

say() { echo "rgw.sh: $*" >&2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls "$@" every 0.25 s until it succeeds or $1 seconds pass.
wait_for() {
  local seconds=$1; shift
  local tries=$((seconds * 4))
  for _ in $(seq 1 "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  return 1
}

stop_daemons() {
  local run=$1/run
  [ -d "$run" ] || return 0
  for name in "${daemons[@]}"; do
    [ -s "$run/$name.pid" ] || continue
    local pid
    pid=$(cat "$run/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      # 20 s for a clean exit (the OSD flushes bluestore), then SIGKILL: a throwaway cluster
      if ! wait_for 20 bash -c "! kill -0 $pid"; then
        say "$name (pid $pid) still running after 20 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        wait_for 10 bash -c "! kill -0 $pid" || true
      fi
    fi
    rm -f "$run/$name.pid"
  done
}

install_ceph() {
  local missing=0
  for tool in ceph-mon ceph-mgr ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool uuidgen; do
    command -v "$tool" >/dev/null || missing=1
  done
  [ "$missing" = 0 ] && return 0
  say "installing Ceph (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends ceph-mon ceph-mgr ceph-osd radosgw ceph-common uuid-runtime >&2
}

write_conf() {
  local fsid=$1
  cat > "$dir/ceph.conf" <<EOF
# A throwaway single-node cluster made by scripts/rgw.sh; every path is under $dir.
[global]
fsid = $fsid
mon_host = [v2:127.0.0.1:$ceph_port,v1:127.0.0.1:$((ceph_port + 1))]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_port_min = $((ceph_port + 2))
ms_bind_port_max = $((ceph_port + 31))
keyring = $dir/keyring
run_dir = $dir/run
pid_file = $dir/run/\$name.pid
admin_socket = $dir/run/\$name.asok
log_file = $dir/log/\$name.log
crash_dir = $dir/crash
# one OSD: one copy of everything, few placement groups, no warnings about it
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_allow_pool_delete = true
mon_max_pg_per_osd = 1000
mon_data_avail_warn = 3
auth_allow_insecure_global_id_reclaim = false
mgr_initial_modules =

[mon]
mon_data = $dir/mon
mon_cluster_log_file = $dir/log/cluster.log

[mgr]
mgr_data = $dir/mgr

[osd]
osd_data = $dir/osd
osd_objectstore = bluestore
bluestore_block_create = true
bluestore_block_size = $((osd_gb * 1024 * 1024 * 1024))
osd_memory_target = $((osd_memory_mb * 1024 * 1024))

[client.rgw]
rgw_data = $dir/rgw
rgw_frontends = beast endpoint=127.0.0.1:$rgw_port
rgw_dns_name = localhost
EOF
}

# The keys every daemon reads from the one keyring: mon., client.admin, mgr.x, client.rgw (osd.0's is
# added when the OSD is created).
make_keyring() {
  local k=$dir/keyring
  ceph-authtool --create-keyring "$k" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$k" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$k" --gen-key -n mgr.x --cap mon 'allow profile mgr' --cap osd 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$k" --gen-key -n client.rgw --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null
}

random_hex() { od -An -tx1 -N "$1" /dev/urandom | tr -d ' \n'; }

start() {
  install_ceph
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -e "$dir/ceph.conf" ]; then say "$dir already holds a cluster; run 'rgw.sh stop $dir' first"; exit 1; fi
  for port in "$rgw_port" "$ceph_port" "$((ceph_port + 1))"; do
    if port_in_use "$port"; then say "port $port is in use; set RGW_PORT / RGW_CEPH_PORT"; exit 1; fi
  done
  mkdir -p "$dir/run" "$dir/log" "$dir/mon" "$dir/mgr" "$dir/osd" "$dir/rgw" "$dir/crash"
  local started=$SECONDS
  # a failure part-way stops what was started; the logs stay in DIR/log
  trap 'say "start failed; logs are in $dir/log"; stop_daemons "$dir"; exit 1' ERR
  local ceph=(ceph -c "$dir/ceph.conf" --connect-timeout 10)
  local fsid
  fsid=$(uuidgen)
  write_conf "$fsid"
  make_keyring

  say "mon on 127.0.0.1:$ceph_port"
  monmaptool --create --fsid "$fsid" --addv x "[v2:127.0.0.1:$ceph_port,v1:127.0.0.1:$((ceph_port + 1))]" "$dir/monmap" >/dev/null
  ceph-mon -c "$dir/ceph.conf" -i x --mkfs --monmap "$dir/monmap" --keyring "$dir/keyring" 2>>"$dir/log/setup.log"
  ceph-mon -c "$dir/ceph.conf" -i x 2>>"$dir/log/setup.log"
  wait_for 60 "${ceph[@]}" mon stat || { say "the mon did not answer"; false; }

  say "mgr"
  ceph-mgr -c "$dir/ceph.conf" -i x 2>>"$dir/log/setup.log"

  say "osd: bluestore on a sparse ${osd_gb} GiB file"
  local osd_uuid osd_key
  osd_uuid=$(uuidgen)
  osd_key=$(ceph-authtool --gen-print-key)
  ceph-authtool "$dir/keyring" -n osd.0 --add-key "$osd_key" >/dev/null
  echo "{\"cephx_secret\": \"$osd_key\"}" > "$dir/run/osd-secret.json"
  local id
  id=$("${ceph[@]}" osd new "$osd_uuid" -i "$dir/run/osd-secret.json")
  rm -f "$dir/run/osd-secret.json"
  [ "$id" = 0 ] || { say "the new OSD got id '$id', not 0"; false; }
  ceph-osd -c "$dir/ceph.conf" -i 0 --mkfs --osd-uuid "$osd_uuid" --key "$osd_key" >>"$dir/log/setup.log" 2>&1
  ceph-osd -c "$dir/ceph.conf" -i 0 2>>"$dir/log/setup.log"
  osd_up() { "${ceph[@]}" osd dump | grep -q '^osd.0 up'; }
  wait_for 60 osd_up || { say "osd.0 did not come up"; false; }

  say "radosgw on 127.0.0.1:$rgw_port"
  radosgw -c "$dir/ceph.conf" -n client.rgw 2>>"$dir/log/setup.log"
  # radosgw listens once it has created its pools; an anonymous ListBuckets then answers 200
  rgw_answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$rgw_port/")" = 200 ]; }
  wait_for 120 rgw_answers || { say "radosgw did not answer on 127.0.0.1:$rgw_port"; false; }

  local access secret
  access=RGW$(random_hex 9 | tr a-f A-F)
  secret=$(random_hex 20)
  radosgw-admin -c "$dir/ceph.conf" -n client.admin user create --uid bench --display-name "rgw.sh user" \
    --access-key "$access" --secret-key "$secret" >/dev/null 2>>"$dir/log/setup.log"
  trap - ERR
  cat > "$dir/env" <<EOF
export RGW_ENDPOINT=http://127.0.0.1:$rgw_port RGW_ACCESS_KEY=$access RGW_SECRET_KEY=$secret
export RGW_DIR=$dir RGW_CONF=$dir/ceph.conf
export AWS_ENDPOINT_URL=http://127.0.0.1:$rgw_port AWS_ACCESS_KEY_ID=$access AWS_SECRET_ACCESS_KEY=$secret AWS_DEFAULT_REGION=us-east-1
EOF
  say "up in $((SECONDS - started)) s; radosgw pid $(cat "$dir/run/client.rgw.pid"), logs in $dir/log"
  cat "$dir/env"
}

case "$cmd" in
  start) start ;;
  env)
    [ -f "$dir/env" ] || { say "no cluster in $dir (run 'rgw.sh start $dir')"; exit 1; }
    cat "$dir/env"
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    dir=$(cd "$dir" && pwd)
    stop_daemons "$dir"
    rm -rf "$dir"
    ;;
  gateway-stop)
    dir=$(cd "$dir" && pwd)
    pid=$(cat "$dir/run/client.rgw.pid")
    kill -TERM "$pid" 2>/dev/null || true
    wait_for 20 bash -c "! kill -0 $pid" || { kill -KILL "$pid" 2>/dev/null || true; wait_for 10 bash -c "! kill -0 $pid"; }
    rm -f "$dir/run/client.rgw.pid"
    ;;
  gateway-start)
    dir=$(cd "$dir" && pwd)
    rgw_port=$(sed -n 's/^rgw_frontends = beast endpoint=127.0.0.1:\([0-9]*\)$/\1/p' "$dir/ceph.conf")
    # its own session: a radosgw started from a test run outlives the test process
    setsid radosgw -c "$dir/ceph.conf" -n client.rgw 2>>"$dir/log/setup.log"
    rgw_answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$rgw_port/")" = 200 ]; }
    wait_for 120 rgw_answers || { say "radosgw did not answer on 127.0.0.1:$rgw_port"; exit 1; }
    ;;
  *) echo "usage: rgw.sh start|stop|env|gateway-stop|gateway-start DIR" >&2; exit 2 ;;
esac
