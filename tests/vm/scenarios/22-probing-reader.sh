#!/bin/sh
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
# The streaming reader starts; the processing resumes.
python3 "$VM_TESTS_DIR/frame_reader.py" $out 320x180 --seconds 16 >"$WORK/stream.tsv" &
reader=$!
wait_for_log "$WORK/fakecam.log" 'reading the virtual camera: resuming|input opened' 60
sleep 3
before=$(grep -cE 'input opened|input is back|input released|reload' "$WORK/fakecam.log" || true)
# The prober: 20 opens and closes in 10 s.
python3 - $out <<'PY'
import os, sys, time
for i in range(20):
    fd = os.open(sys.argv[1], os.O_RDWR)
    time.sleep(0.1)
    os.close(fd)
    time.sleep(0.4)
PY
wait "$reader" || fail "the streaming reader failed"
after=$(grep -cE 'input opened|input is back|input released|reload' "$WORK/fakecam.log" || true)
expect_eq "webcam (re)opens, releases or reloads during the probing" "$after" "$before"
frames=$(wc -l < "$WORK/stream.tsv")
note "streaming reader got $frames frames in 16 s"
[ "$frames" -ge 60 ] || fail "too few frames: $frames (5 fps for 16 s)"
# Largest gap between frames: at most 2 frame periods (2 x 200 ms).
gap=$(awk 'NR > 1 { d = $1 - prev; if (d > max) max = d } { prev = $1 } END { printf "%.3f", max }' "$WORK/stream.tsv")
note "largest gap between frames: $gap s"
awk -v g="$gap" 'BEGIN { exit !(g <= 0.4) }' || fail "a gap of $gap s (more than 2 frame periods)"
note "probing reader passed"
