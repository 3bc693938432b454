#!/usr/bin/env bash
# ceph/s3-tests against the s3 dialect: one repeatable run and its summary.
#
#   scripts/s3-tests.sh <s3-tests checkout> [pytest arguments...]
#
# Builds the silo (Release), starts it on the embedded SQLite default with a throwaway data dir and
# free ports, writes an s3tests.conf for it, runs the suite's functional tests with pytest (one
# process, per-test progress on stdout, a JUnit XML) and prints the summary table made by
# tests/s3-tests/summarize.py, which also writes tests/s3-tests/results/<UTC time>.{json,md} and
# latest.{json,md}. Extra arguments go to pytest (e.g. `-k multipart` or a single test id); a run
# with extra arguments writes its summary under the name partial-<UTC time> and leaves latest alone.
#
# Settings (environment):
#   S3TESTS_FILES     test files, relative to the checkout (default: test_s3.py and test_headers.py)
#   S3TESTS_EXCLUDE   pytest -m expression of what is not run (default below; see tests/s3-tests/README.md)
#   S3TESTS_TIMEOUT   seconds one test may take (default 120)
#   S3TESTS_RESULTS   where the summary goes (default tests/s3-tests/results)
#   S3TESTS_PYTHON    the interpreter (default: whichever python3 on the machine has the newest boto3)
#   S3TESTS_KEEP=1    keep the work dir (service log, JUnit XML, pytest log) even on success
#
# Users: the configured root key (Auth:RootAccessKey/RootSecretKey) is the administrator; the suite's
# main, alt and tenant users are real accounts, each with its own key, made through the omp-admin CLI
# against the started service (accounts s3main, s3alt, s3tenant); the iam sections (their tests are not
# run) name the root key.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "s3-tests.sh: $*" >&2; exit 1; }
step() { echo "== $*" >&2; }

[ $# -ge 1 ] || die "usage: scripts/s3-tests.sh <s3-tests checkout> [pytest arguments...]"
src=$(cd "$1" && pwd) || die "no such directory: $1"
shift
[ -f "$src/s3tests/functional/__init__.py" ] || die "$src is not a ceph/s3-tests checkout (no s3tests/functional)"

files=${S3TESTS_FILES:-"s3tests/functional/test_s3.py s3tests/functional/test_headers.py"}
# Not run: what the suite itself marks as not S3's behaviour (fails_on_aws: AWS fails these, they test
# RGW extensions) and what needs infrastructure beside one S3 endpoint (a second cloud endpoint, an
# IAM service). Everything else runs and counts, served or not.
exclude=${S3TESTS_EXCLUDE:-"not fails_on_aws and not cloud_transition and not cloud_restore and not iam_account and not iam_user and not iam_tenant and not iam_role and not iam_cross_account and not sns and not s3select and not test_of_sts and not webidentity_test"}
timeout=${S3TESTS_TIMEOUT:-120}
results=${S3TESTS_RESULTS:-$root/tests/s3-tests/results}
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
name=$stamp
[ $# -gt 0 ] && name=partial-$stamp

# --- python: the newest boto3 on the machine, Debian's packages for the rest ------------------------
debian_packages="python3-pytest python3-pytest-timeout python3-boto3 python3-munch python3-isodate python3-lxml python3-tz python3-dateutil python3-requests python3-yaml python3-httplib2"
needed="pytest pytest_timeout boto3 munch isodate lxml pytz dateutil requests yaml"
if ! /usr/bin/python3 -c "import ${needed// /,}" 2>/dev/null; then
  step "installing the suite's python packages from Debian"
  command -v apt-get >/dev/null || die "python packages missing and no apt-get: install $debian_packages"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $debian_packages) >/dev/null \
    || die "apt-get install $debian_packages failed"
fi

boto3_version() { "$1" -c 'import boto3; print(boto3.__version__)' 2>/dev/null || echo 0; }
python=${S3TESTS_PYTHON:-}
if [ -z "$python" ]; then
  python=/usr/bin/python3 best=$(boto3_version /usr/bin/python3)
  for candidate in $(type -ap python3); do
    v=$(boto3_version "$candidate")
    if [ "$(printf '%s\n%s\n' "$best" "$v" | sort -V | tail -1)" != "$best" ]; then python=$candidate best=$v; fi
  done
fi

work=$(mktemp -d /tmp/omp-s3tests.XXXXXX)
service_pid=
cleanup() {
  local rc=$?
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  rm -rf "$work/data"
  if [ "${S3TESTS_KEEP:-}" = 1 ] || [ $rc -ne 0 ]; then
    echo "s3-tests.sh: work dir kept: $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# An interpreter other than Debian's gets the modules it lacks from Debian's dist-packages (same
# CPython minor version) through a directory of links on PYTHONPATH, never boto3/botocore themselves.
pythonpath=
if [ "$python" != /usr/bin/python3 ]; then
  [ "$("$python" -c 'import sys; print(sys.version_info[:2])')" = "$(/usr/bin/python3 -c 'import sys; print(sys.version_info[:2])')" ] \
    || die "$python and /usr/bin/python3 differ in version; set S3TESTS_PYTHON=/usr/bin/python3"
  overlay=$work/python
  mkdir -p "$overlay"
  pythonpath=$overlay
  for _ in $(seq 1 40); do
    missing=$(cd "$work" && PYTHONPATH=$overlay "$python" -c "
import importlib
try:
    for m in '$needed'.split(): importlib.import_module(m)
    import _pytest.python, lxml.etree, lxml.doctestcompare
except ModuleNotFoundError as e: print(e.name.split('.')[0])
" 2>"$work/python-check.log") || { cat "$work/python-check.log" >&2; die "the suite's modules fail to import in $python"; }
    [ -z "$missing" ] && break
    case $missing in boto3|botocore|s3transfer) die "$python lacks $missing";; esac
    linked=
    # the module and its metadata (some read their own version through it)
    for t in /usr/lib/python3/dist-packages/"$missing" /usr/lib/python3/dist-packages/"$missing".py \
             /usr/lib/python3/dist-packages/"$missing".*.so /usr/lib/python3/dist-packages/"$missing"-*.*-info; do
      [ -e "$t" ] && [ ! -e "$overlay/$(basename "$t")" ] && { ln -s "$t" "$overlay/"; linked=1; }
    done
    [ -n "$linked" ] || die "cannot import $missing in $python, even with Debian's dist-packages"
  done
fi
pyrun() { PYTHONPATH=$root/tests/s3-tests${pythonpath:+:$pythonpath} "$python" "$@"; }
versions=$(pyrun -c 'import sys, boto3, botocore, pytest; print(f"python {sys.version.split()[0]}, boto3 {boto3.__version__}, botocore {botocore.__version__}, pytest {pytest.__version__}")')
step "client: $versions ($python)"

# --- the service ----------------------------------------------------------------------------------
revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || revision="$revision+changes"
step "building the silo and omp-admin (Release) at $revision"
for project in Silo/Silo.csproj Admin.Cli/Admin.Cli.csproj; do
  dotnet build "$root/$project" -c Release -nologo -v quiet >>"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "build of $project failed"; }
done
silo_dll="$root/Silo/bin/Release/net10.0/Orleans.Multipart.Silo.dll"
cli_dll="$root/Admin.Cli/bin/Release/net10.0/omp-admin.dll"

free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
access_key=s3-tests-access-key
lc_interval=10 # seconds per lifecycle day, for the service and the suite alike
secret_key=s3-tests-secret-key-0123456789abcdefghij
mkdir -p "$work/data"
step "starting the service on SQLite, http://127.0.0.1:$port (log: $work/service.log)"
(
  cd "$(dirname "$silo_dll")"
  # fsync off: the suite measures answers, not durability, and the machine is shared.
  DOTNET_gcServer=0 exec dotnet "$silo_dll" --urls "http://127.0.0.1:$port" --environment Production \
    --Storage:Provider Sqlite --Storage:DataPath "$work/data" --Storage:Blobs:Fsync false \
    --Orleans:SiloPort "$(free_port)" --Orleans:GatewayPort "$(free_port)" --Orleans:AdvertisedIPAddress 127.0.0.1 \
    --Auth:RootAccessKey "$access_key" --Auth:RootSecretKey "$secret_key" \
    --Multipart:LifecycleDayLength "00:00:$lc_interval" --Multipart:ExpirySweepPeriod 00:00:02 \
    --Logging:LogLevel:Orleans Warning --Logging:LogLevel:Microsoft Warning
) >"$work/service.log" 2>&1 &
service_pid=$!
for i in $(seq 1 240); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && break
  kill -0 "$service_pid" 2>/dev/null || { tail -30 "$work/service.log" >&2; die "the service exited during start-up"; }
  [ "$i" = 240 ] && die "the service was not ready after 120 s (see $work/service.log)"
  sleep 0.5
done

# --- the suite's users, made through the admin CLI -------------------------------------------------
# Each user is an account with a key of its own; the secrets go only into the (private) work dir and the config.
admin() {
  OMP_ADMIN_ACCESS_KEY=$access_key OMP_ADMIN_SECRET_KEY=$secret_key dotnet "$cli_dll" --endpoint "http://127.0.0.1:$port" --json "$@"
}
make_user() { # account display-name -> prints "access-key secret-key"
  admin accounts create "$1" --display-name "$2" >"$work/account-$1.json" 2>"$work/admin-cli.log" \
    || { cat "$work/admin-cli.log" >&2; die "omp-admin accounts create $1 failed"; }
  (umask 077; admin keys create "$1" >"$work/key-$1.json" 2>"$work/admin-cli.log") \
    || { cat "$work/admin-cli.log" >&2; die "omp-admin keys create $1 failed"; }
  "$python" -c 'import json, sys; k = json.load(open(sys.argv[1])); print(k["accessKeyId"], k["secretKey"])' "$work/key-$1.json"
}
step "creating the suite's users with omp-admin (accounts s3main, s3alt, s3tenant)"
main_user=$(make_user s3main "s3-tests main") || exit 1
alt_user=$(make_user s3alt "s3-tests alt") || exit 1
tenant_user=$(make_user s3tenant "s3-tests tenant") || exit 1
read -r main_key main_secret <<<"$main_user"
read -r alt_key alt_secret <<<"$alt_user"
read -r tenant_key tenant_secret <<<"$tenant_user"
[ -n "$main_secret" ] && [ -n "$alt_secret" ] && [ -n "$tenant_secret" ] || die "omp-admin made no keys"
admin accounts list >"$work/accounts.json"

# --- the suite's configuration --------------------------------------------------------------------
# An owner's ID is its account id, its DisplayName the account's display name.
user() { # section account display-name email access-key secret-key
  cat <<EOF
[$1]
display_name = $3
user_id = $2
email = $4
access_key = $5
secret_key = $6
EOF
}
{
  cat <<EOF
[DEFAULT]
host = 127.0.0.1
port = $port
is_secure = False
ssl_verify = False

[fixtures]
bucket prefix = s3t-{random}-

EOF
  # no api_name: the service has one region and no location constraints; test_bucket_get_location skips.
  user "s3 main" s3main "s3-tests main" s3main@example.com "$main_key" "$main_secret"
  # The suite's lifecycle tests wait in multiples of this many seconds for a rule of N days (RGW's rgw_lc_debug_interval):
  # the service's lifecycle day is as long (Multipart:LifecycleDayLength, above).
  echo "lc_debug_interval = $lc_interval"; echo
  user "s3 alt" s3alt "s3-tests alt" s3alt@example.com "$alt_key" "$alt_secret"; echo
  user "s3 tenant" s3tenant "s3-tests tenant" s3tenant@example.com "$tenant_key" "$tenant_secret"; echo "tenant = s3tests"; echo
  # The IAM tests are not run; their sections name the administrator so that the suite's setup can sign in.
  user "iam" root root root@example.com "$access_key" "$secret_key"; echo
  user "iam root" root root root@example.com "$access_key" "$secret_key"; echo
  user "iam alt root" root root root@example.com "$access_key" "$secret_key"
} >"$work/s3tests.conf"
chmod 600 "$work/s3tests.conf"

# --- the run --------------------------------------------------------------------------------------
paths=()
for f in $files; do paths+=("$src/$f"); done
step "running pytest on $files (excluded: -m '$exclude'); per-test timeout ${timeout}s"
start=$(date +%s)
set +e
(
  cd "$src"
  export S3TEST_CONF="$work/s3tests.conf" AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null \
    AWS_SHARED_CREDENTIALS_FILE=/dev/null PYTHONDONTWRITEBYTECODE=1 OMP_S3TESTS_CALLS="$work/calls.jsonl" \
    PYTEST_DISABLE_PLUGIN_AUTOLOAD=1
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_CA_BUNDLE AWS_ENDPOINT_URL
  pyrun -m pytest -p no:cacheprovider -p pytest_timeout -p omp_s3tests_recorder --timeout "$timeout" -v --tb=short -rN \
    -o junit_family=xunit2 --junitxml "$work/junit.xml" -m "$exclude" "${paths[@]}" "$@"
) 2>&1 | tee "$work/pytest.log" | grep --line-buffered -E '(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)( |$)|^=+ .* =+$|^collected'
set -e
elapsed=$(( $(date +%s) - start ))
[ -s "$work/junit.xml" ] || { tail -40 "$work/pytest.log" >&2; die "pytest wrote no JUnit XML"; }

step "summary (pytest ran ${elapsed}s)"
mkdir -p "$results"
"$python" "$root/tests/s3-tests/summarize.py" --junit "$work/junit.xml" --suite "$src" --calls "$work/calls.jsonl" --pytest-log "$work/pytest.log" \
  --out "$results" --name "$name" --latest "$([ $# -eq 0 ] && echo yes || echo no)" \
  --meta "client=$versions" --meta "suite=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --meta "service=$revision" --meta "users=accounts" \
  --meta "files=$files" --meta "excluded=$exclude" --meta "seconds=$elapsed"
