#!/usr/bin/env bash
# The image-entrypoint check, without a container engine: performs deploy/Dockerfile's publish step,
# checks the paths the Dockerfile names against the publish output, then runs the output exactly as
# the image's entrypoint would: from /app, as the image's non-root user, with the Dockerfile's ENV,
# on a read-only root filesystem with only the image's volumes writable (a private mount namespace;
# needs root). It then uploads an object in parts with boto3 and stops the process with SIGTERM.
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

port=$(( (RANDOM % 10000) + 40000 ))
mkdir -p "$work/volumes" /app
for v in $volumes; do mkdir -p "$work/volumes$v" "$v"; done
chown -R "$user" "$work/volumes"
echo "== running '$entrypoint $cmd' as $user from $workdir, root filesystem read-only, volumes: $volumes"
# Inside the namespace: the app at /app, each volume bound from a scratch directory, then / read-only.
mounts="mount --bind '$work/app' /app"
for v in $volumes; do mounts="$mounts && mount --bind '$work/volumes$v' '$v'"; done
env_args=("ASPNETCORE_URLS=http://127.0.0.1:$port" "Auth__RootAccessKey=image-check-access" "Auth__RootSecretKey=image-check-secret-key")
unshare --mount --propagation private bash -c "$mounts && mount -o remount,bind,ro / && cd $workdir && \
  exec env -i PATH=/usr/bin:/bin HOME=/tmp $(printf '%q ' "${envs[@]}") $(printf '%q ' "${env_args[@]}") \
  setpriv --reuid=${user%:*} --regid=${user#*:} --clear-groups $(command -v dotnet) $cmd" > "$work/out.log" 2>&1 &
pid=$!

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/out.log" >&2; echo "check-image: the entrypoint exited" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null && curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null \
  || { cat "$work/out.log" >&2; echo "check-image: probes did not answer" >&2; exit 1; }
echo "   /healthz and /readyz answer"

python=/usr/bin/python3; "$python" -c 'import boto3' 2>/dev/null || python=python3
"$python" - "$port" <<'PY'
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
