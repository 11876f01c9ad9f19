#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Reader counting on the real device node: inotify sees readers open and
# close /dev/video10 (a character device), and the sink's own open is not a
# reader. The probe prints "readers=N" whenever the count changes.
. "$(dirname "$0")/lib.sh"
start_probe watch --device "$DEV" --size 320x240 --watch
wait_opened watch || fail "producer refused: $(cat "$OUT/watch.err")"
sleep 1
[ "$(sed -n 's/^readers=//p' "$OUT/watch.out" | head -1)" = 0 ] && pass "no readers at first (own open not counted)" \
  || fail "first count: $(cat "$OUT/watch.out")"
wait_for_capture "$DEV" || fail "$DEV never offered capture"
read_frames 30 "$OUT/watch.bgr" || fail "ffmpeg could not read: $(tail -3 "$OUT/watch.bgr.log")"
sleep 1
counts=$(sed -n 's/^readers=//p' "$OUT/watch.out" | tr '\n' ' ')
echo "$counts" | grep -q ' 1 ' && pass "a reader was counted (counts seen: $counts)" || fail "no reader counted: $counts"
[ "$(sed -n 's/^readers=//p' "$OUT/watch.out" | tail -1)" = 0 ] && pass "back to 0 after the reader left" \
  || fail "last count is not 0: $counts"
stop_probe watch || fail "producer exit code $?"
finish
