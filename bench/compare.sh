#!/usr/bin/env bash
# Before/after comparison of two revisions (issue 21: a refactor must not slow the service):
#   bench/compare.sh BEFORE_REV AFTER_REV [--rounds N] [--quick]
# builds the service (Silo, Release) of each revision once, each in its own temporary `git worktree`
# (one build when both name the same commit), then runs this checkout's harness, which starts both
# services on one throwaway PostgreSQL and measures, round after round and alternating between them,
# the initiate load (64 connections), the part load (16 x 8 MiB in parallel) and the service's CPU per
# initiate at 1 and 32 concurrent. Prints a table with every round and the after/before ratio of the
# medians (goal for initiates and parts: >= 0.95), writes bench/results/compare-latest.json and a
# dated copy. Default 6 rounds (the order flips every round, so each side goes first in 3): about 10
# minutes with the builds on 2 shared cores; --quick is a short check that the tool works (small
# counts), not a measurement. The measured requests are signed by an ordinary (non-administrator)
# account each service's admin API makes at start, so authorization is in every figure; a revision
# from before accounts (no admin API) is driven with its root key, and the results name each side's
# principal. --as-admin signs both with the root key (the administrator's pass, no authorization).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage="usage: bench/compare.sh BEFORE_REV AFTER_REV [--rounds N] [--quick] [--as-admin]"
before_rev=${1:?$usage}
after_rev=${2:?$usage}
shift 2
for arg in "$@"; do
  case "$arg" in
    --rounds|--quick|--as-admin|[0-9]*) ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done

before_commit=$(git -C "$root" rev-parse --verify --quiet "$before_rev^{commit}") || { echo "compare.sh: no commit '$before_rev'" >&2; exit 2; }
after_commit=$(git -C "$root" rev-parse --verify --quiet "$after_rev^{commit}") || { echo "compare.sh: no commit '$after_rev'" >&2; exit 2; }

tmp=$(mktemp -d /tmp/omp-compare-build-XXXXXX)
cleanup() {
  local wt
  for wt in "$tmp"/*/; do
    [ -d "$wt" ] && git -C "$root" worktree remove --force "$wt" >/dev/null 2>&1 || true
  done
  git -C "$root" worktree prune >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

say() { echo "[compare.sh $(date -u +%H:%M:%S)] $*" >&2; }

# Builds the silo of commit $2 in worktree $tmp/$1; prints the path of its Orleans.Multipart.Silo.dll.
build() {
  local name=$1 commit=$2 dir=$tmp/$1
  git -C "$root" worktree add --detach --quiet "$dir" "$commit" >&2
  say "building $name ($commit) in $dir (Release)"
  dotnet build "$dir/Silo/Silo.csproj" -c Release -nologo -v quiet >&2
  local dll
  dll=$(find "$dir/Silo/bin/Release" -name Orleans.Multipart.Silo.dll -print -quit)
  [ -n "$dll" ] || { echo "compare.sh: no Orleans.Multipart.Silo.dll under $dir/Silo/bin/Release" >&2; exit 1; }
  echo "$dll"
}

started=$(date +%s)
before_silo=$(build before "$before_commit")
if [ "$after_commit" = "$before_commit" ]; then
  say "after is the same commit: both services run the one build (the comparison shows the noise)"
  after_silo=$before_silo
else
  after_silo=$(build after "$after_commit")
fi

say "building the harness of this checkout (bench/, Release)"
dotnet build "$root/bench/Bench.csproj" -c Release -nologo -v quiet >&2
say "builds took $(( $(date +%s) - started )) s"

dotnet "$root/bench/bin/Release/net10.0/Orleans.Multipart.Bench.dll" --compare \
  --before-rev "$before_rev" --before-commit "$before_commit" --before-silo "$before_silo" \
  --after-rev "$after_rev" --after-commit "$after_commit" --after-silo "$after_silo" "$@"
