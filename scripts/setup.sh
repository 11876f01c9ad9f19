#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages fakecam needs, by purpose (.ci/apt-packages.txt):
#   scripts/setup.sh                  build + run: what building and running fakecam
#                                     (and scripts/demo.sh) need; no kernel, QEMU or browser
#   scripts/setup.sh build run test vm   also what scripts/test.sh needs
# Idempotent: does nothing when everything is already installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sections=("$@")
((${#sections[@]})) || sections=(build run)
for s in "${sections[@]}"; do
  grep -qx "\[$s\]" "$root/.ci/apt-packages.txt" ||
    { echo "scripts/setup.sh: no section [$s] in $root/.ci/apt-packages.txt (build, run, test, vm)" >&2; exit 2; }
done
# The lines of the wanted [section]s, without comments and blank lines.
mapfile -t wanted < <(awk -v want=" ${sections[*]} " '
  { sub(/#.*/, ""); gsub(/[[:space:]]+/, "") }
  /^\[.*\]$/ { section = substr($0, 2, length($0) - 2); next }
  $0 != "" && index(want, " " section " ") { print }
' "$root/.ci/apt-packages.txt" | sort -u)
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fakecam setup (${sections[*]}): installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# npm fetches the models once (cmake/FetchModels.cmake). Machines of this kind
# ship Node.js with npm; Debian's own npm package conflicts with that Node.js.
if ! command -v npm >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fakecam setup: npm not found; installing Debian's nodejs and npm"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends nodejs npm
fi
