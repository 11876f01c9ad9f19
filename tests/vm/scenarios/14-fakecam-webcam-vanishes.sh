#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The webcam vanishes mid-stream (vivid's "disconnect" control emulates a USB
# unplug): the virtual camera keeps producing frames (the last picture); when
# the webcam returns, live frames again — without restarting fakecam.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
out=/dev/video10

# Pass-through (no segmentation) keeps the guest's CPU for the devices.
start_bg fakecam "$FAKECAM_BIN" -w /dev/video0 -W 640 -H 360 -F 10 -v $out --no-background --no-ondemand --no-status
fakecam_pid=$BG_PID
wait_for_capture_device $out 120
read_frames_ffmpeg $out 4 'live-%d.ppm' -input_format yuyv422
[ "$(count_distinct_files 'live-*.ppm')" -ge 2 ] || fail "frames before the unplug are not live"

v4l2-ctl -d /dev/video0 -c disconnect=1
wait_for_log "$WORK/fakecam.log" 'keeping the virtual camera alive' 60
note "fakecam noticed the webcam is gone"
read_frames_ffmpeg $out 5 'gone-%d.ppm' -input_format yuyv422
expect_eq "frames while the webcam is gone" "$(count_files 'gone-*.ppm')" 5
expect_eq "size while the webcam is gone" "$(ppm_size gone-5.ppm)" 640x360

wait_for_log "$WORK/fakecam.log" 'input is back' 120
note "the webcam is back"
read_frames_ffmpeg $out 4 'back-%d.ppm' -input_format yuyv422
[ "$(count_distinct_files 'back-*.ppm')" -ge 2 ] || fail "frames after the webcam returned are not live"
kill -0 "$fakecam_pid" || fail "fakecam died"
note "webcam loss survived"
