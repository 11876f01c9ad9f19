#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Wrong output paths give one clear line: the real webcam (vivid's capture
# node) named as output, a missing node, a loopback device given to --akvcam,
# and a second producer on a loopback device that already has one.
. "$(dirname "$0")/lib.sh"

expect_error() {  # expect_error NAME 'REGEX' PROBE-ARGS...
  name=$1 regex=$2; shift 2
  "$PROBE" "$@" --frames 1 >"$OUT/$name.out" 2>"$OUT/$name.err"
  rc=$?
  err=$(cat "$OUT/$name.err")
  if [ "$rc" -eq 2 ] && [ "$(wc -l <"$OUT/$name.err")" -eq 1 ] && echo "$err" | grep -q "$regex"; then
    pass "$name: $err"
  else
    fail "$name: exit $rc, stderr: $err"
  fi
}

expect_error capture-node \
  "^error: /dev/video0 is a capture device (the real webcam?) driven by 'vivid' ('vivid'), not a v4l2loopback output; loopback devices here: $DEV ('fakecam', free for a producer)\$" \
  --device /dev/video0
expect_error missing-node "^error: /dev/video99: no such device; v4l2loopback is loaded but made no such node (its devices: $DEV ('fakecam'" \
  --device /dev/video99
expect_error loopback-as-akvcam "^error: $DEV is a v4l2loopback device ('fakecam'), not akvcam; run without --akvcam" \
  --device "$DEV" --akvcam
expect_error capture-as-akvcam "^error: /dev/video0 is a 'vivid' device ('vivid'), not an akvcam output; akvcam output devices here: none\$" \
  --device /dev/video0 --akvcam

start_probe first --device "$DEV" --size 320x240
if wait_opened first; then
  wait_for_capture "$DEV" || fail "first producer: $DEV never offered capture"
  expect_error second-producer \
    "^error: $DEV (v4l2loopback 'fakecam') does not accept a producer: another program is writing to it" \
    --device "$DEV" --size 320x240
  stop_probe first || fail "first producer exit code $?"
else
  fail "first producer refused: $(cat "$OUT/first.err")"
fi
finish
