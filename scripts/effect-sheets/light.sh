#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Before/after pictures of the portrait light and the low-light denoiser for
# the README, made by fakecam itself from the bundled sample clip:
#
#   docs/images/light.jpg    the sample dimmed as a dark room would, then
#                            --light 60 (left: before, right: after)
#   docs/images/denoise.jpg  the dimmed sample with camera grain added, then
#                            --denoise 80 (a crop at full size, so the grain shows)
#
# Usage: scripts/effect-sheets/light.sh [BUILD_DIR]   (default: build)
# Needs ffmpeg. Deterministic: fixed frame, fixed noise seed.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
fakecam=$build/src/app/fakecam
sample=$root/samples/person-webcam.mp4
out=$root/docs/images
[ -x "$fakecam" ] || { echo "light.sh: $fakecam: not built (cmake --build $build)" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "light.sh: ffmpeg: not installed (apt install ffmpeg)" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

frames=45  # the picture after 1.5 s: the mask smoothing and the denoiser's average have settled
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

# A dim room: darker and flatter, as a webcam sees it in the evening; then
# the same with sensor grain (temporal, a fixed seed).
ff -i "$sample" -t 3 -vf "scale=1280:720,eq=brightness=-0.12:contrast=0.8:gamma=0.85" -c:v ffv1 "$tmp/dim.mkv"
ff -i "$tmp/dim.mkv" -vf "noise=alls=18:allf=t:all_seed=1" -c:v ffv1 "$tmp/grainy.mkv"

# fakecam's output, frame $frames, as PNG.
shot() {  # shot NAME INPUT FLAGS...
  name=$1 input=$2
  shift 2
  "$fakecam" -q --input "$input" --no-background --frames "$frames" --output "$tmp/$name.y4m" "$@"
  ff -i "$tmp/$name.y4m" -vf "select=eq(n\,$((frames - 1)))" -frames:v 1 "$tmp/$name.png"
}
shot dim "$tmp/dim.mkv"
shot lit "$tmp/dim.mkv" --light 60
shot grainy "$tmp/grainy.mkv"
shot clean "$tmp/grainy.mkv" --denoise 80

ff -i "$tmp/dim.png" -i "$tmp/lit.png" -filter_complex "[0][1]hstack,scale=1280:-2" -q:v 3 "$out/light.jpg"
ff -i "$tmp/grainy.png" -i "$tmp/clean.png" \
  -filter_complex "[0]crop=480:360:400:120[a];[1]crop=480:360:400:120[b];[a][b]hstack" \
  -q:v 3 "$out/denoise.jpg"
echo "wrote $out/light.jpg and $out/denoise.jpg"
