#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The test command (README, .ci/run): installs what is missing, builds, and
# runs every kind of test fakecam has:
#   1. unit, golden and command-line tests (CTest), warnings as errors (build/)
#   2. the same tests built with clang, AddressSanitizer + UndefinedBehaviorSanitizer
#      (build-asan/; the same tree also holds the fuzzers)
#   3. the .deb installed on a clean Debian 12 root (tests/install/clean-system.sh)
#   4. the fuzzers for a bounded time (tools/ci/fuzz.sh FUZZ_SECONDS, default 60)
#   5. end-to-end tests against real kernel drivers (vivid, v4l2loopback) and
#      headless Chromium in QEMU guests (tests/vm; VM_JOBS guests at a time, default 2)
#   6. every benchmark once, briefly, so they cannot rot (speed is measured
#      with bench/README.md, not here)
#   7. formatting (scripts/format.sh --check) and licence lines (scripts/spdx.sh --check)
# `scripts/test.sh --quick` runs only stages 1 and 7.
#
# Stages that mostly wait (debootstrap and apt are network, the guest image
# is mostly downloads, the .deb test is dpkg) run in the background beside
# the ones that compile; their output goes to build/test-logs/ and is shown when they are
# joined. Each stage's wall time is printed, and a table of all of them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
logs=$root/build/test-logs
t_begin=$(date +%s)

# ---- stage bookkeeping ---------------------------------------------------
declare -A pid_of=() start_of=()
table=()
mmss() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }
slug() { echo "$1" | tr -c 'A-Za-z0-9\n' '-' | tr -s '-' | sed 's/-$//'; }

# record NAME START RC: one row of the summary table
record() {
  local now; now=$(date +%s)
  table+=("$(printf '%-44s %7s %7s  %s' "$1" "$(mmss $(($2 - t_begin)))" "$(mmss $((now - $2)))" \
    "$([ "$3" = 0 ] && echo ok || echo "FAILED (exit $3)")")")
}
summary() {
  local rc=$?
  # a failed stage leaves its background siblings running: end them (and their children)
  for name in "${!pid_of[@]}"; do
    kill_tree "${pid_of[$name]}"
    table+=("$(printf '%-44s %7s %7s  %s' "$name" "$(mmss $((start_of[$name] - t_begin)))" "-" \
      "stopped (log: $logs/$(slug "$name").log)")")
  done
  printf '\n==== stage times (load now: %s) ====\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-44s %7s %7s  %s\n' stage start wall result
  printf '%s\n' "${table[@]}"
  printf '%-44s %7s %7s\n' "total" "" "$(mmss $(($(date +%s) - t_begin)))"
  return "$rc"
}
trap summary EXIT
kill_tree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}

# step NAME CMD...: runs CMD now, in the foreground, timed; stops everything if it fails.
# (CMD runs as a job of its own, so `set -e` holds inside shell functions too.)
step() {
  local name=$1 t0 rc=0; shift
  printf '\n==== %s ====\n' "$name"
  t0=$(date +%s)
  ( "$@" ) &
  wait $! || rc=$?
  record "$name" "$t0" "$rc"
  printf '==== %s: %s s ====\n' "$name" $(($(date +%s) - t0))
  [ "$rc" = 0 ] || { echo "scripts/test.sh: '$name' failed (exit $rc)" >&2; exit "$rc"; }
}
# spawn NAME CMD...: starts CMD in the background, its output in $logs/NAME.log
spawn() {
  local name=$1; shift
  mkdir -p "$logs"
  printf '\n==== %s: started in the background (log: %s) ====\n' "$name" "$logs/$(slug "$name").log"
  start_of[$name]=$(date +%s)
  ( "$@" ) > "$logs/$(slug "$name").log" 2>&1 < /dev/null &
  pid_of[$name]=$!
}
# join NAME: waits for a spawned stage, shows its log; stops everything if it failed
join() {
  local name=$1 rc=0
  wait "${pid_of[$name]}" || rc=$?
  unset "pid_of[$name]"
  printf '\n==== %s (background) ====\n' "$name"
  cat "$logs/$(slug "$name").log"
  record "$name" "${start_of[$name]}" "$rc"
  printf '==== %s: %s s ====\n' "$name" $(($(date +%s) - start_of[$name]))
  [ "$rc" = 0 ] || { echo "scripts/test.sh: '$name' failed (exit $rc)" >&2; exit "$rc"; }
}

# ---- the stages ------------------------------------------------------------
build_dev() {
  # the dev preset asks for the benchmarks and tools explicitly (stage 6 runs them)
  cmake --preset dev
  cmake --build --preset dev
}
ctest_dev() { ctest --preset dev -j "$(nproc)"; }
vm_scenarios() {
  # fakecam's scenarios plus the capture and output layers' own guest tests.
  # Not the harness's own smoke tests (00-smoke-*: vivid, a loopback written
  # by ffmpeg, an MJPEG feed, Chromium on a loopback): every fakecam scenario
  # goes through the same steps, so they only repeat them (~100 s of CI). Run
  # them after changing the guest image or lib.sh: run-scenarios.sh '00-smoke-*'.
  FAKECAM_BUILD_DIR="$root/build" VM_JOBS=${VM_JOBS:-2} \
    sh tests/vm/run-scenarios.sh '[1-9]*' tests/capture/vm/*.sh tests/output/vm/*.sh
}
# One clang tree for the sanitizer tests and the fuzzers (the asan preset:
# -O1 -g1, ASan + UBSan, libFuzzer instrumentation): one build instead of two.
# nice: the guests running beside it get the CPU when they want it.
build_asan() {
  cmake --preset asan
  nice cmake --build --preset asan
}
ctest_asan() { nice ctest --preset asan -j "$(nproc)"; }
fuzz() { FAKECAM_FUZZ_BUILD="$root/build-asan" nice tools/ci/fuzz.sh "${FUZZ_SECONDS:-60}"; }
# one short pass of each benchmark, two at a time (each is single-threaded)
bench_smoke() {
  find build/bench -name '*_bench' -type f -perm -u+x | sort |
    xargs -P 2 -I{} sh -c 'FAKECAM_BENCH_SMOKE=1 "$1" --benchmark_min_time=0.01 --benchmark_repetitions=1 >/dev/null && echo "ok: $1"' _ {}
  FAKECAM_BENCH_SMOKE=1 bench/app/running_costs.sh build >/dev/null && echo "ok: bench/app/running_costs.sh"
  FAKECAM_BENCH_SMOKE=1 bench/compose/studio_budget_instructions.sh build >/dev/null &&
    echo "ok: bench/compose/studio_budget_instructions.sh"
}

# The guests' packages (a kernel, QEMU, Chromium: most of a fresh machine's
# downloads) are installed beside the build, by the guest image's stage: no
# host test before the guests needs them.
vm_image() {
  scripts/setup.sh vm
  $sudo sh tests/vm/build-image.sh
}

step "setup: build, run and test packages" scripts/setup.sh build run test
if [ "$quick" = 0 ]; then
  # network-bound: overlap them with the build
  spawn "clean Debian 12 root (debootstrap)" $sudo tests/install/clean-system.sh --prepare-root
  spawn "VM packages and guest image" vm_image
fi
step "build (build/, dev preset)" build_dev
step "unit tests (build/)" ctest_dev
if [ "$quick" = 0 ]; then
  step "clang ASan+UBSan+fuzzer build (build-asan/)" build_asan
  # joined only now, so a slow mirror never holds up the compiling
  join "clean Debian 12 root (debootstrap)"
  spawn "the .deb on a clean Debian 12 root" $sudo tests/install/clean-system.sh build
  step "ASan+UBSan unit tests (build-asan/)" ctest_asan
  step "fuzzing, ${FUZZ_SECONDS:-60} s for the model loader (build-asan/)" fuzz
  join "the .deb on a clean Debian 12 root"
  join "VM packages and guest image"
  # After the compiling and the sanitizer tests, two guests at a time: beside
  # the sanitizer build they starved it (measured: 23 of 360 steps in 5 min
  # beside two guests), and the scenarios that check frame gaps must not
  # share the host with a compiler; two guests alone share it with each other.
  step "end-to-end tests in QEMU guests" vm_scenarios
  step "benchmarks, one short pass each" bench_smoke
fi
step "formatting (scripts/format.sh --check)" scripts/format.sh --check
step "licence lines (scripts/spdx.sh --check)" scripts/spdx.sh --check
echo
echo "scripts/test.sh: all tests passed"
