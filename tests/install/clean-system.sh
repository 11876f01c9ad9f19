#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The .deb on a brand-new Debian 12: builds fakecam_<version>_amd64.deb with
# cpack, debootstraps a minimal bookworm root, installs the package there
# with apt (which pulls its Depends), then as an ordinary user checks
# `fakecam --version`, `fakecam --check` (a clear message about the missing
# camera), `man fakecam`, the installed demo (the installed sample clip to
# a y4m file: models found at their installed place), and the user units
# (systemd-analyze verify). Finally `dpkg -r` must leave no fakecam file.
#
#   tests/install/clean-system.sh [BUILD_DIR]      (root; needs the Debian mirror)
#   tests/install/clean-system.sh --prepare-root   only the pristine root (the
#       debootstrap, minutes of network): scripts/test.sh starts it while it
#       builds, so the test itself later only unpacks it
# The cache directory FAKECAM_APT_CACHE (default /var/cache/fakecam-clean-system)
# keeps the downloaded .debs and the pristine root for the next runs.
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
prepare=0
if [ "${1:-}" = --prepare-root ]; then prepare=1; shift; fi
build=$(realpath "${1:-$root_dir/build}")
work=${FAKECAM_CLEAN_SYSTEM_DIR:-/var/tmp/fakecam-clean-system}
cache=${FAKECAM_APT_CACHE:-/var/cache/fakecam-clean-system}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
fail() { echo "clean-system: FAIL: $*" >&2; exit 1; }
say() { printf 'clean-system: %s\n' "$*"; }
[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot); run it with sudo"
# A pristine debootstrapped root is kept as a tarball for a week: the same
# fresh system, without the minutes of debootstrap on every run.
pristine=$cache/bookworm-minbase.tar
[ -n "$(find "$pristine" -mtime -7 2>/dev/null)" ] || rm -f "$pristine"
# make_pristine DIR LOG: debootstraps a minimal bookworm into DIR and keeps it as $pristine
make_pristine() {
  say "debootstrap --variant=minbase bookworm"
  mkdir -p "$cache/debootstrap" "$1"
  debootstrap --variant=minbase --cache-dir="$cache/debootstrap" bookworm "$1" "$mirror" >"$2" 2>&1 ||
    { tail -20 "$2" >&2; fail "debootstrap failed"; }
  tar -cf "$pristine.tmp" -C "$1" . && mv "$pristine.tmp" "$pristine"
}
if [ "$prepare" = 1 ]; then
  command -v debootstrap >/dev/null || fail "debootstrap is not installed (scripts/setup.sh build run test vm)"
  if [ -f "$pristine" ]; then say "pristine root $pristine is fresh"; exit 0; fi
  scratch=$(mktemp -d /var/tmp/fakecam-pristine.XXXXXX)
  # mktemp's 0700 would become the root's "/" in the tarball: the ordinary
  # user the test runs as could then execute nothing
  chmod 755 "$scratch"
  make_pristine "$scratch" "$scratch.log"
  rm -rf "$scratch" "$scratch.log"
  say "pristine root written to $pristine"
  exit 0
fi
for tool in debootstrap cpack dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/setup.sh build run test vm)"
done
[ -x "$build/src/app/fakecam" ] || fail "$build/src/app/fakecam is not built"
start=$(date +%s)

target=$work/root
cleanup() {
  for m in var/cache/apt/archives proc; do
    mountpoint -q "$target/$m" 2>/dev/null && umount "$target/$m"
  done
  return 0
}
trap cleanup EXIT
cleanup
rm -rf "$work"
mkdir -p "$work" "$cache/debootstrap" "$cache/apt"

say "cpack -G DEB"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log") ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/pkg/fakecam_*_amd64.deb)
dpkg-deb -I "$deb" >"$work/dpkg-I.txt"
cat "$work/dpkg-I.txt"
say "package: $(basename "$deb"), $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes)"
grep -q '^ Section: video$' "$work/dpkg-I.txt" || fail "Section is not video"
grep -q '^ Recommends: v4l2loopback-dkms | pipewire$' "$work/dpkg-I.txt" || fail "Recommends is not v4l2loopback-dkms | pipewire"
grep -q '^ Depends: .*libxnnpack' "$work/dpkg-I.txt" || fail "Depends (dpkg-shlibdeps) misses libxnnpack"
# FFmpeg and SDL are loaded at run time: Depends must name them by hand
for package in libavformat59 libavcodec59 libswscale6 libavutil57 libsdl2-2.0-0; do
  grep -q "^ Depends: .*\b$package\b" "$work/dpkg-I.txt" || fail "Depends misses $package (loaded at run time)"
done
dpkg-deb -c "$deb" | grep '\./usr/share/doc/fakecam/copyright$' >/dev/null || fail "no copyright file in the package"

mkdir -p "$target"
if [ -f "$pristine" ]; then
  say "fresh bookworm minbase root from $pristine"
  tar -xf "$pristine" -C "$target"
  # "/" must be open to the ordinary user whatever mode the tarball kept for it
  # (a tarball made from a 0700 mktemp directory before this was fixed)
  chmod 755 "$target"
else
  make_pristine "$target" "$work/debootstrap.log"
fi
cp /etc/resolv.conf "$target/etc/resolv.conf"
mount -t proc proc "$target/proc"
mount --bind "$cache/apt" "$target/var/cache/apt/archives"
in_root() { chroot "$target" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() { chroot "$target" /usr/sbin/runuser -l tester -c "$*"; }

say "apt-get install ./$(basename "$deb") man-db systemd"
cp "$deb" "$target/tmp/"
in_root apt-get update -q >"$work/apt.log" 2>&1 || { tail "$work/apt.log" >&2; fail "apt-get update failed"; }
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "/tmp/$(basename "$deb")" man-db systemd >>"$work/apt.log" 2>&1 ||
  { tail -20 "$work/apt.log" >&2; fail "apt-get install of the package failed"; }
in_root useradd -m -s /bin/bash tester

say "as an ordinary user"
version=$(as_user fakecam --version) || fail "fakecam --version failed"
[[ $version == "fakecam "* ]] || fail "fakecam --version printed '$version'"
if as_user fakecam --check -w /dev/video0 -v /dev/video10 >"$work/check.txt" 2>&1; then
  fail "fakecam --check succeeded without a camera"
fi
grep -q '/dev/video0' "$work/check.txt" || { cat "$work/check.txt" >&2; fail "--check does not name the missing webcam"; }
cat "$work/check.txt"
# man prints bold as overstrikes when piped; sed removes them.
as_user "MANWIDTH=80 man fakecam" | sed 's/.\x08//g' >"$work/man.txt" || fail "man fakecam failed"
grep -q 'FAKECAM(1)' "$work/man.txt" && grep -q -- '--background-image' "$work/man.txt" ||
  fail "man fakecam does not show the page"
as_user fakecam --input /usr/share/fakecam/samples/person-webcam.mp4 --output x.y4m --frames 30 \
  >"$work/demo.txt" 2>&1 || { cat "$work/demo.txt" >&2; fail "the installed demo failed"; }
frames=$(grep -c FRAME "$target/home/tester/x.y4m" || true)
[ "$frames" -eq 30 ] || fail "the installed demo wrote $frames frames, expected 30"
# By name: systemd must find the units where the package put them.
in_root install -d -o tester -m 700 /tmp/runtime-tester
for unit in fakecam.service fakecam@desk.service; do
  out=$(as_user "XDG_RUNTIME_DIR=/tmp/runtime-tester systemd-analyze --user verify --man=no $unit 2>&1") ||
    fail "systemd-analyze --user verify $unit: $out"
  [ -z "$out" ] || fail "systemd-analyze --user verify $unit warns: $out"
done
[ -e "$target/etc/modprobe.d/fakecam-v4l2loopback.conf" ] && fail "the package installs into /etc/modprobe.d"

say "dpkg -r fakecam"
in_root dpkg -r fakecam >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "dpkg -r failed"; }
left=$(cd "$target" && find . -xdev \( -path ./proc -o -path ./home -o -path ./tmp \) -prune -o -name '*fakecam*' -print)
[ -z "$left" ] || fail "files left after dpkg -r: $left"
say "ok in $(($(date +%s) - start)) s"
