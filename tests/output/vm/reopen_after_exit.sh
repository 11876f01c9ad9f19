#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# v4l2loopback 0.12.7 (Debian 12), upstream #470: after a producer that used
# write() exits, the next producer is refused (VIDIOC_G_FMT: EINVAL). fakecam
# writes with mmap streaming instead, which must leave the device healthy.
#  1. fakecam-like producer (mmap), stop, start again, twice: every run is
#     accepted and its frames are read back with the right colour.
#  2. ffmpeg as a write() producer: afterwards the node offers neither output
#     nor capture and a second ffmpeg is refused (the bug is real here). Then
#     fakecam's sink: it resets the stuck node (the STREAMON the write()
#     producer never did), writes frames that a reader gets, and leaves the
#     device usable even for ffmpeg again.
. "$(dirname "$0")/lib.sh"
W=320 H=240

run=0
for colour in 0,0,255 0,255,0 255,0,0; do
  run=$((run + 1))
  start_probe "run$run" --device "$DEV" --size ${W}x$H --colour "$colour"
  if ! wait_opened "run$run"; then fail "mmap producer run $run refused: $(cat "$OUT/run$run.err")"; continue; fi
  pass "mmap producer run $run accepted"
  wait_for_capture "$DEV" || fail "run $run: $DEV never offered capture"
  if read_frames 2 "$OUT/run$run.bgr"; then
    got=$(pixel "$OUT/run$run.bgr" $W $H 1 10 10)
    set -- $(echo "$colour" | tr , ' ') $got
    if near "$1" "$4" 6 && near "$2" "$5" 6 && near "$3" "$6" 6; then pass "run $run: frames read, colour $got"
    else fail "run $run: colour $got, want $colour"; fi
  else
    fail "run $run: ffmpeg could not read: $(tail -3 "$OUT/run$run.bgr.log")"
  fi
  stop_probe "run$run" || fail "run $run: probe exit code $?: $(cat "$OUT/run$run.err")"
done

# A write() producer: ffmpeg's v4l2 output device.
write_producer() {  # write_producer NAME: 10 red frames with write(); log in $OUT/NAME.log
  timeout 180 ffmpeg -nostdin -v error -f lavfi -i "color=c=red:size=${W}x$H:rate=30" -frames:v 10 \
    -pix_fmt yuyv422 -f v4l2 "$DEV" 2>"$OUT/$1.log"
}
write_producer ffmpeg1 || fail "ffmpeg could not write to $DEV: $(cat "$OUT/ffmpeg1.log")"
caps=$(v4l2-ctl -d "$DEV" -D | sed -n '/Device Caps/,$p' | tr -s '\t\n ' ' ')
if echo "$caps" | grep -q 'Video Output\|Video Capture'; then
  fail "#470 not reproduced: after the write() producer exited $DEV offers:$caps"
else
  pass "#470: after a write() producer exited, $DEV offers neither output nor capture:$caps"
fi
if write_producer ffmpeg2; then
  fail "#470 not reproduced: a second write() producer was accepted"
else
  pass "#470: the next write() producer is refused: $(head -1 "$OUT/ffmpeg2.log")"
fi

# fakecam's sink resets the stuck device and works.
start_probe healed --device "$DEV" --size ${W}x$H --colour 255,255,0
if wait_opened healed; then
  grep -q "left it stuck: v4l2loopback 0.12.7 bug); resetting it" "$OUT/healed.err" \
    && pass "stuck device reset: $(grep resetting "$OUT/healed.err")" || fail "no reset logged: $(cat "$OUT/healed.err")"
  wait_for_capture "$DEV" || fail "after the reset $DEV never offered capture"
  if read_frames 2 "$OUT/healed.bgr"; then
    set -- $(pixel "$OUT/healed.bgr" $W $H 1 10 10)
    if near "$1" 255 6 && near "$2" 255 6 && near "$3" 0 6; then pass "frames after the reset: colour $*"
    else fail "frames after the reset: colour $*, want ~255,255,0"; fi
  else
    fail "after the reset ffmpeg could not read: $(tail -3 "$OUT/healed.bgr.log")"
  fi
  stop_probe healed || fail "probe exit code $?: $(cat "$OUT/healed.err")"
else
  fail "the stuck device was not recovered: $(cat "$OUT/healed.err")"
fi
# ...and leaves it healthy for any producer.
write_producer ffmpeg3 && pass "a write() producer works again after fakecam" \
  || fail "after fakecam, ffmpeg is refused: $(cat "$OUT/ffmpeg3.log")"
finish
