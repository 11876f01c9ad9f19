#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# Smoke: feed_mjpeg_webcam turns a still photo into an MJPEG "webcam" on a
# second loopback device (/dev/video11), as fakecam scenarios use it for an
# input camera: the device offers MJPG at the asked size, an ffmpeg reader
# decodes the frames, and the picture keeps its layout (quadrant colours: not
# mirrored, flipped or swapped). /dev/video10 stays free for fakecam's output.
set -eu
# shellcheck source=SCRIPTDIR/../lib.sh
. "$VM_TESTS_DIR/lib.sh"
cam=/dev/video11

# a 1280x720 JPEG with four coloured quadrants (scaled to 640x360 by the feeder)
ffmpeg -nostdin -v error -y \
  -f lavfi -i color=c=0xDC2828:size=640x360 -f lavfi -i color=c=0x28C83C:size=640x360 \
  -f lavfi -i color=c=0x283CDC:size=640x360 -f lavfi -i color=c=0xE6E6E6:size=640x360 \
  -filter_complex '[0][1]hstack[top];[2][3]hstack[bottom];[top][bottom]vstack' \
  -frames:v 1 -q:v 2 -update 1 /tmp/quadrants.jpg
feed_mjpeg_webcam /tmp/quadrants.jpg $cam 640x360 15

info=$(v4l2-ctl -d $cam --info --get-fmt-video)
expect_eq "card of $cam" "$(echo "$info" | awk -F': ' '/Card type/ { print $2; exit }')" webcam
expect_eq "pixel format on $cam" "$(echo "$info" | sed -n "s/.*Pixel Format *: '\([^']*\)'.*/\1/p")" MJPG
expect_eq "size on $cam" "$(echo "$info" | sed -n 's|.*Width/Height *: *\([0-9]*\)/\([0-9]*\).*|\1x\2|p')" 640x360
expect_eq "caps of the free output device /dev/video10" "$(device_caps /dev/video10 | grep -x 'Video Output')" "Video Output"

read_frames_ffmpeg $cam 5 'webcam-%d.ppm' -input_format mjpeg
expect_eq "frames read" "$(count_files 'webcam-*.ppm')" 5
expect_eq "size read" "$(ppm_size webcam-5.ppm)" 640x360
expect_colours webcam-5.ppm \
  "220 40 40 20 0.05,0.05,0.4,0.4" \
  "40 200 60 20 0.55,0.05,0.4,0.4" \
  "40 60 220 20 0.05,0.55,0.4,0.4" \
  "230 230 230 20 0.55,0.55,0.4,0.4"
note "MJPEG webcam smoke passed"
