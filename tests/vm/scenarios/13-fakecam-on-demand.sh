#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# On demand: with no reader the webcam is closed; when a reader opens the
# virtual camera the webcam is opened within 2 s and frames flow; when the
# reader goes, the webcam is released again (after the grace time).
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video10

holds() { process_holds "$fakecam_pid" "$1"; }
wait_released() {
  end=$(( $(date +%s) + $1 ))
  while holds $cam; do
    [ "$(date +%s)" -lt "$end" ] || fail "fakecam still holds $cam after $1 s without readers"
    sleep 0.2
  done
}

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
start_bg fakecam "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#ff0000' --no-status
fakecam_pid=$BG_PID
wait_for_capture_device $out 120
wait_released 60
note "no reader: the webcam is closed"
wait_for_log "$WORK/fakecam.log" 'input released' 5

# A reader opens the virtual camera; measure until fakecam opens the webcam.
python3 - "$out" "$cam" "$fakecam_pid" >"$WORK/reader.log" 2>&1 <<'PY' &
import os, sys, time
out, cam, pid = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.environ["VM_TESTS_DIR"])
from proc_fds import holds as process_holds
def holds(): return process_holds(pid, cam)
fd = os.open(out, os.O_RDWR)
t0 = time.monotonic()
while not holds():
    if time.monotonic() - t0 > 30: print("never opened"); sys.exit(1)
    time.sleep(0.02)
print(f"webcam opened {time.monotonic() - t0:.2f} s after the reader")
sys.stdout.flush()
# keep the device open while ffmpeg reads, then let go
while not os.path.exists("/tmp/work/reader.done"): time.sleep(0.1)
os.close(fd)
PY
reader_pid=$!
wait_for_log "$WORK/reader.log" 'webcam opened' 60
delay=$(sed -n 's/webcam opened \([0-9.]*\) s.*/\1/p' "$WORK/reader.log")
note "webcam opened $delay s after a reader appeared"
awk -v d="$delay" 'BEGIN { exit !(d <= 2.0) }' || fail "the webcam was opened only $delay s after a reader appeared (limit 2 s)"
read_frames_ffmpeg $out 4 'on-%d.ppm' -input_format yuyv422
# live frames with the red background, not the idle black frame
expect_colours on-4.ppm "255 0 0 20 0.02,0.03,0.18,0.3"
touch "$WORK/reader.done"
wait "$reader_pid" || fail "the reader script failed: $(cat "$WORK/reader.log")"
# No reader any more: released after the grace time (5 s) plus the checks.
wait_released 30
note "reader gone: the webcam is released again"
# and fakecam keeps a frame on the device for the next reader (black at 1 fps)
read_frames_ffmpeg $out 1 'idle-%d.ppm' -input_format yuyv422
expect_colours idle-1.ppm "0 0 0 20"
note "on-demand passed"
