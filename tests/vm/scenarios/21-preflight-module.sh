#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=off
# Without the v4l2loopback module the preflight says so and gives the modprobe
# line for the device asked for; loaded without exclusive_caps=1 it warns that
# Chrome will not list the camera (still exit 0: it works for other programs).
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam

rc=0
timeout 120 "$FAKECAM_BIN" --check -w /dev/video0 -W 320 -H 180 -v /dev/video2 >"$WORK/nomodule.out" 2>&1 || rc=$?
expect_eq "no module: exit status" "$rc" 1
grep -qF "the v4l2loopback module is not loaded: sudo modprobe v4l2loopback devices=1 exclusive_caps=1 video_nr=2 card_label=fakecam" \
  "$WORK/nomodule.out" || fail "no module: $(cat "$WORK/nomodule.out")"
note "ok: missing module explained"

modprobe v4l2loopback devices=1 exclusive_caps=0 video_nr=2 card_label=fakecam
rc=0
timeout 120 "$FAKECAM_BIN" --check -w /dev/video0 -W 320 -H 180 -v /dev/video2 >"$WORK/nocaps.out" 2>&1 || rc=$?
expect_eq "exclusive_caps=0: exit status" "$rc" 0
grep -qF "was loaded without exclusive_caps=1: Chrome and Chromium-based apps will not list it" "$WORK/nocaps.out" ||
  fail "exclusive_caps=0: $(cat "$WORK/nocaps.out")"
note "preflight module checks passed"
