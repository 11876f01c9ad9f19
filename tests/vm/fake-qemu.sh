#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Stands in for qemu-system-x86_64 in the guest runner's own tests (VM_QEMU):
# it writes its pid to -pidfile and, as FAKE_QEMU_MODE says,
#   boot       runs WORKDIR/.vm-cmd.sh on the host as a booted guest would
#   hang       never boots (as a guest stuck in the kernel)
#   hang-once  hangs on its first run in WORKDIR, boots on the next
set -eu
work=""
while [ $# -gt 0 ]; do
  case $1 in
    -pidfile) echo $$ > "$2"; shift ;;
    -virtfs) case $2 in *mount_tag=work,*) work=${2#local,path=}; work=${work%%,*} ;; esac; shift ;;
  esac
  shift
done
[ -n "$work" ] || { echo "fake-qemu: no -virtfs ...mount_tag=work" >&2; exit 2; }
mode=${FAKE_QEMU_MODE:-boot}
if [ "$mode" = hang-once ] && [ ! -f "$work/.fake-qemu-hung" ]; then
  : > "$work/.fake-qemu-hung"
  mode=hang
fi
case $mode in
  hang) exec sleep 600 ;;
  *) code=0; (cd "$work" && sh ./.vm-cmd.sh) || code=$?
     echo "$code" > "$work/.vm-exit-code"; echo "VM-EXIT-CODE=$code" ;;
esac
