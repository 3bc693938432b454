#!/usr/bin/env bash
# What the dashboard test (DashboardTests) drives: Debian's chromium (apt-get, when root and missing;
# `npx playwright install` downloads are not reachable here) and playwright-core from npm into
# scripts/dashboard-browser/node_modules (git-ignored), pinned by its package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/dashboard-browser"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "install-dashboard-browser: installing chromium (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
  else
    echo "install-dashboard-browser: chromium is missing and this is not root: install Debian's chromium package" >&2
    exit 1
  fi
fi

installed=$(node -p 'require("./node_modules/playwright-core/package.json").version' 2>/dev/null || true)
if [ "$installed" != "$(node -p 'require("./package.json").dependencies["playwright-core"]')" ]; then
  if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
  fi
  npm ci --no-audit --no-fund --silent
fi
echo "install-dashboard-browser: $(chromium --version 2>/dev/null | head -1), playwright-core $(node -p 'require("./node_modules/playwright-core/package.json").version')"
