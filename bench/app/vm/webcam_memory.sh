#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#vm LOOPBACK_OPTS=devices=2 exclusive_caps=1,1 video_nr=10,11 card_label=fakecam,webcam
#vm VIVID_OPTS=off
# Peak resident memory of fakecam reading a real V4L2 webcam (an MJPEG
# 1280x720 feed on a loopback device, in the test guest: the host has no
# V4L2), for the default effect (blur) and an image background, with the
# number of shared libraries mapped. A measurement, not a test: it prints.
#   sh tests/vm/run-scenarios.sh bench/app/vm/webcam_memory.sh
#   grep webcam_memory .vm/results/*/console.log
# (bench/app/running_costs.sh measures CPU on the host from a file, which
# loads FFmpeg; a webcam with blur or a colour never does.)
set -eu
. "$VM_TESTS_DIR/lib.sh"
need_fakecam
cam=/dev/video11 out=/dev/video10
feed_mjpeg_webcam "$FAKECAM_TEST_DATA/selfie-ref/landscape/grace_hopper.png" $cam 1280x720 10
for effect in blur image; do
  if [ $effect = image ]; then set -- -b "$FAKECAM_SOURCE_DIR/samples/background.jpg"; else set -- --blur; fi
  "$FAKECAM_BIN" -w $cam -W 1280 -H 720 -F 10 -v $out "$@" --no-ondemand --no-status >"$WORK/fakecam-$effect.log" 2>&1 &
  pid=$!
  # 20 s: the model, the first frames and the steady state
  sleep 20
  kill -0 $pid 2>/dev/null || { cat "$WORK/fakecam-$effect.log" >&2; fail "fakecam ($effect) stopped"; }
  hwm=$(awk '/^VmHWM:/ { print int($2 / 1024) }' /proc/$pid/status)
  libs=$(awk '$6 ~ /\.so/ { print $6 }' /proc/$pid/maps | sort -u | wc -l)
  note "webcam_memory: 720p MJPEG webcam, $effect: peak RSS $hwm MB, $libs shared libraries mapped"
  kill $pid
  wait $pid || true
done
