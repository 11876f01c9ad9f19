#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# build-image.sh — prepares the QEMU guest that runs fakecam's real-driver
# end-to-end tests (tests/vm/README.md). The host kernel has no V4L2 and loads
# no modules, so a guest boots Debian's own kernel, loads vivid (a virtual
# webcam) and v4l2loopback (the virtual-camera sink), and runs the host's own
# root file system read-only over 9p: every program the guest runs (ffmpeg,
# v4l2-ctl, Chromium, node, fakecam) must therefore be installed on the HOST,
# which this script does.
#
# Needs root and Debian 12 apt. Idempotent: a second run only checks and takes
# about a second. Output: $VM_DIR/{vmlinuz,initramfs.gz,kernel-version,stamp}
# (default VM_DIR=/var/tmp/fakecam-vm-tests), plus v4l2loopback.ko built for
# the guest kernel in /lib/modules/<kernel>/updates, plus the browser helper's
# npm packages (browser/install.sh), plus $VM_DIR/akvcam.ko (from
# ../shared/third-party/akvcam; AKVCAM_SOURCE overrides the folder).
set -eu
[ "$(id -u)" = 0 ] || { echo "build-image: run as root (it installs packages and a kernel module)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
VM_DIR=${VM_DIR:-/var/tmp/fakecam-vm-tests}
mkdir -p "$VM_DIR"

# One builder at a time per VM_DIR (CI and a developer may share a machine).
exec 9>"$VM_DIR/.build.lock"
flock 9

# Host packages. The guest sees the host's / so the guest's tools come from here.
#   kernel + driver build: linux-image-amd64 linux-headers-amd64 v4l2loopback-source make gcc bzip2 kmod curl
#   guest boot:            qemu-system-x86 busybox-static cpio
#   scenario tools:        v4l-utils ffmpeg python3
#   browser scenarios:     chromium chromium-driver fonts-liberation fonts-dejavu-core
pkgs="qemu-system-x86 linux-image-amd64 linux-headers-amd64 v4l2loopback-source make gcc
      bzip2 kmod curl busybox-static cpio v4l-utils ffmpeg python3
      chromium chromium-driver fonts-liberation fonts-dejavu-core"
need=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' || need="$need $p"
done
if [ -n "$need" ]; then
  echo "build-image: installing$need"
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need >/dev/null
fi

# The newest Debian kernel that has headers installed (linux-image-amd64 and
# linux-headers-amd64 move together).
# shellcheck disable=SC2012 # names under /usr/src are plain
K=$(ls /usr/src | sed -n 's/^linux-headers-\(.*-amd64\)$/\1/p' | sort -V | tail -1)
[ -n "$K" ] || { echo "build-image: no linux-headers-*-amd64 installed" >&2; exit 1; }
[ -f "/boot/vmlinuz-$K" ] || { echo "build-image: /boot/vmlinuz-$K missing (install linux-image-$K)" >&2; exit 1; }

# v4l2loopback is not in Debian's kernel: build it from v4l2loopback-source.
if ! modprobe -S "$K" --show-depends v4l2loopback >/dev/null 2>&1; then
  echo "build-image: building v4l2loopback for $K"
  src=$(mktemp -d)
  tar xjf /usr/src/v4l2loopback.tar.bz2 -C "$src"
  d=$(dirname "$(find "$src" -name v4l2loopback.c | head -1)")
  make -s -C "/lib/modules/$K/build" M="$d" modules -j2 >/dev/null
  mkdir -p "/lib/modules/$K/updates"
  cp "$d/v4l2loopback.ko" "/lib/modules/$K/updates/"
  depmod "$K"
  rm -rf "$src"
fi

# v4l2loopback 0.13 (bookworm-backports) as well, for the client-usage event
# (on-demand that ignores probing opens). Loaded instead of 0.12.7 by
# scenarios that ask for it (#vm LOOPBACK_VERSION=0.13); Debian 12's own
# 0.12.7 stays the default, since that is what users of Debian 12 have.
bpo_deb=v4l2loopback-source_0.13.2-1~bpo12+1_all.deb
bpo_sha256=891864afca4200acea59058589f7fb9028240991ca4dd7c2fbaef433444b6c79
if [ ! -f "$VM_DIR/v4l2loopback-0.13.ko" ] || [ "$(cat "$VM_DIR/v4l2loopback-0.13.kernel" 2>/dev/null)" != "$K" ]; then
  echo "build-image: building v4l2loopback 0.13.2 (bookworm-backports) for $K"
  src=$(mktemp -d)
  curl -fsS --retry 3 -o "$src/$bpo_deb" "http://deb.debian.org/debian/pool/main/v/v4l2loopback/$bpo_deb" ||
    { echo "build-image: cannot download $bpo_deb from deb.debian.org" >&2; exit 1; }
  echo "$bpo_sha256  $src/$bpo_deb" | sha256sum -c --quiet - ||
    { echo "build-image: $bpo_deb does not match its pinned SHA-256" >&2; exit 1; }
  dpkg-deb -x "$src/$bpo_deb" "$src/deb"
  tar xjf "$src/deb/usr/src/v4l2loopback.tar.bz2" -C "$src"
  d=$(dirname "$(find "$src" -path "$src/deb" -prune -o -name v4l2loopback.c -print | head -1)")
  make -s -C "/lib/modules/$K/build" M="$d" modules -j2 >/dev/null
  cp "$d/v4l2loopback.ko" "$VM_DIR/v4l2loopback-0.13.ko"
  echo "$K" > "$VM_DIR/v4l2loopback-0.13.kernel"
  rm -rf "$src"
fi

# akvcam (fakecam's --akvcam output) is not packaged by Debian: build it from
# the archive kept in shared/third-party/akvcam (SOURCES.md there) into
# $VM_DIR/akvcam.ko, again only when the kernel or the archive changes (the
# build takes about a minute on 2 cores). Scenarios load it with their own
# config (#vm AKVCAM_CONFIG=..., run-in-vm.sh). Without the archive the VM
# tests still run, and only the akvcam scenarios fail, saying why.
AKVCAM_SOURCE=${AKVCAM_SOURCE:-$(cd "$here/../.." && pwd)/../shared/third-party/akvcam}
# shellcheck disable=SC2012 # archive names are plain
akv_tar=$(ls "$AKVCAM_SOURCE"/akvcam-*.tar.gz 2>/dev/null | sort | tail -1 || true)
if [ -z "$akv_tar" ]; then
  echo "build-image: warning: no akvcam-*.tar.gz in $AKVCAM_SOURCE: akvcam scenarios will fail (set AKVCAM_SOURCE)" >&2
else
  akv_stamp="$K $(sha256sum < "$akv_tar" | cut -d' ' -f1)"
  if [ ! -f "$VM_DIR/akvcam.ko" ] || [ "$(cat "$VM_DIR/akvcam.stamp" 2>/dev/null)" != "$akv_stamp" ]; then
    echo "build-image: building akvcam from $(basename "$akv_tar") for $K (about a minute)"
    src=$(mktemp -d)
    tar xzf "$akv_tar" -C "$src"
    d=$(dirname "$(find "$src" -name module.c -path '*/src/*' | head -1)")
    make -s -C "/lib/modules/$K/build" M="$d" modules -j2 >/dev/null
    cp "$d/akvcam.ko" "$VM_DIR/akvcam.ko"
    echo "$akv_stamp" > "$VM_DIR/akvcam.stamp"
    rm -rf "$src"
  fi
fi

# The initramfs only depends on the kernel and on this script.
stamp="$K $(cksum < "$0")"
if [ -f "$VM_DIR/vmlinuz" ] && [ -f "$VM_DIR/initramfs.gz" ] && [ -f "$VM_DIR/stamp" ] &&
   [ "$(cat "$VM_DIR/stamp")" = "$stamp" ]; then
  echo "build-image: guest up to date in $VM_DIR (kernel $K)"
else
  cp "/boot/vmlinuz-$K" "$VM_DIR/vmlinuz.new"
  # Under TCG, decompressing the XZ bzImage costs ~5 s per boot. Debian's
  # kernel has CONFIG_PVH, so QEMU boots the uncompressed ELF vmlinux directly.
  rm -f "$VM_DIR/vmlinux"
  python3 - "$VM_DIR/vmlinuz.new" "$VM_DIR/vmlinux.new" <<'PY' || rm -f "$VM_DIR/vmlinux.new"
import lzma, struct, sys
data = open(sys.argv[1], 'rb').read()
start = data.find(b'\xfd7zXZ\x00')
if start < 0:
    sys.exit('build-image: kernel is not XZ-compressed; the guest boots the bzImage')
elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[start:])
def has_pvh_note(elf):
    # ELF64 program headers of type PT_NOTE holding the Xen note 18 (PHYS32_ENTRY)
    if elf[:5] != b'\x7fELF\x02':
        return False
    phoff, = struct.unpack_from('<Q', elf, 32)
    phentsize, phnum = struct.unpack_from('<HH', elf, 54)
    for i in range(phnum):
        ptype, _, off, _, _, size = struct.unpack_from('<IIQQQQ', elf, phoff + i * phentsize)
        pos, end = off, off + size
        while ptype == 4 and pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from('<III', elf, pos)
            name = elf[pos + 12:pos + 12 + namesz].rstrip(b'\0')
            if name == b'Xen' and ntype == 18:
                return True
            pos += 12 + (namesz + 3) // 4 * 4 + (descsz + 3) // 4 * 4
    return False
if not has_pvh_note(elf):
    sys.exit('build-image: the kernel has no PVH entry; the guest boots the bzImage')
open(sys.argv[2], 'wb').write(elf)
PY
  # initramfs: busybox + the modules needed to mount the host's / over 9p.
  ir=$(mktemp -d)
  mkdir -p "$ir/bin" "$ir/proc" "$ir/sys" "$ir/dev" "$ir/host" "$ir/mods"
  cp /bin/busybox "$ir/bin/"
  mods="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p"
  for m in $mods; do
    f=$(modprobe -S "$K" --show-depends "$m" | tail -1 | awk '{print $2}')
    cp "$f" "$ir/mods/$m.ko"
  done
  # The guest's /init. The command (written by run-in-vm.sh to WORKDIR/.vm-cmd.sh)
  # runs chrooted in the host's / with a clean environment and stdin from
  # /dev/null (ffmpeg would otherwise wait on the serial console). Its exit code
  # goes to WORKDIR/.vm-exit-code and, as a fallback, to the console.
  cat > "$ir/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $mods; do insmod /mods/\$m.ko 2>/dev/null; done
o=trans=virtio,version=9p2000.L,msize=512000
mount -t 9p -o \$o,ro,cache=loose hostroot /host || echo "VM: cannot mount host root"
mount -t proc proc /host/proc; mount -t sysfs sys /host/sys; mount -t devtmpfs dev /host/dev
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts devpts /host/dev/pts; mount -t tmpfs -o mode=1777 shm /host/dev/shm
mount -t tmpfs -o mode=1777 tmp /host/tmp; mount -t tmpfs run /host/run
mkdir -p /host/tmp/work /host/tmp/home; mount -t 9p -o \$o work /host/tmp/work || echo "VM: cannot mount work dir"
chroot /host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/tmp/home TMPDIR=/tmp LANG=C.UTF-8 TERM=dumb \
  /bin/sh -c 'cd /tmp/work && exec sh ./.vm-cmd.sh' </dev/null
code=\$?
echo "\$code" > /host/tmp/work/.vm-exit-code
if [ "\$code" != 0 ]; then echo "--- guest kernel log (tail) ---"; dmesg | tail -n 25; fi
sync
echo "VM-EXIT-CODE=\$code"
poweroff -f
INIT
  chmod +x "$ir/init"
  (cd "$ir" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$VM_DIR/initramfs.gz.new"
  rm -rf "$ir"
  mv "$VM_DIR/vmlinuz.new" "$VM_DIR/vmlinuz"
  [ ! -f "$VM_DIR/vmlinux.new" ] || mv "$VM_DIR/vmlinux.new" "$VM_DIR/vmlinux"
  mv "$VM_DIR/initramfs.gz.new" "$VM_DIR/initramfs.gz"
  echo "$K" > "$VM_DIR/kernel-version"
  echo "$stamp" > "$VM_DIR/stamp"
  echo "build-image: guest ready in $VM_DIR (kernel $K)"
fi

# Browser scenarios drive the host's Chromium with playwright-core from npm.
sh "$here/browser/install.sh"
