#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the fuzzers (TFLite loader, MJPEG decoder, layer specs, config files; clang,
# libFuzzer + ASan + UBSan) and runs each
# for a bounded time. Exits non-zero if it finds a crash, a sanitizer error, a
# leak, a hang or an out-of-memory input; the input that did it is kept in the
# artifacts directory printed below.
#
# Usage: tools/ci/fuzz.sh [SECONDS]     (default 60)
# Environment: FAKECAM_FUZZ_BUILD=dir   build directory (default build-fuzz, the
#              fuzz preset; any tree configured with clang and FAKECAM_FUZZ=ON works)
# Needs (Debian 12): clang libclang-rt-14-dev, plus fakecam's build packages
# (.ci/apt-packages.txt).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
build=${FAKECAM_FUZZ_BUILD:-$root/build-fuzz}

for tool in clang clang++ cmake ninja; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fuzz.sh: $tool is not installed (Debian: apt-get install clang libclang-rt-14-dev cmake ninja-build)" >&2
    exit 1
  fi
done

# A tree configured already is used as it is: scripts/test.sh passes its
# build-asan/ (the asan preset: the sanitizer tests and the fuzzers in one tree).
if [ ! -f "$build/CMakeCache.txt" ]; then
  (cd "$root" && cmake --preset fuzz -B "$build")
fi
cmake --build "$build" --target tflite_loader_fuzzer tflite_seed_corpus mjpeg_decoder_fuzzer mjpeg_seed_corpus \
  layer_spec_fuzzer config_file_fuzzer media_reader_fuzzer media_seed_corpus

artifacts="$build/fuzz/artifacts"
mkdir -p "$artifacts"

# run_fuzzer NAME SECONDS MAX_LEN SEEDS: runs $build/fuzz/NAME on its own
# growing corpus ($build/fuzz/NAME-corpus; libFuzzer writes new inputs there)
# plus SEEDS. -timeout: one input taking longer is a hang (a failure);
# -rss_limit_mb: so is an input that makes fakecam allocate absurd amounts.
run_fuzzer() {
  mkdir -p "$build/fuzz/$1-corpus"
  echo "fuzz.sh: running $1 for $2 s (artifacts in $artifacts)"
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$build/fuzz/$1" -max_total_time="$2" -timeout=10 -rss_limit_mb=2048 -max_len="$3" \
    -artifact_prefix="$artifacts/$1-" -print_final_stats=1 "$build/fuzz/$1-corpus" "$4"
  echo "fuzz.sh: $1: no crash in $2 s"
}

half=$(( (seconds + 1) / 2 ))
quarter=$(( (seconds + 3) / 4 ))
# The model loader for the whole time, the webcam's MJPEG frames and image or
# video files (FFmpeg through src/media) for half, the layer-spec language
# (--background=..., config files) and the config file's format for a quarter.
# Two lanes of about equal length, side by side (each fuzzer uses one core):
# the loader, then the two text formats; the MJPEG decoder, then the media reader.
logs="$build/fuzz/logs"
mkdir -p "$logs"
lane_a() {
  run_fuzzer tflite_loader_fuzzer "$seconds" 300000 "$build/fuzz/seed-corpus" &&
    run_fuzzer layer_spec_fuzzer "$quarter" 4096 "$root/fuzz/layer-spec-seeds" &&
    run_fuzzer config_file_fuzzer "$quarter" 4096 "$root/fuzz/config-file-seeds"
}
lane_b() {
  run_fuzzer mjpeg_decoder_fuzzer "$half" 200000 "$build/fuzz/mjpeg-seed-corpus" &&
    run_fuzzer media_reader_fuzzer "$half" 100000 "$build/fuzz/media-seed-corpus"
}
lane_a > "$logs/lane-a.log" 2>&1 &
a=$!
lane_b > "$logs/lane-b.log" 2>&1 &
b=$!
status=0
wait "$a" || status=1
wait "$b" || status=1
# the whole of a failed lane's log (the crash report); the outcome lines of the others
for lane in a b; do
  if grep -q "no crash in" "$logs/lane-$lane.log" && [ "$status" = 0 ]; then
    grep "^fuzz.sh:" "$logs/lane-$lane.log"
  else
    cat "$logs/lane-$lane.log"
  fi
done
[ "$status" = 0 ] || { echo "fuzz.sh: a fuzzer failed (logs: $logs)" >&2; exit 1; }
