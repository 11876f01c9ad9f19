#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_VERSION=0.13
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# v4l2loopback 0.13 reports only streaming readers to fakecam's on-demand
# watch: a program that reads with read() is never seen. fakecam says so in
# one line at start-up, naming the way out (--no-ondemand), and that line is
# true: on demand such a reader gets black frames; with --no-ondemand it gets
# the composed picture.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
# SIGTERM quits fakecam (SIGINT reloads its images).
quit() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
cam=/dev/video11 out=/dev/video10

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
start_bg fakecam "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#ff0000' --no-status
fakecam_pid=$BG_PID
wait_for_log "$WORK/fakecam.log" 'client-usage event' 120
line=$(grep -m1 'client-usage event' "$WORK/fakecam.log")
note "start-up line: $line"
case $line in
  *"read()"*"--no-ondemand"*) ;;
  *) fail "the start-up line does not say which readers on-demand misses and how to switch it off" ;;
esac
wait_for_log "$WORK/fakecam.log" 'input released' 60

# A read() reader on demand: black frames (V = 128), as the line says.
python3 "$VM_TESTS_DIR/frame_reader.py" $out 320x180 --frames 3 >"$WORK/ondemand.tsv" || fail "read() reader got no frames"
note "read() reader on demand: $(tail -n 1 "$WORK/ondemand.tsv")"
awk '{ if ($4 > 140) bad = 1 } END { exit bad }' "$WORK/ondemand.tsv" ||
  fail "the read() reader woke on-demand after all; the start-up line would be wrong"
quit "$fakecam_pid"

# The way out the line names: --no-ondemand, and the reader gets the picture.
start_bg fakecam2 "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#ff0000' --no-status --no-ondemand
if grep -q 'client-usage' "$WORK/fakecam2.log"; then fail "--no-ondemand still describes on-demand readers"; fi
python3 "$VM_TESTS_DIR/frame_reader.py" $out 320x180 --seconds 120 >"$WORK/always.tsv" &
reader=$!
wait_for_log "$WORK/always.tsv" ' 2[0-9][0-9]$' 120
kill "$reader" 2>/dev/null || true
note "read() reader with --no-ondemand: $(tail -n 1 "$WORK/always.tsv")"
note "read() reader on 0.13 passed"
