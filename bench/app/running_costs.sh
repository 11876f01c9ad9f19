#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What the running program costs, measured on the binary itself (issue 12's
# targets: CPU share, peak RSS, start to first frame, capture-to-output
# latency). A 720p30 and a 1080p30 MJPEG clip made from samples/ play as the
# input, paced at 30 fps, with the default effect (blur) and with an image
# background; the output is a y4m stream.
#
#   start ms   fakecam started -> the first frame's header on its y4m
#              stdout (median of 5 starts)
#   CPU %      (user + system) / wall over a 10 s run, 100 = one core
#   steady %   the same without start-up (loading libraries and the model:
#              ~0.2 s of CPU, 2-3 points of a 10 s run's share): the 10 s
#              run's CPU and wall minus a 1 s run's, what each further
#              second of a call costs
#   RSS MB     peak resident set of that run
#   latency    capture to output, median/p95 ms, from fakecam's last line
#
# Run: bench/app/running_costs.sh [BUILD_DIR]   (FAKECAM_BENCH_SMOKE=1: one
# short run of each, for CI; numbers then mean nothing)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
bin=$build/src/app/fakecam
[ -x "$bin" ] || { echo "running_costs.sh: $bin: not built" >&2; exit 2; }
seconds=10 starts=5
if [ -n "${FAKECAM_BENCH_SMOKE:-}" ]; then seconds=1 starts=1; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# ms from start to the first "FRAME" line of the y4m on stdout.
start_ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$bin" --no-status --input "$1" "${@:2}" -v - 2>/dev/null | head -n 2 >/dev/null || true
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}

printf '%-6s %-10s %9s %7s %9s %7s %14s\n' size effect "start ms" "CPU %" "steady %" "RSS MB" "latency ms"
for size in 1280x720 1920x1080; do
  w=${size%x*} h=${size#*x}
  clip=$tmp/clip-$h.mkv
  ffmpeg -loglevel error -stream_loop -1 -i samples/person-webcam.mp4 -t $((seconds + 2)) \
    -vf "scale=$w:$h,fps=30" -c:v mjpeg -q:v 3 -pix_fmt yuvj420p "$clip"
  for effect in blur image; do
    args=()
    [ "$effect" = image ] && args=(-b samples/background.jpg)
    start=$(for _ in $(seq "$starts"); do start_ms "$clip" "${args[@]}"; done | median)
    /usr/bin/time -f '%U %S %e %M' -o "$tmp/time" "$bin" --no-status --input "$clip" "${args[@]}" \
      --output /dev/null --frames $((seconds * 30)) 2>"$tmp/log"
    read -r user sys wall rss_kb <"$tmp/time"
    /usr/bin/time -f '%U %S %e' -o "$tmp/time-short" "$bin" --no-status --input "$clip" "${args[@]}" \
      --output /dev/null --frames 30 2>/dev/null
    read -r user1 sys1 wall1 <"$tmp/time-short"
    latency=$(sed -n 's/.*latency \([0-9]*\/[0-9]*\) ms.*/\1/p' "$tmp/log" | tail -n 1)
    [ -n "$latency" ] || { echo "running_costs.sh: no latency in fakecam's log:" >&2; cat "$tmp/log" >&2; exit 1; }
    awk -v size="${h}p" -v effect="$effect" -v start="$start" -v user="$user" -v sys="$sys" \
      -v wall="$wall" -v rss="$rss_kb" -v latency="$latency" -v user1="$user1" -v sys1="$sys1" \
      -v wall1="$wall1" \
      'BEGIN {
        steady = wall > wall1 ? (user + sys - user1 - sys1) * 100 / (wall - wall1) : 0
        printf "%-6s %-10s %9s %7.1f %9.1f %7.0f %14s\n", size, effect, start, (user + sys) * 100 / wall, steady,
          rss / 1024, latency
      }'

  done
done
