# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the guest scripts in this directory (sourced, POSIX sh).
# FAKECAM_BUILD_DIR: the build tree holding tests/capture/capture_probe
# (default /work/main/build-capture). FAKECAM_WORK_DIR: where logs go
# (default: the current directory, /tmp/work under run-in-vm.sh).
set -u
BUILD=${FAKECAM_BUILD_DIR:-/work/main/build-capture}
WORK=${FAKECAM_WORK_DIR:-$PWD}
PROBE="$BUILD/tests/capture/capture_probe"
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
[ -x "$PROBE" ] || { echo "capture vm: $PROBE missing; build the capture_probe target first" >&2; exit 2; }

failures=0
t_start=$(date +%s)

step() { echo "=== [$(($(date +%s) - t_start)) s] $*"; }
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME -- command...: passes when the command exits 0.
check() {
  name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name (exit $?)"; fi
}

# Waits up to $2 seconds for file $1 to exist.
wait_for_file() {
  i=0
  while [ ! -e "$1" ]; do
    i=$((i + 1))
    [ "$i" -gt $(($2 * 10)) ] && return 1
    sleep 0.1
  done
}

# Waits up to $2 seconds until device $1 offers video capture (a v4l2loopback
# node does once a producer has written its first frame).
wait_for_capture() {
  i=0
  until v4l2-ctl -d "$1" -D 2>/dev/null | sed -n '/Device Caps/,$p' | grep -q 'Video Capture'; do
    i=$((i + 1))
    [ "$i" -gt $(($2 * 5)) ] && return 1
    sleep 0.2
  done
}

finish() {
  echo "capture vm: $(basename "$0"): $failures failure(s) in $(($(date +%s) - t_start)) s"
  [ "$failures" -eq 0 ]
  exit $?
}
