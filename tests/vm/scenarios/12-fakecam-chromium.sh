#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm VM_MEM=4096
#vm VM_TIMEOUT=1500
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# Headless Chromium opens the fakecam camera with getUserMedia, as a
# video-call page does, and reads a frame whose background is the replaced
# one. fakecam runs on demand (the default): Chromium opening the camera is
# what starts the processing.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video10

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
start_bg fakecam "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#3050c8' --no-status
wait_for_log "$WORK/fakecam.log" 'output: /dev/video10' 180
wait_for_capture_device $out 120
browser_read_camera fakecam browser --width 320 --height 180 --frames 8
expect_eq "camera label" "$CAM_LABEL" fakecam
expect_eq "frame size" "${CAM_WIDTH}x$CAM_HEIGHT" 320x180
# The background corners are the replaced colour (RGB 48 80 200).
expect_colours browser.ppm "48 80 200 18 0.02,0.03,0.18,0.3" "48 80 200 18 0.84,0.03,0.14,0.3"
set -- $(mean_colour browser.ppm 0.38,0.2,0.18,0.22)
note "face region mean RGB $1 $2 $3"
awk -v r="$1" -v g="$2" -v b="$3" 'BEGIN { exit !(b - (r + g) / 2 < 80) }' ||
  fail "the person region looks like the background: $1 $2 $3"
grep -q 'reading the virtual camera: resuming' "$WORK/fakecam.log" || fail "fakecam never saw Chromium as a reader"
note "Chromium sees the replaced background"
