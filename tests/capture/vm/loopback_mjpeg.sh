# SPDX-License-Identifier: GPL-3.0-or-later
# An MJPEG "webcam" emulated with v4l2loopback (vivid has no MJPEG): ffmpeg,
# then capture_probe's own producer, write MJPEG into /dev/video11 and the
# capture layer reads it: TurboJPEG decode, DCT-scaled decode, corrupt frames
# dropped, and what a reader sees when its producer dies. Run inside the guest:
#   sh /work/shared/vm-e2e/run-in-vm.sh WORKDIR 'sh /work/main/tests/capture/vm/loopback_mjpeg.sh'
. "$(dirname "$0")/lib.sh"

CAM=/dev/video11
# A fresh module with a second device, the "webcam" (also works around the
# v4l2loopback 0.12.7 bug that leaves a device unusable after a write()
# producer exits: each producer below gets a freshly loaded module).
reload_loopback() {
  rmmod v4l2loopback 2>/dev/null
  modprobe v4l2loopback devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam || exit 91
}
reload_loopback
# Reading from the 9p work mount can fail in the guest: copy the input first.
cp "$SRC/tests/data/capture/jetty-1920x1080.jpg" /tmp/jetty.jpg
# Encode the 720p frame once; ffmpeg then copies it (re-encoding every frame
# is far too slow under emulation).
ffmpeg -nostdin -v error -i /tmp/jetty.jpg -vf scale=1280:720 -q:v 5 -pix_fmt yuvj422p /tmp/jetty720.jpg || exit 92

step "ffmpeg feeds MJPEG 1280x720 @15"
ffmpeg -nostdin -v error -re -loop 1 -framerate 15 -i /tmp/jetty720.jpg -c:v copy -f v4l2 "$CAM" > /tmp/ffmpeg.log 2>&1 &
ffmpeg_pid=$!
if ! wait_for_capture "$CAM" 60; then
  fail "$CAM never offered capture: $(cat /tmp/ffmpeg.log)"
  finish
fi

check "MJPEG 1280x720 decode" "$PROBE" read "$CAM" --size 1280x720 --fps 15 --frames 6 --expect-size 1280x720 --expect "MJPG 1280x720" --identical
check "MJPEG DCT-scaled to 640x360" "$PROBE" read "$CAM" --size 1280x720 --fps 15 --decode-at-least 640x360 --frames 3 --expect-size 640x360 --expect "decoded at 640x360"
check "MJPEG 1280x720 decode to I420" "$PROBE" read "$CAM" --size 1280x720 --fps 15 --yuv --frames 6 --expect-size 1280x720 --identical
check "MJPEG DCT-scaled to I420 640x360" "$PROBE" read "$CAM" --size 1280x720 --fps 15 --decode-at-least 640x360 --yuv --frames 3 --expect-size 640x360 --expect "decoded at 640x360"
check "MJPEG asked at 1920x1080: nearest is the only mode" "$PROBE" read "$CAM" --size 1920x1080 --fps 30 --frames 2 --expect-size 1280x720

step "the producer dies while we stream"
rm -f /tmp/lost.ready
"$PROBE" until-lost "$CAM" --size 1280x720 --fps 15 --frames 3 --max-wait 6 --ready-file /tmp/lost.ready > /tmp/lost.log 2>&1 &
reader=$!
if wait_for_file /tmp/lost.ready 60; then
  kill "$ffmpeg_pid"
  wait "$reader"
  rc=$?
  cat /tmp/lost.log
  # v4l2loopback keeps the reader's stream open and just stops delivering:
  # timeouts (exit 3), not an error. SupervisedSource's stall timeout
  # covers it. DeviceLost (exit 0) is fine too.
  if [ "$rc" -eq 3 ] || [ "$rc" -eq 0 ]; then pass "producer gone: reader $( [ $rc -eq 3 ] && echo 'times out' || echo 'gets DeviceLost')"; else fail "producer gone: reader exit $rc"; fi
else
  fail "until-lost never got frames: $(cat /tmp/lost.log)"
  kill "$ffmpeg_pid" "$reader" 2>/dev/null
fi
wait 2>/dev/null

step "corrupt MJPEG frames (cut short / scan cut with an end marker) are dropped"
reload_loopback
rm -f /tmp/feed.ready
"$PROBE" feed "$CAM" --jpeg /tmp/jetty.jpg --size 640x360 --fps 10 --hold 90 --corrupt-every 3 --ready-file /tmp/feed.ready > /tmp/feed.log 2>&1 &
feeder=$!
if wait_for_file /tmp/feed.ready 30 && wait_for_capture "$CAM" 60; then
  check "corrupt frames never delivered" "$PROBE" -v 2 read "$CAM" --size 640x360 --fps 10 --frames 15 --expect-size 640x360 --identical 2>/tmp/corrupt.log
  truncated=$(grep -c "dropped a frame: truncated JPEG" /tmp/corrupt.log)
  bad_scan=$(grep "dropped a frame" /tmp/corrupt.log | grep -vc "truncated JPEG")
  grep "dropped a frame" /tmp/corrupt.log | sort | uniq -c | head -5
  if [ "$truncated" -gt 0 ] && [ "$bad_scan" -gt 0 ]; then pass "both kinds of corrupt frame dropped ($truncated cut short, $bad_scan bad scan)"; else fail "corrupt frames seen: $truncated cut short, $bad_scan bad scan"; fi
else
  fail "feeder never started: $(cat /tmp/feed.log)"
fi
kill "$feeder" 2>/dev/null
wait 2>/dev/null

finish
