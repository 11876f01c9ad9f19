#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# A webcam that is not there at start-up (a phone app's v4l2loopback camera
# not started yet, a USB camera enumerated late, a node that does not exist
# yet) is waited for with one line, as after an unplug; when it appears the
# virtual camera shows the composed picture. --check still fails meanwhile.
# With no -v fakecam writes to the device labelled fakecam.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
# SIGTERM quits fakecam (SIGINT reloads its images).
quit() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
cam=/dev/video11 out=/dev/video10

rc=0
timeout 120 "$FAKECAM_BIN" --check -w $cam -W 320 -H 180 >"$WORK/check.out" 2>&1 || rc=$?
expect_eq "--check without the webcam: exit status" "$rc" 1
grep -qF "ok: virtual camera: no -v given, using $out" "$WORK/check.out" || fail "no default device line: $(cat "$WORK/check.out")"

# A node that does not exist: waited for, not an exit.
start_bg missing "$FAKECAM_BIN" -w /dev/video99 -W 320 -H 180 -F 5 -v $out --no-status --no-ondemand
missing=$BG_PID
wait_for_log "$WORK/missing.log" '/dev/video99: no such device.*waiting for it' 120
wait_for_log "$WORK/missing.log" 'running:' 60
kill -0 "$missing" 2>/dev/null || fail "fakecam exited without its webcam: $(tail -n 3 "$WORK/missing.log")"
quit "$missing"
note "missing node: fakecam waited"

# The phone-app case: the loopback webcam exists but has no producer yet. No -v.
start_bg fakecam "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 --background-colour '#ff0000' --no-status --no-ondemand
fakecam_pid=$BG_PID
wait_for_log "$WORK/fakecam.log" "$cam.*waiting for it" 120
grep -qF "no -v given: writing to $out" "$WORK/fakecam.log" || fail "no default device line: $(head -n 5 "$WORK/fakecam.log")"
expect_eq "waiting lines" "$(grep -c 'waiting for it' "$WORK/fakecam.log")" 1
feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
wait_for_log "$WORK/fakecam.log" 'input is back' 120
kill -0 "$fakecam_pid" 2>/dev/null || fail "fakecam exited: $(tail -n 3 "$WORK/fakecam.log")"
python3 "$VM_TESTS_DIR/frame_reader.py" $out 320x180 --seconds 120 >"$WORK/stream.tsv" &
reader=$!
wait_for_log "$WORK/stream.tsv" ' 2[0-9][0-9]$' 120
kill "$reader" 2>/dev/null || true
note "webcam that appears later passed"
