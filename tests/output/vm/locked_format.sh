#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A reader that keeps the camera open while fakecam restarts (a browser tab)
# keeps v4l2loopback's format: the next producer must match the size (else a
# clear error) and adopts the kept pixel format (a warning, frames flow).
. "$(dirname "$0")/lib.sh"
W=320 H=240
start_probe first --device "$DEV" --size ${W}x$H --format yuyv --colour 0,255,0
wait_opened first || fail "first producer refused: $(cat "$OUT/first.err")"
wait_for_capture "$DEV" || fail "$DEV never offered capture"
# A long-lived reader, like a video call (passthrough: no frames duplicated
# to fill the gap between producers, so new bytes are new frames).
timeout 600 ffmpeg -nostdin -v error -f v4l2 -i "$DEV" -fps_mode passthrough -f rawvideo -pix_fmt bgr24 -y "$OUT/reader.bgr" 2>"$OUT/reader.log" &
reader=$!
i=0; while [ "$i" -lt 120 ] && [ "$(stat -c %s "$OUT/reader.bgr" 2>/dev/null || echo 0)" -lt $((W * H * 3)) ]; do sleep 1; i=$((i + 1)); done
[ "$i" -lt 120 ] && pass "reader is receiving frames" || fail "reader got no frame: $(cat "$OUT/reader.log")"
stop_probe first || fail "first producer exit code $?"

"$PROBE" --device "$DEV" --size 640x480 --frames 1 >"$OUT/bigger.out" 2>"$OUT/bigger.err"
rc=$?; err=$(cat "$OUT/bigger.err")
if [ "$rc" -eq 2 ] && echo "$err" | grep -q "^error: $DEV: the device keeps YUYV 320x240 (set by an earlier producer while a reader still has it open.*fakecam needs YUYV 640x480"; then
  pass "other size refused: $err"
else
  fail "other size: exit $rc: $err"
fi

before=$(stat -c %s "$OUT/reader.bgr")
start_probe nv12 --device "$DEV" --size ${W}x$H --format nv12 --colour 255,0,255
if wait_opened nv12; then
  grep -q "^opened: $DEV (v4l2loopback 'fakecam') YUYV ${W}x$H @30\$" "$OUT/nv12.out" \
    && pass "kept format adopted: $(cat "$OUT/nv12.out")" || fail "description: $(cat "$OUT/nv12.out")"
  grep -q "keeps YUYV from an earlier producer" "$OUT/nv12.err" && pass "warned: $(grep keeps "$OUT/nv12.err")" \
    || fail "no warning about the kept format: $(cat "$OUT/nv12.err")"
  i=0; while [ "$i" -lt 120 ] && [ "$(stat -c %s "$OUT/reader.bgr")" -le $((before + 2 * W * H * 3)) ]; do sleep 1; i=$((i + 1)); done
  [ "$i" -lt 120 ] && pass "the same reader receives the new producer's frames" || fail "reader stalled after the restart"
  stop_probe nv12 || fail "second producer exit code $?"
  # The reader's last frame is the new producer's magenta.
  frames=$(( $(stat -c %s "$OUT/reader.bgr") / (W * H * 3) ))
  got=$(pixel "$OUT/reader.bgr" $W $H $((frames - 1)) 10 10)
  set -- $got
  if near "$1" 255 8 && near "$2" 0 8 && near "$3" 255 8; then pass "reader's last frame is magenta: $got"; else fail "reader's last frame: $got"; fi
else
  fail "same size, other format refused: $(cat "$OUT/nv12.err")"
fi
kill "$reader" 2>/dev/null; wait "$reader" 2>/dev/null
finish
