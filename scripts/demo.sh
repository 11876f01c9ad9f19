#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The main job on a brand-new machine: installs what is missing, builds
# fakecam (fetching the pinned models once), and runs it.
#   - With a webcam and a v4l2loopback device: the virtual webcam, with the
#     bundled beach background (pick "fakecam" in your video-call app;
#     Ctrl-C reloads the images, Ctrl-\ quits).
#   - Otherwise (no webcam, no V4L2 — CI, containers, this repo's dev hosts):
#     the bundled webcam clip through the same pipeline into demo/out.y4m,
#     a side-by-side snapshot demo/snapshot.png, and a person mask from
#     `fakecam segment` (demo/mask.png).
# Pass extra fakecam options after `--`, e.g. scripts/demo.sh -- --blur 60
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
extra=()
[ "${1:-}" = "--" ] && { shift; extra=("$@"); }

scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build
fakecam=build/src/app/fakecam

loopback=""
for n in /sys/class/video4linux/video*; do
  [ -e "$n/name" ] || continue
  if grep -q 'v4l2 loopback\|fakecam' "$n/name" 2>/dev/null || [ -d /sys/module/v4l2loopback ]; then
    dev=/dev/$(basename "$n")
    "$fakecam" --check -v "$dev" >/dev/null 2>&1 && { loopback=$dev; break; }
  fi
done
if [ -n "$loopback" ] && [ -e /dev/video0 ]; then
  echo "fakecam demo: virtual webcam $loopback from /dev/video0 (Ctrl-\\ quits)"
  exec "$fakecam" -w /dev/video0 -v "$loopback" -b samples/background.jpg "${extra[@]}"
fi

mkdir -p demo
echo "fakecam demo: no webcam + v4l2loopback here; running the bundled clip through the pipeline"
"$fakecam" --input samples/person-webcam.mp4 -b samples/background.jpg -F 12 --frames 60 \
  --output demo/out.y4m --no-status "${extra[@]}"
ffmpeg -loglevel error -y -i samples/person-webcam.mp4 -i demo/out.y4m \
  -filter_complex '[0:v]trim=start_frame=40,setpts=PTS-STARTPTS[a];[1:v]trim=start_frame=40,setpts=PTS-STARTPTS[b];[a][b]hstack' \
  -frames:v 1 -update 1 demo/snapshot.png
ffmpeg -loglevel error -y -i samples/person-webcam.mp4 -vf 'select=eq(n\,40)' -frames:v 1 -update 1 demo/frame.png
"$fakecam" segment demo/frame.png -o demo/mask.png
cat <<EOT
fakecam demo done:
  demo/out.y4m       the composed video (watch: ffplay demo/out.y4m)
  demo/snapshot.png  webcam frame | fakecam output, side by side
  demo/mask.png      the person mask of demo/frame.png (fakecam segment)
For a live virtual webcam: sudo modprobe v4l2loopback devices=1 exclusive_caps=1 video_nr=10 card_label=fakecam
then: $fakecam -w /dev/video0 -v /dev/video10 -b samples/background.jpg
EOT
