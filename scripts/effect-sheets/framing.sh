#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's auto-framing picture: a wide view with the person small in it
# (a webcam far from its user), without and with --framing auto, the same
# moment side by side, into docs/images/framing.jpg.
#
# The bundled clip already fills its frame (auto-framing would have nothing
# to do), so the wide scene is made from it: the clip at 45% (576x324)
# laid low and off-centre on a 1280x720 canvas, then everything but the
# person replaced by fakecam itself with the clip's own wall colour (a wide
# plain wall, no clip border left). A plain wall, not a photograph: the
# model takes busy scenery (boats on a beach) partly for a person, and the
# framing would follow that.
# Needs a built fakecam (build/src/app/fakecam, or FAKECAM=...) and ffmpeg.
#   scripts/effect-sheets/framing.sh [OUTPUT.jpg]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
fakecam=${FAKECAM:-build/src/app/fakecam}
out=${1:-docs/images/framing.jpg}
clip=samples/person-webcam.mp4
wall='#D9D9E1'  # the clip's wall, top left
[ -x "$fakecam" ] || { echo "framing.sh: $fakecam is not built (cmake --build build)" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "framing.sh: ffmpeg is not installed (apt install ffmpeg)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

# The clip three times over (12 fps, 62 frames each: 15 s), on the canvas.
ff -stream_loop 2 -i "$clip" -vf "scale=576:324,pad=1280:720:560:396:$wall" -c:v ffv1 "$tmp/padded.mkv"
# The wall around the person (the default mask pipeline: a clean edge).
frames=180
"$fakecam" -c /dev/null --input "$tmp/padded.mkv" -F 12 --frames "$frames" --no-status -q \
  --background-colour "$wall" \
  --output "$tmp/wide.y4m"

# Then the wide scene as the webcam: without and with framing. The crop has
# settled long before the last frame (the follow takes ~2 s to zoom in).
run() {
  "$fakecam" -c /dev/null --input "$tmp/wide.y4m" -F 12 --frames $((frames - 2)) --no-status -q --no-background \
    --output "$tmp/$1.y4m" "${@:2}"
}
run before --framing off
run after --framing auto
mkdir -p "$(dirname "$out")"
# The last frame of each, side by side (-update: each pair overwrites the last).
ff -i "$tmp/before.y4m" -i "$tmp/after.y4m" \
  -filter_complex "[0:v][1:v]hstack=inputs=2,scale=1280:-2,pad=iw+8:ih+8:4:4:white" -update 1 -q:v 3 "$out"
echo "wrote $out (left: the wide webcam view; right: --framing auto)"
