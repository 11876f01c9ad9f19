#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# `fakecam ctl` switches the background of a running fakecam and the reader
# sees the new background within 1 s of fakecam accepting the request.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video10

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
start_bg fakecam "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#00ff00' --no-ondemand --no-status
wait_for_capture_device $out 120
wait_for_log "$WORK/fakecam.log" 'control: fakecam ctl' 60
# Read for 30 s (and until 3 s after the ctl command returned); after 8 s ask
# for a blue background.
python3 "$VM_TESTS_DIR/frame_reader.py" $out 320x180 --seconds 30 --probe 8,8 --ctl-at 8 \
  --ctl "$FAKECAM_BIN" ctl background colour '#0000ff' >"$WORK/frames.tsv"
grep '^ctl' "$WORK/frames.tsv" | { read -r _ start end rc; expect_eq "fakecam ctl exit status" "$rc" 0; }
# Green has V well below 128 and blue has U well above: find the first blue frame.
result=$(awk '
  $1 == "ctl" { start = $2; end = $3; next }
  end && !seen && $3 > 200 { seen = $1 }
  END { if (!seen) print "none"; else printf "%.3f %.3f", seen - end, seen - start }' "$WORK/frames.tsv")
[ "$result" != none ] || fail "the reader never saw a blue background: $(tail -n 5 "$WORK/frames.tsv")"
set -- $result
note "blue background seen $1 s after fakecam answered the request ($2 s after the ctl command started)"
awk -v d="$1" 'BEGIN { exit !(d <= 1.0) }' || fail "the new background took $1 s to reach the reader"
# Before the request the probe was green (U low).
head -n 3 "$WORK/frames.tsv" | awk '$3 > 100 { exit 1 }' || fail "the background was not green before the request"
note "ctl background switch passed"
