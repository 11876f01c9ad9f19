# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for the output layer's guest tests, sourced by the scripts
# beside it (the helpers' own variables start with _: sh has no locals).
# Runs inside the QEMU guest made by tests/vm (or /work/shared/vm-e2e): vivid
# at /dev/video0, v4l2loopback exclusive_caps=1 at /dev/video10 labelled
# 'fakecam'. The producer is the test program loopback_writer_probe from the
# build tree ($FAKECAM_BUILD_DIR).

BUILD=${FAKECAM_BUILD_DIR:-/work/main/build}
PROBE=$BUILD/tests/output/loopback_writer_probe
DEV=${LOOPBACK_DEV:-/dev/video10}
OUT=${TMPDIR:-/tmp}/fakecam-output-vm
mkdir -p "$OUT"
failures=0

[ -x "$PROBE" ] || { echo "FAIL: $PROBE not built (set FAKECAM_BUILD_DIR)"; exit 1; }

pass() { echo "$(date +%T) PASS: $*"; }
fail() { echo "$(date +%T) FAIL: $*"; failures=$((failures + 1)); }
finish() {
  if [ "$failures" -eq 0 ]; then echo "ALL PASSED: $(basename "$0")"; exit 0; fi
  echo "$failures FAILED: $(basename "$0")"; exit 1
}

# Waits (up to $2 s, default 60) until $1 offers video capture, i.e. a
# producer is attached. Polls: under emulation attaching takes seconds.
wait_for_capture() {
  _i=0
  while [ "$_i" -lt "${2:-60}" ]; do
    if v4l2-ctl -d "$1" -D 2>/dev/null | sed -n '/Device Caps/,$p' | grep -q 'Video Capture'; then return 0; fi
    sleep 1; _i=$((_i + 1))
  done
  return 1
}

# Starts the probe in the background: start_probe NAME ARGS...; its stdout and
# stderr go to $OUT/NAME.out / .err, its pid to $OUT/NAME.pid.
start_probe() {
  _name=$1; shift
  "$PROBE" "$@" >"$OUT/$_name.out" 2>"$OUT/$_name.err" &
  echo $! >"$OUT/$_name.pid"
}

# Stops a probe started with start_probe and returns its exit code.
stop_probe() {
  _pid=$(cat "$OUT/$1.pid")
  kill -TERM "$_pid" 2>/dev/null
  wait "$_pid"
}

# Waits until a background probe printed "opened:" (or died).
wait_opened() {
  _i=0
  while [ "$_i" -lt 120 ]; do
    grep -q '^opened:' "$OUT/$1.out" 2>/dev/null && return 0
    kill -0 "$(cat "$OUT/$1.pid")" 2>/dev/null || return 1
    sleep 0.5; _i=$((_i + 1))
  done
  return 1
}

# Reads N frames from $DEV as bgr24 into FILE with ffmpeg (an independent
# consumer, as browsers are): read_frames N FILE. ffmpeg's log (with the
# input stream line: "Video: rawvideo (YUY2 / ...), yuyv422, 320x240") goes
# to FILE.log.
read_frames() {
  timeout 180 ffmpeg -nostdin -hide_banner -f v4l2 -i "$DEV" -frames:v "$1" -fps_mode passthrough -f rawvideo -pix_fmt bgr24 -y "$2" \
    2>"$2.log"
}

# The pixel format and size ffmpeg saw in a read_frames log: "yuyv422 320x240".
seen_format() {
  sed -n 's/.*Stream #0:0: Video: rawvideo ([^)]*), \([a-z0-9]*\), \([0-9]*x[0-9]*\).*/\1 \2/p' "$1.log" | head -1
}

# Prints "B G R" of pixel (x, y) of frame k in a bgr24 file: pixel FILE W H K X Y.
pixel() {
  od -An -tu1 -v -N3 -j $(( ($4 * $3 * $2 + $6 * $2 + $5) * 3 )) "$1" | tr -s ' ' | sed 's/^ //'
}

# near A B TOL: |A - B| <= TOL
near() { _d=$(( $1 - $2 )); [ "${_d#-}" -le "$3" ]; }
