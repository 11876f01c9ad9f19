#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# A program probing the virtual camera (open/close 20 times in 10 s, as
# conferencing apps do) while another reader streams: the streaming reader
# gets every frame on time (no gap longer than 2 frame periods), no image is
# reloaded, and the webcam is not reopened.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video10

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
start_bg fakecam "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#ff0000' --no-status --verbose
wait_for_capture_device $out 120
# The streaming reader starts (it runs until killed); composed frames (the
# red background: V of the probe pixel above 200, black is 128) reach it.
# Whether the webcam opened at start-up is kept or released and reopened
# depends on how soon the reader comes (the idle grace), so webcam opens are
# counted by the line every open logs, "capturing from".
python3 "$VM_TESTS_DIR/frame_reader.py" $out 320x180 --seconds 600 >"$WORK/stream.tsv" &
reader=$!
wait_for_log "$WORK/stream.tsv" ' 2[0-9][0-9]$' 120
sleep 3
events='capturing from|input is back|input released|reloading|reloaded'
before=$(grep -cE "$events" "$WORK/fakecam.log" || true)
# The prober: 20 opens and closes in 10 s. The window it covers, on the
# readers' clock (CLOCK_MONOTONIC), is what the checks below look at, so a
# slow start of the guest cannot shift it.
python3 - $out >"$WORK/probe-window" <<'PY'
import os, sys, time
start = time.monotonic()
for i in range(20):
    fd = os.open(sys.argv[1], os.O_RDWR)
    time.sleep(0.1)
    os.close(fd)
    time.sleep(0.4)
print(f"{start:.4f} {time.monotonic():.4f}")
PY
sleep 1
after=$(grep -cE "$events" "$WORK/fakecam.log" || true)
kill "$reader" 2>/dev/null || true
wait "$reader" 2>/dev/null || true
expect_eq "webcam (re)opens, releases or reloads during the probing" "$after" "$before"
read -r w0 w1 < "$WORK/probe-window"
# Frames whose arrival falls in the probing window (plus the frame before it,
# so the first gap is measured too).
awk -v a="$w0" -v b="$w1" '$1 >= a && $1 <= b { if (!n++ && prev != "") print prev; print; next } { prev = $0 }' \
  "$WORK/stream.tsv" > "$WORK/window.tsv"
frames=$(wc -l < "$WORK/window.tsv")
span=$(awk -v a="$w0" -v b="$w1" 'BEGIN { printf "%.1f", b - a }')
note "streaming reader got $frames frames during the $span s of probing"
awk -v f="$frames" -v s="$span" 'BEGIN { exit !(f >= s * 5 * 0.8) }' || fail "too few frames: $frames in $span s at 5 fps"
# Largest gap between frames: at most 2 frame periods (2 x 200 ms).
gap=$(awk 'NR > 1 { d = $1 - prev; if (d > max) max = d } { prev = $1 } END { printf "%.3f", max }' "$WORK/window.tsv")
note "largest gap between frames while probing: $gap s"
awk -v g="$gap" 'BEGIN { exit !(g <= 0.4) }' || fail "a gap of $gap s (more than 2 frame periods)"
# The webcam opens once at start-up (the check before "running:"), and at
# most once more: for the streaming reader, when the start-up handle was
# released before that reader came. Opens during the probing are checked above.
awk '/running:/ { r = 1 } /capturing from/ { if (r) later++; else first++ }
     END { printf "%d %d\n", first, later }' "$WORK/fakecam.log" | {
  read -r first later
  expect_eq "webcam opens at start-up" "$first" 1
  note "webcam opens after start-up: $later"
  [ "$later" -le 1 ] || fail "the webcam opened $later times after start-up (at most once, for the streaming reader)"
}
note "probing reader passed"
