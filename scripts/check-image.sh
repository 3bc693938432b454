#!/usr/bin/env bash
# The image-entrypoint check, without a container engine: performs deploy/Dockerfile's publish step,
# checks the paths the Dockerfile names against the publish output, then runs the output exactly as
# the image's entrypoint would: from /app, as the image's non-root user, with the Dockerfile's ENV
# (its ports too: 8080, 11111, 30000), on a read-only root filesystem with only the image's volumes
# writable. The process gets a network namespace of its own (its own loopback: another silo on this
# machine holding 11111 or 30000 does not matter) and a root of its own (an overlay of this machine's
# root, so that /app and the volumes' mount points are not created on this machine); needs root.
# It then uploads an object in parts with boto3 (inside that network namespace) and stops the process
# with SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
dockerfile=deploy/Dockerfile
work=$(mktemp -d /tmp/omp-image.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== publish step of $dockerfile"
mapfile -t publishes < <(grep -oE 'dotnet publish [^&]+-o /app' "$dockerfile")
[ "${#publishes[@]}" -gt 0 ] || { echo "check-image: no 'dotnet publish ... -o /app' in $dockerfile" >&2; exit 1; }
# Every publish step (the silo, the standalone gateway) into the one /app, as the image does.
for publish in "${publishes[@]}"; do ${publish% -o /app} -o "$work/app" -nologo -v quiet; done

# What the runtime stage says.
entrypoint=$(sed -n 's/^ENTRYPOINT \[\(.*\)\]$/\1/p' "$dockerfile" | tr -d '", ')
cmd=$(sed -n 's/^CMD \[\(.*\)\]$/\1/p' "$dockerfile" | tr -d '" ')
user=$(sed -n 's/^USER \([0-9]*\):\([0-9]*\)$/\1:\2/p' "$dockerfile")
workdir=$(sed -n 's/^WORKDIR //p' "$dockerfile" | tail -n 1)
volumes=$(sed -n 's/^VOLUME \[\(.*\)\]$/\1/p' "$dockerfile" | tr -d '",')
mapfile -t envs < <(awk '/^ENV /{f=1; sub(/^ENV /,"")} f{line=$0; sub(/ *\\$/,"",line); gsub(/^ +/,"",line); print line; if ($0 !~ /\\$/) f=0}' "$dockerfile")
[ "$entrypoint" = dotnet ] && [ -n "$cmd" ] && [ -n "$user" ] && [ "$workdir" = /app ] \
  || { echo "check-image: unexpected runtime stage (entrypoint=$entrypoint cmd=$cmd user=$user workdir=$workdir)" >&2; exit 1; }
for dll in "$cmd" $(grep -oE 'Orleans\.Multipart\.[A-Za-z]+\.dll' deploy/kubernetes/base/*.yaml deploy/kubernetes/components/*/*.yaml | cut -d: -f2 | sort -u); do
  [ -f "$work/app/$dll" ] || { echo "check-image: $dll (named by the Dockerfile or a manifest) is not in the publish output" >&2; exit 1; }
  echo "   $dll present"
done

# The image's own HTTP port (ASPNETCORE_URLS in its ENV): free, as in a container, in the private network namespace.
port=$(printf '%s\n' "${envs[@]}" | sed -n 's/^ASPNETCORE_URLS=.*:\([0-9]*\)$/\1/p')
[ -n "$port" ] || { echo "check-image: no ASPNETCORE_URLS port in the Dockerfile's ENV" >&2; exit 1; }
mkdir -p "$work/volumes" "$work/rootfs"
for v in $volumes; do mkdir -p "$work/volumes$v"; done
chown -R "$user" "$work/volumes"
echo "== running '$entrypoint $cmd' as $user from $workdir, root filesystem read-only, volumes: $volumes"
# Inside the namespaces: loopback up; the new root is an overlay of / (its writes land in a tmpfs, so the
# mount points below are made there, not on this machine) with /proc, /dev, /sys; the app bound read-only
# at /app and each volume from a scratch directory; then the overlay read-only, and chroot into it.
new="$work/rootfs/new"
setup="ip link set lo up && mount -t tmpfs -o mode=0755 image-root '$work/rootfs' \
  && mkdir -p '$work/rootfs/upper' '$work/rootfs/work' '$new' \
  && mount -t overlay overlay -o 'lowerdir=/,upperdir=$work/rootfs/upper,workdir=$work/rootfs/work' '$new' \
  && for m in proc dev sys; do mount --rbind /\$m '$new'/\$m; done \
  && mkdir -p '$new/app' && mount --bind '$work/app' '$new/app' && mount -o remount,bind,ro '$new/app'"
for v in $volumes; do setup="$setup && mkdir -p '$new$v' && mount --bind '$work/volumes$v' '$new$v'"; done
unshare --mount --net --propagation private bash -c "$setup && mount -o remount,ro '$new' && exec chroot '$new' bash -c \"cd $workdir && \
  exec env -i PATH=/usr/bin:/bin HOME=/tmp $(printf '%q ' "${envs[@]}" | sed 's/"/\\"/g') Auth__RootAccessKey=image-check-access Auth__RootSecretKey=image-check-secret-key \
  setpriv --reuid=${user%:*} --regid=${user#*:} --clear-groups $(command -v dotnet) $cmd\"" > "$work/out.log" 2>&1 &
pid=$!
# Everything that talks to the process runs in its network namespace (once unshare has made it).
for _ in $(seq 1 100); do
  [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" != "$(readlink /proc/self/ns/net)" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; echo "check-image: the namespaces could not be set up" >&2; exit 1; }
  sleep 0.1
done
in_ns() { nsenter --net="/proc/$pid/ns/net" "$@"; }

for _ in $(seq 1 120); do
  in_ns curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; echo "check-image: the entrypoint exited" >&2; exit 1; }
  sleep 0.5
done
in_ns curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null && in_ns curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null \
  || { cat "$work/out.log" >&2; echo "check-image: probes did not answer" >&2; exit 1; }
echo "   /healthz and /readyz answer"

python=/usr/bin/python3; "$python" -c 'import boto3' 2>/dev/null || python=python3
in_ns "$python" - "$port" <<'PY'
import sys, os, boto3
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1",
                  aws_access_key_id="image-check-access", aws_secret_access_key="image-check-secret-key",
                  config=Config(s3={"addressing_style": "path"}))
s3.create_bucket(Bucket="image-check")
body = [os.urandom(5 * 1024 * 1024), os.urandom(1234)]
up = s3.create_multipart_upload(Bucket="image-check", Key="a/b.bin")["UploadId"]
parts = [{"PartNumber": i + 1, "ETag": s3.upload_part(Bucket="image-check", Key="a/b.bin", UploadId=up, PartNumber=i + 1, Body=b)["ETag"]} for i, b in enumerate(body)]
s3.complete_multipart_upload(Bucket="image-check", Key="a/b.bin", UploadId=up, MultipartUpload={"Parts": parts})
assert s3.get_object(Bucket="image-check", Key="a/b.bin")["Body"].read() == b"".join(body), "object differs"
print("   multipart upload through the image entrypoint: 2 parts, read back byte for byte")
PY
written=$(find "$work/volumes" -type f | wc -l)
[ "$written" -gt 0 ] || { echo "check-image: nothing was written to the volumes" >&2; exit 1; }
echo "   $written files written, all under the image's volumes"

kill -TERM "$pid"
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "check-image: still running 30 s after SIGTERM" >&2; exit 1; fi
wait "$pid" && rc=0 || rc=$?
pid=""
[ "$rc" = 0 ] || { tail -n 20 "$work/out.log" >&2; echo "check-image: exit code $rc after SIGTERM" >&2; exit 1; }
echo "check-image: entrypoint ran as $user on a read-only root, served a multipart upload, stopped cleanly on SIGTERM"
