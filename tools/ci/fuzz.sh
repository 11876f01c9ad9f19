#!/bin/sh
# Builds the fuzzers (TFLite loader, MJPEG decoder, layer specs; clang,
# libFuzzer + ASan + UBSan) and runs each
# for a bounded time. Exits non-zero if it finds a crash, a sanitizer error, a
# leak, a hang or an out-of-memory input; the input that did it is kept in the
# artifacts directory printed below.
#
# Usage: tools/ci/fuzz.sh [SECONDS]     (default 60)
# Environment: FAKECAM_FUZZ_BUILD=dir   build directory (default build-fuzz)
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

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFAKECAM_FUZZ=ON -DFAKECAM_BUILD_TESTS=OFF -DFAKECAM_BUILD_BENCH=OFF
fi
cmake --build "$build" --target tflite_loader_fuzzer tflite_seed_corpus mjpeg_decoder_fuzzer mjpeg_seed_corpus \
  layer_spec_fuzzer media_reader_fuzzer media_seed_corpus

fuzzer="$build/fuzz/tflite_loader_fuzzer"
seeds="$build/fuzz/seed-corpus"
corpus="$build/fuzz/corpus"      # grows across runs; libFuzzer writes new inputs here
artifacts="$build/fuzz/artifacts"
mkdir -p "$corpus" "$artifacts"

echo "fuzz.sh: running $fuzzer for $seconds s (artifacts in $artifacts)"
# -timeout: one input taking longer is a hang (a failure); -rss_limit_mb: so is
# an input that makes the loader allocate absurd amounts.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=300000 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" "$seeds"
echo "fuzz.sh: tflite_loader_fuzzer: no crash in $seconds s"

# The MJPEG decoder (webcam frames) for half the time.
mjpeg_corpus="$build/fuzz/mjpeg-corpus"
mkdir -p "$mjpeg_corpus"
half=$(( (seconds + 1) / 2 ))
echo "fuzz.sh: running mjpeg_decoder_fuzzer for $half s"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  "$build/fuzz/mjpeg_decoder_fuzzer" -max_total_time="$half" -timeout=10 -rss_limit_mb=2048 -max_len=200000 \
  -artifact_prefix="$artifacts/mjpeg-" -print_final_stats=1 "$mjpeg_corpus" "$build/fuzz/mjpeg-seed-corpus"
echo "fuzz.sh: mjpeg_decoder_fuzzer: no crash in $half s"

# The layer-spec language (--background=..., config files) for a quarter of the time.
spec_corpus="$build/fuzz/layer-spec-corpus"
mkdir -p "$spec_corpus"
quarter=$(( (seconds + 3) / 4 ))
echo "fuzz.sh: running layer_spec_fuzzer for $quarter s"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  "$build/fuzz/layer_spec_fuzzer" -max_total_time="$quarter" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -artifact_prefix="$artifacts/layer-spec-" -print_final_stats=1 "$spec_corpus" "$root/fuzz/layer-spec-seeds"
echo "fuzz.sh: layer_spec_fuzzer: no crash in $quarter s"
# Image and video files (FFmpeg through src/media) for half the time.
media_corpus="$build/fuzz/media-corpus"
mkdir -p "$media_corpus"
echo "fuzz.sh: running media_reader_fuzzer for $half s"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  "$build/fuzz/media_reader_fuzzer" -max_total_time="$half" -timeout=10 -rss_limit_mb=2048 -max_len=100000 \
  -artifact_prefix="$artifacts/media-" -print_final_stats=1 "$media_corpus" "$build/fuzz/media-seed-corpus"
echo "fuzz.sh: media_reader_fuzzer: no crash in $half s"
