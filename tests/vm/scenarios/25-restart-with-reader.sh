#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# Restarting fakecam while a program still reads the virtual camera
# (v4l2loopback 0.12.7, exclusive_caps=1): between the two runs the device
# offers capture and output at once, which looks like exclusive_caps=0, but
# the module was loaded with exclusive_caps=1 and sysfs says so. The second
# fakecam must not tell the user to reload the module (that would end the
# call), and must take over the reader with composed frames.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
# SIGTERM quits fakecam (SIGINT reloads its images).
quit() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
cam=/dev/video11 out=/dev/video10

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
start_bg fakecam1 "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#ff0000' --no-status
first=$BG_PID
wait_for_capture_device $out 120
# The reader (read() based) keeps the device open across the restart.
python3 "$VM_TESTS_DIR/frame_reader.py" $out 320x180 --seconds 600 >"$WORK/stream.tsv" 2>"$WORK/reader.err" &
reader=$!
wait_for_log "$WORK/stream.tsv" ' 2[0-9][0-9]$' 120
note "the reader gets composed frames (red background)"
quit "$first"

# The state that misled the old check: capture and output offered together.
caps=$(device_caps $out)
note "caps between the runs: $(echo "$caps" | tr '\n' ' ')"
echo "$caps" | grep -q 'Video Capture' && echo "$caps" | grep -q 'Video Output' ||
  fail "the reader no longer holds the device in the misleading state (caps: $caps)"
expect_eq "exclusive_caps in sysfs" "$(cut -d, -f1 /sys/module/v4l2loopback/parameters/exclusive_caps)" Y

rc=0
timeout 120 "$FAKECAM_BIN" --check -w $cam -W 320 -H 180 -v $out >"$WORK/check.out" 2>&1 || rc=$?
if grep -q 'exclusive_caps' "$WORK/check.out"; then fail "--check gives false advice: $(grep exclusive_caps "$WORK/check.out")"; fi
note "--check (exit $rc) says nothing about exclusive_caps"

lines_before=$(wc -l < "$WORK/stream.tsv")
start_bg fakecam2 "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#ff0000' --no-status
wait_for_log "$WORK/fakecam2.log" 'running:' 120
if grep -q 'exclusive_caps' "$WORK/fakecam2.log"; then fail "false advice at start-up: $(grep exclusive_caps "$WORK/fakecam2.log")"; fi
# The same reader gets composed frames from the second fakecam.
end=$(( $(date +%s) + 120 ))
until tail -n +"$((lines_before + 1))" "$WORK/stream.tsv" | grep -q ' 2[0-9][0-9]$'; do
  [ "$(date +%s)" -lt "$end" ] || fail "the reader got no composed frame from the second fakecam"
  kill -0 "$reader" 2>/dev/null || fail "the reader stopped: $(cat "$WORK/reader.err")"
  sleep 0.5
done
kill "$reader" 2>/dev/null || true
note "restart with a reader passed: no exclusive_caps advice, the reader kept getting frames"
