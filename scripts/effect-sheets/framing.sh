#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's auto-framing picture: the bundled webcam clip without and with
# --framing auto, the same moment side by side, into docs/images/framing.jpg.
# Needs a built fakecam (build/src/app/fakecam, or FAKECAM=...) and ffmpeg.
#   scripts/effect-sheets/framing.sh [OUTPUT.jpg]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
fakecam=${FAKECAM:-build/src/app/fakecam}
out=${1:-docs/images/framing.jpg}
clip=samples/person-webcam.mp4
[ -x "$fakecam" ] || { echo "framing.sh: $fakecam is not built (cmake --build build)" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "framing.sh: ffmpeg is not installed (apt install ffmpeg)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The clip is 12 fps and 62 frames long: 58 output frames at 12 fps end just
# before it loops, when the crop has long settled. Both runs see the same frames.
run() {
  "$fakecam" -c /dev/null --input "$clip" -F 12 --frames 58 --no-status -q --output "$tmp/$1.y4m" "${@:2}"
}
run before --framing off
run after --framing auto
mkdir -p "$(dirname "$out")"
# The last frame of each, side by side (-update: each pair overwrites the last).
ffmpeg -v error -y -i "$tmp/before.y4m" -i "$tmp/after.y4m" \
  -filter_complex "[0:v][1:v]hstack=inputs=2,pad=iw+8:ih+8:4:4:white" -update 1 -q:v 3 "$out"
echo "wrote $out (left: the webcam; right: --framing auto)"
