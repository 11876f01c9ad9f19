#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm VM_MEM=4096
#vm VM_TIMEOUT=1500
#vm LOOPBACK_OPTS=devices=1 exclusive_caps=1 video_nr=11 card_label=webcam
#vm AKVCAM_CONFIG=../akvcam/pair.ini
# The real akvcam driver end to end: a photo of a person played as a webcam
# -> fakecam --akvcam writing akvcam's OUTPUT device /dev/video20 -> the
# CAPTURE device /dev/video21 it is connected to, read by ffmpeg and by
# headless Chromium (getUserMedia). Both see the composed picture (background
# replaced, person kept) at the size and rate asked for; fakecam runs on
# demand and wakes when a reader opens the capture device (the node programs
# read, not the one fakecam writes). The frame ffmpeg got is kept as
# work/akvcam-frame.ppm.
set -eu
# shellcheck source=SCRIPTDIR/../lib.sh
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video20 cap=/dev/video21

expect_eq "akvcam output caps" "$(device_caps $out | tr '\n' ' ')" "Video Output Read/Write Streaming Extended Pix Format "
expect_eq "akvcam capture caps" "$(device_caps $cap | tr '\n' ' ')" "Video Capture Read/Write Streaming Extended Pix Format "
feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
start_bg fakecam "$FAKECAM_BIN" --akvcam -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#3050c8' --no-status
wait_for_log "$WORK/fakecam.log" "output: $out" 180
grep -q "output: $out (akvcam 'fakecam output (akvcam)') RGB24 320x180 @5" "$WORK/fakecam.log" ||
  fail "fakecam did not report RGB24 320x180 @5 on the akvcam output: $(grep 'output:' "$WORK/fakecam.log")"
grep -q "readers counted by watching opens of its capture device $cap" "$WORK/fakecam.log" ||
  fail "fakecam does not watch the akvcam capture device for readers"

# Opening the capture device is what wakes fakecam (this shell holds it open
# from here on, so that fakecam stays awake between the short readers below).
# First let it go idle: a reader that comes within the start-up grace finds
# the webcam still open, and no "resuming" is logged.
wait_for_log "$WORK/fakecam.log" 'input released, idling' 120
exec 3<$cap
wait_for_log "$WORK/fakecam.log" 'reading the virtual camera: resuming' 60
# ffmpeg on the capture device, in the format most apps ask for (YUYV). The
# first frames after waking can be the idle black one: read until a composed
# frame arrives, the replaced background (RGB 48 80 200) in both top corners.
end=$(( $(date +%s) + 180 ))
n=0
until [ -f ff-4.ppm ] && python3 "$VM_TESTS_DIR/pixels.py" expect ff-4.ppm \
        "48 80 200 18 0.02,0.03,0.18,0.3" "48 80 200 18 0.84,0.03,0.14,0.3" >"$WORK/colour.log" 2>&1; do
  [ "$(date +%s)" -lt "$end" ] || fail "no composed frame from $cap in 180 s: $(cat "$WORK/colour.log")"
  n=$((n + 1)) && rm -f ff-*.ppm
  read_frames_ffmpeg $cap 4 'ff-%d.ppm' -input_format yuyv422 -video_size 320x180
done
note "ffmpeg read a composed frame after $n read(s)"
expect_eq "ffmpeg frames read" "$(count_files 'ff-*.ppm')" 4
expect_eq "ffmpeg frame size" "$(ppm_size ff-4.ppm)" 320x180
# The person is kept: the middle is not the background colour.
# shellcheck disable=SC2046 # three numbers
set -- $(mean_colour ff-4.ppm 0.38,0.2,0.18,0.22)
note "ffmpeg: face region mean RGB $1 $2 $3"
awk -v r="$1" -v g="$2" -v b="$3" 'BEGIN { exit !(b - (r + g) / 2 < 80) }' ||
  fail "the person region looks like the background: $1 $2 $3"
cp ff-4.ppm akvcam-frame.ppm
# The capture device runs at the size and rate fakecam was asked for.
fmt=$(v4l2-ctl -d $cap --get-fmt-video)
expect_eq "capture size" "$(echo "$fmt" | sed -n 's|.*Width/Height *: *\([0-9]*\)/\([0-9]*\).*|\1x\2|p')" 320x180
# The rate: what the capture device offers at that size, where browsers pick
# a mode (ENUM_FRAMEINTERVALS; akvcam's G_PARM reports rates inverted and
# keeps the previous format's rate after a reader's S_FMT, so it is no guide).
intervals=$(v4l2-ctl -d $cap --list-frameintervals width=320,height=180,pixelformat=YUYV | grep Interval)
expect_eq "capture rate at 320x180" "$(echo "$intervals" | sed -n 's/.*(\([0-9.]*\) fps).*/\1/p')" 5.000

# Chromium picks the camera by its label, as a video-call page does.
browser_read_camera "fakecam (akvcam)" browser --width 320 --height 180 --frames 8
expect_eq "camera label" "$CAM_LABEL" "fakecam (akvcam)"
expect_eq "Chromium frame size" "${CAM_WIDTH}x$CAM_HEIGHT" 320x180
expect_colours browser.ppm "48 80 200 18 0.02,0.03,0.18,0.3" "48 80 200 18 0.84,0.03,0.14,0.3"
# shellcheck disable=SC2046 # three numbers
set -- $(mean_colour browser.ppm 0.38,0.2,0.18,0.22)
note "Chromium: face region mean RGB $1 $2 $3"
awk -v r="$1" -v g="$2" -v b="$3" 'BEGIN { exit !(b - (r + g) / 2 < 80) }' ||
  fail "Chromium: the person region looks like the background: $1 $2 $3"
note "akvcam: ffmpeg and Chromium see the composed picture"
