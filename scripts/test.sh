#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds, and
# runs every kind of test fakecam has:
#   1. unit, golden and command-line tests (CTest), warnings as errors
#   2. the same tests built with AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the .deb installed on a clean Debian 12 root (tests/install/clean-system.sh)
#   4. the TFLite loader fuzzer for a bounded time (FUZZ_SECONDS, default 60)
#   5. end-to-end tests against real kernel drivers (vivid, v4l2loopback) and
#      headless Chromium in a QEMU guest (tests/vm)
#   6. every benchmark once, briefly, so they cannot rot (speed is measured
#      with bench/README.md, not here)
# `scripts/test.sh --quick` runs only stage 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
quick=0
[ "${1:-}" = "--quick" ] && quick=1

step() { printf '\n==== %s ====\n' "$*"; }

step "setup: build, run, test and VM packages"
scripts/setup.sh build run test vm

step "build and unit tests (build/)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAKECAM_WERROR=ON
cmake --build build
ctest --test-dir build --output-on-failure --no-tests=error -j "$(nproc)"
[ "$quick" = 1 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

step "the .deb on a clean Debian 12 root (debootstrap)"
$sudo tests/install/clean-system.sh build

step "AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFAKECAM_WERROR=ON -DFAKECAM_SANITIZE=ON -DFAKECAM_BUILD_BENCH=OFF
cmake --build build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure --no-tests=error -j "$(nproc)"

step "fuzzing: model loader ${FUZZ_SECONDS:-60} s, then MJPEG frames, media files, layer specs and config files"
tools/ci/fuzz.sh "${FUZZ_SECONDS:-60}"

step "end-to-end tests with real drivers in a QEMU guest"
$sudo sh tests/vm/build-image.sh
# fakecam's scenarios plus the capture and output layers' own guest tests
FAKECAM_BUILD_DIR="$root/build" sh tests/vm/run-scenarios.sh '*' tests/capture/vm/*.sh tests/output/vm/*.sh

step "benchmarks, one short pass each"
for b in build/bench/*/*_bench build/bench/*/*/*_bench; do
  [ -x "$b" ] || continue
  FAKECAM_BENCH_SMOKE=1 "$b" --benchmark_min_time=0.01 --benchmark_repetitions=1 >/dev/null
  echo "ok: $b"
done
step "all tests passed"
