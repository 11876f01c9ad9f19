#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm AKVCAM_CONFIG=../akvcam/pair.ini
# vivid -> fakecam --akvcam (on demand, the default) -> akvcam: with no reader
# of the capture device /dev/video21 fakecam keeps the webcam closed; an ffmpeg
# reader opening it wakes fakecam, which then delivers composed frames; fakecam
# is stopped and started again (another background colour) while that reader
# stays open, and the reader carries on and gets the new fakecam's frames;
# when the reader leaves, fakecam releases the webcam again.
set -eu
# shellcheck source=SCRIPTDIR/../lib.sh
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video0 out=/dev/video20 cap=/dev/video21

start_fakecam() {  # NAME COLOUR
  start_bg "$1" "$FAKECAM_BIN" --akvcam -w $cam -W 320 -H 180 -F 5 -v $out --background-colour "$2" --no-status
  fakecam_pid=$BG_PID
}
frames_read() { sed -n 's/^frame=\([0-9]*\)/\1/p' "$WORK/progress.txt" 2>/dev/null | tail -1; }
# wait_frames_past N T: the reader got more than N frames within T s
wait_frames_past() {
  end=$(( $(date +%s) + $2 ))
  until [ "$(frames_read || true)" -gt "$1" ] 2>/dev/null; do
    [ "$(date +%s)" -lt "$end" ] || fail "the reader got no frame past $1 in $2 s (at $(frames_read))"
    sleep 0.5
  done
}
# wait_last_colour R G B T: the reader's latest frame has that background
# colour in both top corners within T s
wait_last_colour() {
  end=$(( $(date +%s) + $4 ))
  until cp last.ppm check.ppm 2>/dev/null && python3 "$VM_TESTS_DIR/pixels.py" expect check.ppm \
          "$1 $2 $3 30 0.02,0.3,0.15,0.3" "$1 $2 $3 30 0.83,0.3,0.15,0.3" >"$WORK/colour.log" 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || fail "no $1 $2 $3 background in $4 s: $(cat "$WORK/colour.log")"
    sleep 1
  done
}

start_fakecam fakecam1 '#ff0000'
wait_for_log "$WORK/fakecam1.log" "output: $out" 180
wait_for_log "$WORK/fakecam1.log" 'input released' 120
process_holds "$fakecam_pid" $cam && fail "fakecam holds the webcam with no reader"
note "no reader of $cap: the webcam is closed"

# One reader for the rest of the scenario: the latest frame in last.ppm, the
# count in progress.txt.
start_bg reader ffmpeg -nostdin -loglevel error -f v4l2 -input_format yuyv422 -video_size 320x180 -i $cap \
  -fps_mode passthrough -r 100 -progress "$WORK/progress.txt" -stats_period 0.5 -f image2 -update 1 -y last.ppm
reader_pid=$BG_PID
wait_for_log "$WORK/fakecam1.log" 'reading the virtual camera: resuming' 60
process_holds "$fakecam_pid" $cam || fail "fakecam did not open the webcam for the reader"
wait_last_colour 255 0 0 120
note "the reader sees fakecam's red background"

kill -TERM "$fakecam_pid"
rc=0
wait "$fakecam_pid" || rc=$?
expect_eq "first fakecam's exit status after SIGTERM" "$rc" 0
kill -0 "$reader_pid" 2>/dev/null || fail "the reader died when fakecam stopped: $(cat "$WORK/reader.log")"
before=$(frames_read)
note "fakecam stopped; the reader is still open at frame $before"

start_fakecam fakecam2 '#00ff00'
wait_for_log "$WORK/fakecam2.log" "output: $out" 180
wait_frames_past "$before" 60
wait_last_colour 0 255 0 120
kill -0 "$reader_pid" 2>/dev/null || fail "the reader died across the restart: $(cat "$WORK/reader.log")"
# The new fakecam counted the reader that was there before it: it never idled.
grep -q 'input released' "$WORK/fakecam2.log" && fail "the restarted fakecam did not see the open reader"
note "the same reader gets the restarted fakecam's green background (frame $(frames_read))"

stop_bg "$reader_pid" 10 || true
wait_for_log "$WORK/fakecam2.log" 'input released' 60
process_holds "$fakecam_pid" $cam && fail "fakecam still holds the webcam after the reader left"
note "reader gone: the webcam is released"
kill -TERM "$fakecam_pid"
rc=0
wait "$fakecam_pid" || rc=$?
expect_eq "second fakecam's exit status after SIGTERM" "$rc" 0
cp last.ppm "$WORK/akvcam-frame.ppm"
note "akvcam on demand and restart passed"
