#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# vivid (a real V4L2 capture driver) -> fakecam -> v4l2loopback -> an ffmpeg
# reader: frames arrive at the negotiated size and format, and SIGTERM ends
# fakecam cleanly (exit 0, devices released).
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
out=/dev/video10

start_bg fakecam "$FAKECAM_BIN" -w /dev/video0 -W 640 -H 360 -F 10 -v $out --no-ondemand --no-status
fakecam_pid=$BG_PID
wait_for_log "$WORK/fakecam.log" 'output: /dev/video10' 120
wait_for_capture_device $out 120
# The format fakecam negotiated on its output: YUYV at the webcam's size.
fmt=$(v4l2-ctl -d $out --get-fmt-video)
expect_eq "output pixel format" "$(echo "$fmt" | sed -n "s/.*Pixel Format *: '\([^']*\)'.*/\1/p")" YUYV
expect_eq "output size" "$(echo "$fmt" | sed -n 's|.*Width/Height *: *\([0-9]*\)/\([0-9]*\).*|\1x\2|p')" 640x360
grep -q 'input: /dev/video0 .*640x360' "$WORK/fakecam.log" || fail "fakecam did not report vivid at 640x360: $(grep input: "$WORK/fakecam.log")"

read_frames_ffmpeg $out 6 'out-%d.ppm' -input_format yuyv422
expect_eq "frames read" "$(count_files 'out-*.ppm')" 6
expect_eq "frame size" "$(ppm_size out-6.ppm)" 640x360
# vivid's picture moves: the frames are live, not one frame repeated.
[ "$(count_distinct_files 'out-*.ppm')" -ge 2 ] || fail "all frames identical: the output is not live"

kill -TERM "$fakecam_pid"
rc=0
wait "$fakecam_pid" || rc=$?
expect_eq "fakecam exit status after SIGTERM" "$rc" 0
grep -q 'SIGTERM: stopping' "$WORK/fakecam.log" || fail "no clean-stop message in the log"
# Released: vivid can be opened by another program again at once.
v4l2-ctl -d /dev/video0 --stream-mmap --stream-count=1 --stream-to=/dev/null || fail "vivid still busy after fakecam exited"
note "vivid -> fakecam -> loopback passed"
