#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# install.sh — installs the browser helper's pinned npm packages
# (playwright-core, from package-lock.json) into tests/vm/browser/node_modules.
# Runs on the HOST: the guest sees the host's / read-only. Idempotent: does
# nothing when node_modules already matches package-lock.json. Playwright never
# downloads a browser here; read-camera.mjs drives Debian's /usr/bin/chromium.
set -eu
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "browser/install.sh: npm not found (install Node.js 20 with npm)" >&2; exit 1; }
want=$(cksum < package-lock.json)
stamp=node_modules/.fakecam-lock-stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "browser/install.sh: npm ci in $(pwd)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
