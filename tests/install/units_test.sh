#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The installed systemd user units pass `systemd-analyze verify` (syntax,
# ExecStart exists, known directives), the template through an instance;
# a per-user install puts them in ~/.local/share/systemd/user.
#   units_test.sh BUILD_DIR SCRATCH_DIR
set -euo pipefail
build=$1 scratch=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
units=$scratch/prefix/lib/systemd/user
cp "$units/fakecam@.service" "$units/fakecam@desk.service"
out=$(cd "$units" && systemd-analyze verify --man=no ./fakecam.service ./fakecam@desk.service 2>&1) ||
  fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify warns: $out"
grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$units/fakecam.service" || fail "fakecam.service: reload is not SIGHUP"
grep -qx 'Restart=on-failure' "$units/fakecam.service" || fail "fakecam.service: no Restart=on-failure"
grep -q '%E/fakecam/%i.ini' "$units/fakecam@.service" || fail "fakecam@.service does not read %E/fakecam/%i.ini"
# A per-user install puts them where the user manager looks: ~/.local/share/systemd/user.
mkdir -p "$scratch/home"
HOME=$scratch/home cmake --install "$build" --prefix "$scratch/home/.local" >/dev/null
grep -qx "ExecStart=$scratch/home/.local/bin/fakecam" "$scratch/home/.local/share/systemd/user/fakecam.service" ||
  fail "an install to ~/.local has no ~/.local/share/systemd/user/fakecam.service starting ~/.local/bin/fakecam"
echo "units ok"
