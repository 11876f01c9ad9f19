#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_VERSION=0.13
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
# v4l2loopback 0.13 (bookworm-backports): fakecam counts readers with the
# driver's client-usage event, so a program that keeps the virtual camera open
# without streaming (a device list, a settings dialog) does not wake the
# webcam; a streaming reader does, and its leaving releases the webcam again.
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video10

holds() { process_holds "$fakecam_pid" "$1"; }

feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 320x180 5
start_bg fakecam "$FAKECAM_BIN" -w $cam -W 320 -H 180 -F 5 -v $out --background-colour '#ff0000' --no-status
fakecam_pid=$BG_PID
wait_for_capture_device $out 120
wait_for_log "$WORK/fakecam.log" "client-usage event" 30
note "fakecam uses the client-usage event: $(grep -m1 'client-usage' "$WORK/fakecam.log")"
wait_for_log "$WORK/fakecam.log" 'input released' 60

# A program holds the virtual camera open for 4 s without streaming; check
# every 0.1 s that fakecam never opens the webcam meanwhile.
python3 - "$out" "$cam" "$fakecam_pid" >"$WORK/holder.log" 2>&1 <<'PY' || fail "the webcam was opened for a non-streaming opener: $(cat "$WORK/holder.log")"
import os, sys, time
out, cam, pid = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.environ["VM_TESTS_DIR"])
from proc_fds import holds as process_holds
def holds(): return process_holds(pid, cam)
fd = os.open(out, os.O_RDWR)
t0 = time.monotonic()
while time.monotonic() - t0 < 4:
    if holds(): print("webcam opened while nobody streamed"); sys.exit(1)
    time.sleep(0.1)
os.close(fd)
print("held the device 4 s: webcam stayed closed")
PY
note "$(cat "$WORK/holder.log")"
if holds $cam; then fail "fakecam holds $cam although nobody streamed"; fi

# A streaming reader: live frames with the red background.
read_frames_ffmpeg $out 4 'on-%d.ppm' -input_format yuyv422
expect_colours on-4.ppm "255 0 0 20 0.02,0.03,0.18,0.3"
grep -q 'input opened' "$WORK/fakecam.log" || fail "no 'input opened' in the log"
# The reader left: released after the grace time.
end=$(( $(date +%s) + 30 ))
while holds $cam; do
  [ "$(date +%s)" -lt "$end" ] || fail "fakecam still holds $cam 30 s after the reader left"
  sleep 0.2
done
note "client-usage on-demand passed"
