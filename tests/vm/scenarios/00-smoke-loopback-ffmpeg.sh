#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Smoke: ffmpeg writes a test pattern into the v4l2loopback device
# (/dev/video10, exclusive_caps=1, the device fakecam writes to) and an
# ffmpeg reader gets the frames: count, size, format and moving content.
set -eu
# shellcheck source=SCRIPTDIR/../lib.sh
. "$VM_TESTS_DIR/lib.sh"
dev=/dev/video10

expect_eq "card of $dev" "$(v4l2-ctl -d $dev --info | awk -F': ' '/Card type/ { print $2; exit }')" fakecam
# exclusive_caps=1: no capture side until a producer has written a frame
expect_eq "caps of $dev before a producer" "$(device_caps $dev | grep -x 'Video Output')" "Video Output"

feed_lavfi $dev "testsrc2=size=320x240:rate=15"
fmt=$(v4l2-ctl -d $dev --get-fmt-video)
expect_eq "pixel format on $dev" "$(echo "$fmt" | sed -n "s/.*Pixel Format *: '\([^']*\)'.*/\1/p")" YUYV
expect_eq "size on $dev" "$(echo "$fmt" | sed -n 's|.*Width/Height *: *\([0-9]*\)/\([0-9]*\).*|\1x\2|p')" 320x240

read_frames_ffmpeg $dev 10 'loopback-%02d.ppm'
expect_eq "frames read" "$(count_files 'loopback-*.ppm')" 10
expect_eq "size read" "$(ppm_size loopback-10.ppm)" 320x240
# testsrc2 moves every frame: a reader must see new frames, not one repeated
distinct=$(count_distinct_files 'loopback-*.ppm')
[ "$distinct" -ge 5 ] || fail "only $distinct distinct frames of 10 read from $dev"
note "ok: $distinct distinct frames of 10"
note "loopback smoke passed"
