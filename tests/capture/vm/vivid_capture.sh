# SPDX-License-Identifier: GPL-3.0-or-later
# Real-driver capture from vivid (/dev/video0, raw formats only) and the
# errors for nodes that are not usable cameras. Run inside the guest:
#   sh /work/shared/vm-e2e/run-in-vm.sh WORKDIR 'sh /work/main/tests/capture/vm/vivid_capture.sh'
. "$(dirname "$0")/lib.sh"

step "auto format at 640x480@25: vivid has no MJPEG, so YUYV"
check "vivid YUYV 640x480" "$PROBE" read /dev/video0 --size 640x480 --fps 25 --frames 8 --expect-size 640x480 --expect "YUYV 640x480 @25"

for fmt in NV12 UYVY BGR3; do
  step "requested $fmt"
  check "vivid $fmt 320x180" "$PROBE" read /dev/video0 --size 320x180 --fps 25 --format "$fmt" --frames 4 --expect-size 320x180 --expect "$fmt 320x180"
done

step "raw formats delivered as I420 (WebcamOptions::yuv), rearranged by libyuv"
for fmt in YUYV NV12 UYVY; do
  check "vivid $fmt as I420 320x180" "$PROBE" read /dev/video0 --size 320x180 --fps 25 --format "$fmt" --yuv --frames 3 --expect-size 320x180 --expect "$fmt 320x180"
done

step "no exact mode: 1000x700@30 -> the smallest larger size, 1280x720, at vivid's fastest rate there"
check "vivid nearest mode" "$PROBE" read /dev/video0 --size 1000x700 --fps 30 --frames 2 --expect-size 1280x720 --expect "YUYV 1280x720"

step "DCT-scaling hint is ignored for raw formats"
check "vivid decode hint" "$PROBE" read /dev/video0 --size 640x480 --fps 25 --decode-at-least 320x240 --frames 2 --expect-size 640x480

step "frames the driver flags as corrupt (V4L2_BUF_FLAG_ERROR) are dropped, the stream goes on"
rm -f /tmp/flagged.ready
"$PROBE" -v 2 read /dev/video0 --size 320x180 --fps 25 --frames 80 --expect-size 320x180 --ready-file /tmp/flagged.ready 2>/tmp/flagged.log &
reader=$!
wait_for_file /tmp/flagged.ready 60 || fail "no first frame"
for i in 1 2 3 4 5; do v4l2-ctl -d /dev/video0 -c inject_v4l2_buf_flag_error=1 2>/dev/null; sleep 0.2; done
wait "$reader"
rc=$?
if [ "$rc" -eq 0 ]; then pass "vivid flagged frames: stream goes on"; else fail "vivid flagged frames: reader exit $rc"; fi
dropped=$(grep -c "dropped a frame: the driver flagged it as corrupt" /tmp/flagged.log)
if [ "$dropped" -gt 0 ]; then pass "vivid flagged frames dropped ($dropped)"; else fail "no flagged frame was seen/dropped"; fi

step "not a capture device: v4l2loopback without a producer"
check "loopback output node" "$PROBE" expect-error /dev/video10 --expect "not a video capture device"
step "no such device"
check "missing node" "$PROBE" expect-error /dev/video99 --expect "no such device"
step "not a V4L2 node"
check "/dev/null" "$PROBE" expect-error /dev/null --expect "not a video device"

step "busy: another process streams from the camera"
rm -f /tmp/hold.ready
"$PROBE" hold /dev/video0 --size 640x480 --fps 25 --hold 30 --ready-file /tmp/hold.ready > /tmp/hold.log 2>&1 &
holder=$!
if wait_for_file /tmp/hold.ready 60; then
  check "busy device" "$PROBE" expect-error /dev/video0 --size 640x480 --expect "busy"
else
  fail "the holding process never streamed: $(cat /tmp/hold.log)"
fi
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

step "permission denied: the node is root-only and the probe runs as nobody"
chmod 600 /dev/video0
check "permission denied" setpriv --reuid=65534 --regid=65534 --clear-groups "$PROBE" expect-error /dev/video0 --expect "sudo usermod -aG video"
chmod 660 /dev/video0

finish
