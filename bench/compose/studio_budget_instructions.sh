#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 13's budget counted in instructions, which other guests on a shared
# host cannot move (a timed median moves by 0.1 ms between runs there):
# each YUV case of studio_budget_bench composed FRAMES times under
# valgrind's callgrind, counting the framing and the composite
# (StudioCase::compose), and what each case adds per 720p frame over the
# plain composite, in instructions and as a fraction of it.
#
# valgrind runs the AVX2 builds of our kernels (it has no AVX-512): the
# counts are those of an AVX2 machine (the guest's, a laptop's).
#
# Usage: bench/compose/studio_budget_instructions.sh [BUILD_DIR] [FRAMES]
set -eu
build=${1:-build}
frames=${2:-10}
# the quick pass scripts/test.sh makes: every case, one frame
[ "${FAKECAM_BENCH_SMOKE:-0}" = 1 ] && frames=1
bench=$build/bench/compose/studio_budget_bench
[ -x "$bench" ] || { echo "studio_budget_instructions: no $bench (build the dev preset first)" >&2; exit 2; }
command -v valgrind >/dev/null 2>&1 || { echo "studio_budget_instructions: valgrind not found" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# light, zoom %, capture height, name
cases="0 0 720 plain
50 0 720 light_50
0 150 1080 framing_1.5x_of_1080p
50 150 1080 framing_1.5x_of_1080p_+_light_50
0 200 720 framing_2x_of_720p
50 200 720 framing_2x_of_720p_+_light_50"

count() {  # light zoom height frames -> instructions in StudioCase::compose
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1.$2.$3.$4" \
    --toggle-collect='*StudioCase::compose*' \
    "$bench" "--compose-only=$1,$2,$3,$4" >/dev/null 2>&1
  callgrind_annotate "$out/cg.$1.$2.$3.$4" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

# Two frame counts, so that the first frame's allocations cancel out.
echo "$cases" | while read -r light zoom height name; do
  one=$(count "$light" "$zoom" "$height" 1)
  many=$(count "$light" "$zoom" "$height" $((frames + 1)))
  echo "$name $(( (many - one) / frames ))"
done > "$out/per_frame"

awk '
  NR == 1 { plain = $2 }
  { name = $1; gsub("_", " ", name)
    if (NR == 1) printf "%-34s %12s %12s %8s\n", "YUV path, 720p out, per frame", "instructions", "adds", "x plain"
    printf "%-34s %12d %+12d %8.3f\n", name, $2, $2 - plain, ($2 - plain) / plain }
' "$out/per_frame"
