#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Bad input gives one clear line naming the device or file, exit status 1,
# and nothing hangs: a non-video device, the loopback output node as webcam,
# missing and corrupt background images, an unwritable or wrong output
# device. (A missing webcam is waited for: 27-webcam-appears-later.)
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
echo "not a jpeg" > /tmp/corrupt.jpg

# expect_error NAME TEXT ARGS...: fakecam ARGS exits 1 within 120 s and its
# last stderr line contains TEXT
expect_error() {
  name=$1 text=$2; shift 2
  rc=0
  timeout 120 "$FAKECAM_BIN" --no-status "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null || rc=$?
  [ "$rc" -ne 124 ] || fail "$name: fakecam hung (killed after 120 s)"
  expect_eq "$name: exit status" "$rc" 1
  last=$(tail -n 1 "$WORK/$name.err")
  case $last in
    *"$text"*) note "ok: $name: $last" ;;
    *) fail "$name: last line '$last' does not mention '$text'" ;;
  esac
}

expect_error not-video /dev/null -w /dev/null -v /dev/video10
expect_error output-node-as-webcam "/dev/video10" -w /dev/video10 -v /dev/video10
expect_error missing-background /tmp/nope.jpg -w /dev/video0 -W 320 -H 180 -b /tmp/nope.jpg -v /dev/video10
expect_error corrupt-background /tmp/corrupt.jpg -w /dev/video0 -W 320 -H 180 -b /tmp/corrupt.jpg -v /dev/video10
expect_error capture-device-as-output "/dev/video0" -w /dev/video0 -W 320 -H 180 -v /dev/video0
expect_error unwritable-y4m /proc/nope -w /dev/video0 -W 320 -H 180 --output /proc/nope/out.y4m
note "bad input passed"
