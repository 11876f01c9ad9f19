#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm VM_MEM=4096
#vm VM_TIMEOUT=1200
# Smoke: ffmpeg writes a solid colour into the v4l2loopback device
# (/dev/video10, label "fakecam") and headless Chromium, as a video-call page
# would, opens it by label with getUserMedia and reads that colour back from a
# canvas. Proves Chromium + playwright-core + read-camera.mjs in the guest.
set -eu
# shellcheck source=SCRIPTDIR/../lib.sh
. "$VM_TESTS_DIR/lib.sh"
dev=/dev/video10

# 5 fps: the feeder leaves the guest's CPU to Chromium
feed_solid_colour $dev C83C28 320x240 5   # RGB 200 60 40
browser_read_camera fakecam browser --width 320 --height 240 --frames 3
expect_eq "camera label" "$CAM_LABEL" fakecam
expect_eq "frame size" "${CAM_WIDTH}x$CAM_HEIGHT" 320x240
# the video kept playing: later frames were presented after the first
[ "$CAM_LAST_PRESENTED" -gt "$CAM_FIRST_PRESENTED" ] ||
  fail "Chromium presented no new frame (presentedFrames $CAM_FIRST_PRESENTED -> $CAM_LAST_PRESENTED)"
# the colour, over the whole frame and in each corner
expect_colours browser.ppm "200 60 40 12" \
  "200 60 40 12 0,0,0.25,0.25" "200 60 40 12 0.75,0,0.25,0.25" \
  "200 60 40 12 0,0.75,0.25,0.25" "200 60 40 12 0.75,0.75,0.25,0.25"
note "browser smoke passed"
