#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-in-vm.sh WORKDIR 'COMMAND ...'
# Boots a fresh guest made by build-image.sh, loads vivid (/dev/video0, a
# virtual webcam) and v4l2loopback (/dev/video10, exclusive_caps=1), and runs
# COMMAND with sh in WORKDIR. WORKDIR is shared read-write and mounted at
# /tmp/work in the guest; the host's / is the guest's / read-only, so host
# binaries and libraries run unchanged. Prints the guest console on stdout.
#
# Exit code: COMMAND's, or
#   90 vivid did not load          91 v4l2loopback did not load
#   92 a VM_SHARE mount failed     93 akvcam did not load
#   124 VM_TIMEOUT expired
#   125 the guest did not boot or died without reporting an exit code
#   2 usage / missing image (run build-image.sh)
#
# Environment (all optional):
#   VM_DIR         the image (default /var/tmp/fakecam-vm-tests)
#   VM_MEM         guest MiB (default 2048; Chromium wants 4096)
#   VM_SMP         guest CPUs (default 2)
#   VM_TIMEOUT     seconds before the guest is killed (default 600)
#   VM_BOOT_TIMEOUT  seconds the guest has to reach COMMAND (default 120; a
#                  boot takes 3-20 s); a guest that does not is killed and a
#                  fresh one booted, up to VM_BOOT_TRIES times (default 3)
#   VIVID_OPTS     vivid options, or "off" (default "n_devs=1 node_types=0x1")
#   LOOPBACK_OPTS  v4l2loopback options, or "off" (default
#                  "devices=1 exclusive_caps=1 video_nr=10 card_label=fakecam")
#   LOOPBACK_VERSION  "0.13" loads v4l2loopback 0.13.2 (bookworm-backports,
#                  built by build-image.sh into $VM_DIR) instead of Debian 12's
#                  0.12.7: the version with the client-usage event
#   AKVCAM_CONFIG  an akvcam config file (absolute path the guest sees: not
#                  under /tmp or /run unless shared): loads akvcam.ko (built by
#                  build-image.sh into $VM_DIR) with config_file=AKVCAM_CONFIG.
#                  Either way AKVCAM_KO (the module's path) is exported to
#                  COMMAND, so a scenario can reload it with another config.
#   VM_QEMU        the emulator (default qemu-system-x86_64; the runner's own
#                  tests give it tests/vm/fake-qemu.sh)
#   VM_ENV         names of host environment variables to export into COMMAND's
#                  environment (the guest starts from a clean environment)
#   VM_SHARE       host directories under /tmp or /run to show read-only at the
#                  same path in the guest (the guest's /tmp and /run are fresh
#                  tmpfs, so the host's are hidden); other paths are visible anyway
set -eu
[ $# -ge 2 ] || { echo "usage: run-in-vm.sh WORKDIR 'COMMAND ...'" >&2; exit 2; }
VM_DIR=${VM_DIR:-/var/tmp/fakecam-vm-tests}
for f in vmlinuz initramfs.gz; do
  [ -f "$VM_DIR/$f" ] || { echo "VM: $VM_DIR/$f missing: run tests/vm/build-image.sh (as root) first" >&2; exit 2; }
done
work=$(cd "$1" && pwd); shift
cmd=$*
VIVID_OPTS=${VIVID_OPTS:-n_devs=1 node_types=0x1}
LOOPBACK_OPTS=${LOOPBACK_OPTS:-devices=1 exclusive_caps=1 video_nr=10 card_label=fakecam}
case $work in *,*) echo "VM: WORKDIR must not contain a comma: $work" >&2; exit 2;; esac

# shell-quote $1 for the guest script
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

rm -f "$work/.vm-exit-code"
script="$work/.vm-cmd.sh"
{
  echo "# written by run-in-vm.sh"
  echo ": > .vm-started   # tells the host's boot watch the guest is up"
  for name in ${VM_ENV:-}; do
    case $name in *[!A-Za-z0-9_]*|[0-9]*|'') echo "VM: bad VM_ENV name: $name" >&2; exit 2;; esac
    eval "isset=\${$name+x}"
    [ -n "$isset" ] || continue
    eval "value=\${$name}"
    # shellcheck disable=SC2154 # set by the eval above
    echo "export $name=$(quote "$value")"
  done
} > "$script"

# Extra read-only 9p shares for host paths hidden by the guest's tmpfs.
set --
i=0
for p in ${VM_SHARE:-}; do
  case $p in /tmp/*|/run/*) ;; *) continue;; esac
  [ -d "$p" ] || { echo "VM: VM_SHARE: $p is not a directory" >&2; exit 2; }
  case $p in *,*) echo "VM: VM_SHARE path must not contain a comma: $p" >&2; exit 2;; esac
  i=$((i + 1))
  set -- "$@" -virtfs "local,path=$p,mount_tag=share$i,security_model=none,readonly=on,multidevs=remap"
  echo "mkdir -p $(quote "$p") && mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro share$i $(quote "$p") || exit 92" >> "$script"
done
{
  [ "$VIVID_OPTS" = off ] || echo "modprobe vivid $VIVID_OPTS || exit 90"
  if [ "$LOOPBACK_OPTS" = off ]; then :
  elif [ "${LOOPBACK_VERSION:-}" = 0.13 ]; then
    [ -f "$VM_DIR/v4l2loopback-0.13.ko" ] || { echo "VM: $VM_DIR/v4l2loopback-0.13.ko missing: run tests/vm/build-image.sh" >&2; exit 2; }
    echo "modprobe videodev && insmod $(quote "$VM_DIR/v4l2loopback-0.13.ko") $LOOPBACK_OPTS || exit 91"
  else
    echo "modprobe v4l2loopback $LOOPBACK_OPTS || exit 91"
  fi
  # akvcam's dependencies (videodev, videobuf2 ...) come from the guest's own
  # modules; the module itself from $VM_DIR.
  echo "export AKVCAM_KO=$(quote "$VM_DIR/akvcam.ko")"
  if [ -n "${AKVCAM_CONFIG:-}" ]; then
    [ -f "$VM_DIR/akvcam.ko" ] || { echo "VM: $VM_DIR/akvcam.ko missing: run tests/vm/build-image.sh (it needs ../shared/third-party/akvcam)" >&2; exit 2; }
    [ -f "$AKVCAM_CONFIG" ] || { echo "VM: AKVCAM_CONFIG: no such file: $AKVCAM_CONFIG" >&2; exit 2; }
    case $AKVCAM_CONFIG in /*) ;; *) echo "VM: AKVCAM_CONFIG must be an absolute path: $AKVCAM_CONFIG" >&2; exit 2;; esac
    deps=$(modinfo -F depends "$VM_DIR/akvcam.ko" | tr ',' ' ')
    echo "modprobe -a $deps && insmod \"\$AKVCAM_KO\" config_file=$(quote "$AKVCAM_CONFIG") || exit 93"
  fi
  echo "$cmd"
} >> "$script"

log=$(mktemp)
rcfile=$(mktemp)
pidfile=$(mktemp)
watch_pid=""
trap 'rm -f "$log" "$rcfile" "$pidfile" "$script"; [ -z "$watch_pid" ] || kill "$watch_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM HUP
timeout_s=${VM_TIMEOUT:-600}
boot_s=${VM_BOOT_TIMEOUT:-120}
tries=${VM_BOOT_TRIES:-3}
# no_timer_check: under TCG on a loaded host (or beside another guest) the
# kernel's IO-APIC timer check can miss its ticks and panic the boot ("IO-APIC
# + timer doesn't work"); the check is for broken real hardware.
# cryptomgr.notests: Debian's kernel self-tests every crypto algorithm it
# registers at boot; under TCG one of those tests once spun a vCPU for the
# whole 600 s timeout ("soft lockup ... [cryptomgr_test]"). The guest never
# uses kernel crypto.
kernel=$VM_DIR/vmlinux   # uncompressed (PVH boot), ~5 s faster than the bzImage
[ -f "$kernel" ] || kernel=$VM_DIR/vmlinuz

# Kills the guest (qemu's pid is in $pidfile) when it has not reached COMMAND
# (which first creates WORKDIR/.vm-started) within $boot_s seconds, and
# leaves WORKDIR/.vm-boot-failed behind so the loop below boots again.
boot_watch() {
  i=0
  while [ "$i" -lt "$boot_s" ]; do
    sleep 1
    [ ! -f "$work/.vm-started" ] || return 0
    i=$((i + 1))
  done
  : > "$work/.vm-boot-failed"
  [ ! -s "$pidfile" ] || kill "$(cat "$pidfile")" 2>/dev/null || true
}

attempt=1
while :; do
  rm -f "$work/.vm-started" "$work/.vm-boot-failed" "$work/.vm-exit-code"
  : > "$pidfile"
  boot_watch &
  watch_pid=$!
  {
    rc=0
    # --foreground keeps qemu in our process group, so Ctrl-C or a group kill
    # of the caller ends the guest too (plain timeout makes its own group)
    timeout --foreground -k 5 "$timeout_s" "${VM_QEMU:-qemu-system-x86_64}" -accel tcg,thread=multi -cpu max \
      -m "${VM_MEM:-2048}" -smp "${VM_SMP:-2}" -nographic -no-reboot -nic none \
      -pidfile "$pidfile" -kernel "$kernel" -initrd "$VM_DIR/initramfs.gz" \
      -append "console=ttyS0 quiet panic=-1 rdinit=/init no_timer_check cryptomgr.notests" \
      -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
      -virtfs "local,path=$work,mount_tag=work,security_model=none" \
      "$@" </dev/null 2>&1 || rc=$?
    echo "$rc" > "$rcfile"
  } | tee "$log" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[a-z]//g; s/\r$//; s/^Booting from ROM\.\.//' \
        -e '/^SeaBIOS\|^iPXE\|Press Ctrl-B/d; /^$/d'
  kill "$watch_pid" 2>/dev/null || true
  wait "$watch_pid" 2>/dev/null || true
  [ -f "$work/.vm-boot-failed" ] || break
  rm -f "$work/.vm-boot-failed"
  if [ "$attempt" -ge "$tries" ]; then
    echo "VM: the guest did not reach its command within ${boot_s}s, $tries boots in a row (VM_BOOT_TIMEOUT)" >&2
    exit 125
  fi
  echo "VM: the guest did not reach its command within ${boot_s}s (boot $attempt of $tries); booting a fresh guest" >&2
  attempt=$((attempt + 1))
done
rm -f "$work/.vm-started"

code=""
[ -f "$work/.vm-exit-code" ] && code=$(cat "$work/.vm-exit-code") && rm -f "$work/.vm-exit-code"
[ -n "$code" ] || code=$(sed -n 's/.*VM-EXIT-CODE=\([0-9]*\).*/\1/p' "$log" | tail -1)
if [ -z "$code" ]; then
  if [ "$(cat "$rcfile")" = 124 ]; then
    echo "VM: timed out after ${timeout_s}s (VM_TIMEOUT)" >&2
    exit 124
  fi
  echo "VM: no exit code (the guest did not boot, or died; qemu exit $(cat "$rcfile"))" >&2
  exit 125
fi
exit "$code"
