#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# A still photo of a person played as an MJPEG "webcam" (second loopback
# device) -> fakecam with a solid-colour background -> an ffmpeg reader:
# pixels well inside the background are the colour, pixels well inside the
# person are not.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video10

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 640x360 10
start_bg fakecam "$FAKECAM_BIN" -w $cam -W 640 -H 360 -F 10 -v $out --background-colour '#00ff00' --no-ondemand --no-status
wait_for_log "$WORK/fakecam.log" 'input: /dev/video11 .*MJPG' 120
wait_for_capture_device $out 120
read_frames_ffmpeg $out 8 'out-%d.ppm' -input_format yuyv422
expect_eq "frame size" "$(ppm_size out-8.ppm)" 640x360
# Regions from the reference mask of this photo (tests/data/selfie-ref):
# top-left and top-right corners are wall, the face and the lower middle are
# the person.
expect_colours out-8.ppm "0 255 0 16 0.02,0.03,0.18,0.3" "0 255 0 16 0.84,0.03,0.14,0.3"
for region in 0.38,0.2,0.18,0.22 0.35,0.82,0.3,0.14; do
  set -- $(mean_colour out-8.ppm $region)
  note "person region $region mean RGB $1 $2 $3"
  # far from pure green: green must not dominate red and blue by much
  awk -v r="$1" -v g="$2" -v b="$3" 'BEGIN { exit !(g - (r + b) / 2 < 100) }' ||
    fail "person region $region looks like the background: $1 $2 $3"
done
note "solid background replacement passed"
