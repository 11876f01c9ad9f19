#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# akvcam format negotiation and `fakecam --check --akvcam` on the real driver,
# reloading akvcam with configs written here:
# - --check tells apart: the module not loaded, a device akvcam did not make,
#   akvcam's capture device given instead of its output, and a v4l2loopback
#   device given with --akvcam; each line says what to do.
# - an output offering YUY2 and RGB24 (akvcam's example) gets RGB24; one
#   offering only BGR24 gets BGR24, and a reader sees the right colours (no
#   red/blue swap); one offering only YUY2 makes fakecam exit 1 with one line
#   naming the formats on offer.
set -eu
# shellcheck source=SCRIPTDIR/../lib.sh
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video20 cap=/dev/video21

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
# check NAME DEVICE: fakecam --check for DEVICE as the akvcam output; its
# output in NAME.txt, its exit status in $check_rc
check() {
  check_rc=0
  "$FAKECAM_BIN" --check -w $cam -W 320 -H 180 -F 5 --akvcam -v "$2" >"$WORK/$1.txt" 2>&1 || check_rc=$?
  note "--check -v $2: exit $check_rc: $(grep -v '^ok: \(input\|model\|background\)' "$WORK/$1.txt" | tr '\n' ' ')"
}
expect_line() {  # FILE LINE: FILE has exactly LINE
  grep -qxF "$2" "$WORK/$1" || fail "$1 lacks the line: $2 (got: $(cat "$WORK/$1"))"
}

# 1. No akvcam module.
check unloaded $out
expect_eq "--check exit status without akvcam" "$check_rc" 1
expect_line unloaded.txt "error: $out: no such device; the akvcam module is not loaded: sudo modprobe akvcam (it makes the devices listed in /etc/akvcam/config.ini; no distribution packages it: build it from webcamoid/akvcam's source)"

# 2. akvcam's example formats: RGB24 and YUY2 on the output.
akvcam_config "$WORK/rgb-yuy2.ini" "RGB24, YUY2" 320x180 5
load_akvcam "$WORK/rgb-yuy2.ini"
check good $out
expect_eq "--check exit status with a good akvcam output" "$check_rc" 0
expect_line good.txt "ok: output: $out (akvcam 'fakecam output (akvcam)') RGB24 320x180 @5"

# 3. The capture device instead of the output.
check capture $cap
expect_eq "--check exit status for the capture device" "$check_rc" 1
expect_line capture.txt "error: $cap is an akvcam capture device ('fakecam (akvcam)'), the one programs read; give fakecam its output device (type = output in $WORK/rgb-yuy2.ini); akvcam output devices here: $out ('fakecam output (akvcam)')"

# 4. A device akvcam did not make, while akvcam is loaded.
check missing /dev/video29
expect_eq "--check exit status for a missing device" "$check_rc" 1
expect_line missing.txt "error: /dev/video29: no such device; akvcam is loaded but its config $WORK/rgb-yuy2.ini made no such device; akvcam output devices here: $out ('fakecam output (akvcam)')"

# 5. A v4l2loopback device with --akvcam.
check loopback /dev/video10
expect_eq "--check exit status for a v4l2loopback device" "$check_rc" 1
expect_line loopback.txt "error: /dev/video10 is a v4l2loopback device ('fakecam'), not akvcam; run without --akvcam to write to it"

# 6. Only BGR24 on the output: fakecam writes BGR24, and the colours are right.
akvcam_config "$WORK/bgr.ini" "BGR24" 320x180 5
load_akvcam "$WORK/bgr.ini"
start_bg fakecam "$FAKECAM_BIN" --akvcam -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#ff0000' \
  --no-ondemand --no-status
fakecam_pid=$BG_PID
wait_for_log "$WORK/fakecam.log" "output: $out" 180
grep -q "output: $out (akvcam 'fakecam output (akvcam)') BGR24 320x180 @5" "$WORK/fakecam.log" ||
  fail "fakecam did not pick BGR24: $(grep 'output:' "$WORK/fakecam.log")"
# The first frames can be the black one written before the webcam's first.
read_frames_ffmpeg $cap 12 'bgr-%d.ppm' -input_format rgb24 -video_size 320x180
expect_colours bgr-12.ppm "255 0 0 30 0.02,0.03,0.18,0.3" "255 0 0 30 0.84,0.03,0.14,0.3"
kill -TERM "$fakecam_pid"
rc=0
wait "$fakecam_pid" || rc=$?
expect_eq "fakecam's exit status after SIGTERM" "$rc" 0

# 7. Only YUY2 on the output: one line naming what is on offer, exit 1.
akvcam_config "$WORK/yuy2.ini" "YUY2" 320x180 5
load_akvcam "$WORK/yuy2.ini"
rc=0
"$FAKECAM_BIN" --akvcam -w $cam -W 320 -H 180 -F 5 -v $out --no-status >"$WORK/yuy2.txt" 2>&1 || rc=$?
expect_eq "fakecam exit status for a YUY2-only output" "$rc" 1
msg="fakecam: $out: akvcam output 'fakecam output (akvcam)' offers only YUYV, and fakecam writes RGB24 or BGR24; give this output a format with formats/N/format = RGB24 in $WORK/yuy2.ini and reload akvcam"
grep -qF "$msg" "$WORK/yuy2.txt" || fail "no one-line error naming the formats: $(cat "$WORK/yuy2.txt")"
note "akvcam formats and --check passed"
