# SPDX-License-Identifier: GPL-3.0-or-later
# A webcam that disappears mid-stream, with vivid (/dev/video0): its
# "disconnect" control emulates a USB unplug (the node comes back once every
# file handle is closed); unloading and reloading vivid afterwards replaces
# the node entirely.
# Run inside the guest:
#   sh /work/shared/vm-e2e/run-in-vm.sh WORKDIR 'sh /work/main/tests/capture/vm/vivid_disconnect.sh'
. "$(dirname "$0")/lib.sh"

CAM=/dev/video0
OPTS="--size 320x180 --fps 25"

# Starts `capture_probe [$3] $1 ...` in the background, waits until it has
# frames, runs the disruption ($2, a shell command), then waits for the probe.
# Sets probe_rc and leaves the probe's output in /tmp/$1.log.
disrupt() {
  mode=$1
  action=$2
  verbose=${3:-}
  rm -f /tmp/probe.ready
  "$PROBE" $verbose "$mode" "$CAM" $OPTS --frames 3 --max-wait 40 --ready-file /tmp/probe.ready > "/tmp/$mode.log" 2>&1 &
  pid=$!
  if wait_for_file /tmp/probe.ready 60; then
    sh -c "$action" | tee "/tmp/$mode.out"
  else
    echo "probe never got frames"
  fi
  wait "$pid"
  probe_rc=$?
  cat "/tmp/$mode.log"
}

step "USB-style disconnect while streaming -> DeviceLost"
disrupt until-lost "v4l2-ctl -d $CAM -c disconnect=1"
if [ "$probe_rc" -eq 0 ] && grep -q "LOST" /tmp/until-lost.log; then pass "disconnect: DeviceLost"; else fail "disconnect: exit $probe_rc"; fi

step "the node comes back once closed: SupervisedSource reopens it"
wait_for_capture "$CAM" 30 || fail "$CAM did not come back after the disconnect"
disrupt reconnect "v4l2-ctl -d $CAM -c disconnect=1"
if [ "$probe_rc" -eq 0 ]; then pass "disconnect: reconnected"; else fail "disconnect: reconnect exit $probe_rc"; fi

step "unplug, then the driver is unloaded and loaded again: SupervisedSource reopens the new node"
# (rmmod vivid while a program streams from it is refused: "Module vivid is
# in use". After the disconnect, SupervisedSource has closed the node, so
# the module can go.)
wait_for_capture "$CAM" 30 || fail "$CAM did not come back after the disconnect"
# rmmod is retried until the probe has let go of the node (it retries its
# open only after a second, so the unload wins).
disrupt reconnect "v4l2-ctl -d $CAM -c disconnect=1; i=0; until rmmod vivid 2>/dev/null; do i=\$((i+1)); [ \$i -gt 100 ] && break; sleep 0.05; done; lsmod | grep -q '^vivid' && echo 'vivid still loaded' || echo 'vivid unloaded'; sleep 3; modprobe vivid n_devs=1 node_types=0x1"
# Frames after "vivid unloaded" can only come from the reloaded driver's node.
if [ "$probe_rc" -eq 0 ] && grep -q "vivid unloaded" "/tmp/reconnect.out"; then
  pass "unplug + rmmod + modprobe: reconnected"
else
  fail "unplug + rmmod + modprobe: reconnect exit $probe_rc"
fi

finish
