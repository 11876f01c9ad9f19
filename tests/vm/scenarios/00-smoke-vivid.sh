#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Smoke: the vivid virtual webcam (/dev/video0) delivers frames at the size
# asked for, by mmap streaming (v4l2-ctl, RGB24) and through ffmpeg (YUYV),
# and they hold vivid's 75% colour bars. Proves the guest, vivid, v4l2-ctl,
# ffmpeg and pixels.py work before any fakecam scenario relies on them.
set -eu
# shellcheck source=SCRIPTDIR/../lib.sh
. "$VM_TESTS_DIR/lib.sh"
dev=/dev/video0

info=$(v4l2-ctl -d $dev --info)
expect_eq "driver of $dev" "$(echo "$info" | awk -F': ' '/Driver name/ { print $2; exit }')" vivid
expect_eq "caps of $dev" "$(device_caps $dev | grep -x 'Video Capture')" "Video Capture"

# 3 frames of 640x360 RGB24 by mmap streaming: exactly 3 * 640 * 360 * 3 bytes
v4l2-ctl -d $dev --set-fmt-video=width=640,height=360,pixelformat=RGB3 \
  --stream-mmap --stream-count=3 --stream-to=mmap.rgb
expect_eq "bytes streamed by v4l2-ctl" "$(stat -c %s mmap.rgb)" $((3 * 640 * 360 * 3))
{ printf 'P6\n640 360\n255\n'; tail -c $((640 * 360 * 3)) mmap.rgb; } > mmap.ppm

# 5 frames of 320x180 YUYV through ffmpeg: a different size, honoured too
read_frames_ffmpeg $dev 5 'ffmpeg-%d.ppm' -input_format yuyv422 -video_size 320x180 -framerate 25
expect_eq "frames read by ffmpeg" "$(count_files 'ffmpeg-*.ppm')" 5
expect_eq "size read by ffmpeg" "$(ppm_size ffmpeg-5.ppm)" 320x180
# vivid draws a frame counter, so every frame differs from the others
expect_eq "distinct frames" "$(count_distinct_files 'ffmpeg-*.ppm')" 5

# 75% colour bars, sampled on the bottom rows (vivid's text covers the top):
# white yellow cyan green magenta red blue black, 1/8 of the width each
expect_bars() { # FILE WIDTH HEIGHT
  file=$1 w=$2 h=$3 bar=0
  set --
  for rgb in "188 188 188" "188 188 0" "0 188 188" "0 188 0" "188 0 188" "188 0 0" "0 0 188" "0 0 0"; do
    set -- "$@" "$rgb 24 $(( bar * w / 8 + w / 32 )),$(( h * 88 / 100 )),$(( w / 16 )),$(( h / 12 ))"
    bar=$((bar + 1))
  done
  expect_colours "$file" "$@"
}
expect_bars mmap.ppm 640 360
expect_bars ffmpeg-5.ppm 320 180
note "vivid smoke passed"
