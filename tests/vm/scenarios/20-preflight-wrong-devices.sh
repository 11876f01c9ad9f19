#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The preflight (`fakecam --check`, and the same checks at start-up) explains
# wrong devices in one line with the fix, exit status 1: -v naming the real
# webcam, -v naming something that is not a video device, -w naming the
# virtual camera, a missing node while the module made another one. The
# right configuration passes.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam

# check NAME WANT_RC TEXT ARGS...: `fakecam --check ARGS` exits WANT_RC and
# prints a line containing TEXT
check() {
  name=$1 want=$2 text=$3; shift 3
  rc=0
  timeout 120 "$FAKECAM_BIN" --check -W 320 -H 180 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null || rc=$?
  [ "$rc" -ne 124 ] || fail "$name: fakecam --check hung"
  expect_eq "$name: exit status" "$rc" "$want"
  grep -qF -- "$text" "$WORK/$name.out" || fail "$name: no line with '$text' in: $(cat "$WORK/$name.out")"
  note "ok: $name: $(grep -F -- "$text" "$WORK/$name.out" | head -n 1)"
}

check webcam-as-output 1 "/dev/video0 is a capture device (the real webcam?) driven by 'vivid'" -w /dev/video0 -v /dev/video0
check webcam-as-output-lists-loopbacks 1 "loopback devices here: /dev/video10 ('fakecam'" -w /dev/video0 -v /dev/video0
check not-a-video-device 1 "/dev/null" -w /dev/video0 -v /dev/null
check wrong-number 1 "v4l2loopback is loaded but made no such node (its devices: /dev/video10 ('fakecam'" -w /dev/video0 -v /dev/video2
check loopback-as-webcam 1 "webcams here: /dev/video0 ('vivid" -w /dev/video10 -v /dev/video10
check all-good 0 "all checks passed" -w /dev/video0 -v /dev/video10
# and the same explanation when fakecam is simply started with the wrong -v
rc=0
timeout 120 "$FAKECAM_BIN" --no-status -w /dev/video0 -W 320 -H 180 -v /dev/video0 >/dev/null 2>"$WORK/start.err" || rc=$?
expect_eq "start with the webcam as -v: exit status" "$rc" 1
tail -n 1 "$WORK/start.err" | grep -qF "is a capture device (the real webcam?)" || fail "start-up error: $(tail -n 1 "$WORK/start.err")"
note "preflight with wrong devices passed"
