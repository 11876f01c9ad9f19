#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Each pixel format through a real v4l2loopback: fakecam's sink writes solid
# blue (BGR 255,0,0), ffmpeg reads the device back as a camera: it must report
# the format and size, and decode the colour (BT.601 limited range). Every
# format is a new producer after the previous one exited: the device must
# take each (mmap producers leave it healthy).
. "$(dirname "$0")/lib.sh"
W=320 H=240
for fmt in yuyv i420 nv12; do
  case $fmt in yuyv) want_fmt=yuyv422 name=YUYV ;; i420) want_fmt=yuv420p name=I420 ;; nv12) want_fmt=nv12 name=NV12 ;; esac
  start_probe "$fmt" --device "$DEV" --format "$fmt" --size ${W}x$H --fps 30 --colour 255,0,0
  if ! wait_opened "$fmt"; then fail "$fmt: probe did not open: $(cat "$OUT/$fmt.err")"; continue; fi
  grep -q "^opened: $DEV (v4l2loopback 'fakecam') $name ${W}x$H @30\$" "$OUT/$fmt.out" \
    && pass "$fmt: description: $(cat "$OUT/$fmt.out")" || fail "$fmt: description: $(cat "$OUT/$fmt.out")"
  wait_for_capture "$DEV" || fail "$fmt: $DEV never offered capture"
  if read_frames 3 "$OUT/$fmt.bgr"; then
    seen=$(seen_format "$OUT/$fmt.bgr")
    [ "$seen" = "$want_fmt ${W}x$H" ] && pass "$fmt: ffmpeg sees $seen" || fail "$fmt: ffmpeg sees '$seen'"
    size=$(stat -c %s "$OUT/$fmt.bgr")
    [ "$size" -eq $((3 * W * H * 3)) ] && pass "$fmt: 3 frames read" || fail "$fmt: read $size bytes"
    set -- $(pixel "$OUT/$fmt.bgr" $W $H 2 $((W / 2)) $((H / 2)))
    if near "$1" 255 6 && near "$2" 0 6 && near "$3" 0 6; then pass "$fmt: centre pixel B,G,R = $1,$2,$3"
    else fail "$fmt: centre pixel B,G,R = $1,$2,$3, want ~255,0,0"; fi
  else
    fail "$fmt: ffmpeg could not read $DEV: $(tail -3 "$OUT/$fmt.bgr.log")"
  fi
  stop_probe "$fmt"; rc=$?
  [ "$rc" -eq 0 ] && pass "$fmt: probe stopped cleanly" || fail "$fmt: probe exit $rc: $(cat "$OUT/$fmt.err")"
done
finish
