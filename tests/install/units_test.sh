#!/usr/bin/env bash
# The installed systemd user units pass `systemd-analyze verify` (syntax,
# ExecStart exists, known directives), the template through an instance.
#   units_test.sh BUILD_DIR SCRATCH_DIR
set -euo pipefail
build=$1 scratch=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" --strip >/dev/null
units=$scratch/prefix/lib/systemd/user
cp "$units/fakecam@.service" "$units/fakecam@desk.service"
out=$(cd "$units" && systemd-analyze verify --man=no ./fakecam.service ./fakecam@desk.service 2>&1) ||
  fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify warns: $out"
grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$units/fakecam.service" || fail "fakecam.service: reload is not SIGHUP"
grep -qx 'Restart=on-failure' "$units/fakecam.service" || fail "fakecam.service: no Restart=on-failure"
grep -q '%E/fakecam/%i.ini' "$units/fakecam@.service" || fail "fakecam@.service does not read %E/fakecam/%i.ini"
echo "units ok"
