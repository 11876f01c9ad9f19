#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-scenarios.sh [PATTERN|FILE...] — runs tests/vm/scenarios/*.sh, each in
# its own fresh guest (run-in-vm.sh; VM_JOBS guests at a time), and prints a
# PASS/FAIL summary. PATTERNs
# are shell patterns on the scenario name, e.g. '00-smoke-*' or
# 00-smoke-browser; a FILE argument (a path to a .sh file, e.g. another
# layer's tests/output/vm/*.sh) is run as a scenario too (files named lib.sh
# are skipped, so a glob over such a directory works).
# Exit: 0 all passed, 1 any failed, 2 setup problem or no scenario matched.
#
# A fresh guest per scenario keeps them independent (and sidesteps the
# v4l2loopback 0.12.7 bug that leaves a device broken after a write()-based
# producer exits). A scenario is a POSIX sh script run INSIDE the guest, in its
# work dir, with the environment described in lib.sh. It may set guest options
# in header lines of the form
#   #vm NAME=VALUE
# for NAME in VM_MEM VM_SMP VM_TIMEOUT VIVID_OPTS LOOPBACK_OPTS LOOPBACK_VERSION
# AKVCAM_CONFIG (see run-in-vm.sh; a relative AKVCAM_CONFIG is taken from the
# scenario's own directory).
#
# Environment (all optional):
#   FAKECAM_BUILD_DIR  build dir (default <repo>/build)
#   FAKECAM_BIN        fakecam binary (default $FAKECAM_BUILD_DIR/src/app/fakecam)
#   FAKECAM_SHARED_DATA  shared data (default <repo>/../shared/data)
#   VM_RESULTS         where logs and work dirs go (default <repo>/.vm/results);
#                      emptied at the start of each run
#   VM_KEEP_WORK=1     keep the work dirs of passing scenarios too
#   VM_SCENARIO_TIMEOUT  default per-scenario VM_TIMEOUT in s (default 600)
#   VM_PASS_ENV        more host variable names to pass into the guest
#   VM_DIR             the image (see build-image.sh)
#   VM_JOBS            how many guests run at once (default 1); scripts/test.sh
#                      uses 2. Memory: each guest takes its VM_MEM (2-4 GiB).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$(pwd)/$1" ;; esac; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

FAKECAM_SOURCE_DIR=$repo
FAKECAM_TEST_DATA=$repo/tests/data
FAKECAM_BUILD_DIR=$(abspath "${FAKECAM_BUILD_DIR:-$repo/build}")
FAKECAM_BIN=$(abspath "${FAKECAM_BIN:-$FAKECAM_BUILD_DIR/src/app/fakecam}")
FAKECAM_SHARED_DATA=$(abspath "${FAKECAM_SHARED_DATA:-$(dirname "$repo")/shared/data}")
VM_TESTS_DIR=$here
VM_RESULTS=$(abspath "${VM_RESULTS:-$repo/.vm/results}")
export FAKECAM_SOURCE_DIR FAKECAM_TEST_DATA FAKECAM_BUILD_DIR FAKECAM_BIN FAKECAM_SHARED_DATA VM_TESTS_DIR

VM_DIR=${VM_DIR:-/var/tmp/fakecam-vm-tests}
export VM_DIR

# choose scenarios: "name=path" words (paths and names hold no spaces)
selected=""
for s in "$here"/scenarios/*.sh; do
  [ -f "$s" ] || continue
  name=$(basename "$s" .sh)
  if [ $# -eq 0 ]; then selected="$selected $name=$s"; continue; fi
  for pat in "$@"; do
    # shellcheck disable=SC2254
    case $name in $pat|$pat.sh) selected="$selected $name=$s"; break ;; esac
  done
done
for arg in "$@"; do
  case $arg in */*) ;; *) continue ;; esac
  [ -f "$arg" ] || { echo "run-scenarios: no such scenario file: $arg" >&2; exit 2; }
  [ "$(basename "$arg")" != lib.sh ] || continue
  path=$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")
  case $path in "$here"/scenarios/*) continue ;; esac   # already matched by name
  case $path in *[!A-Za-z0-9_./-]*) echo "run-scenarios: unsupported characters in $path" >&2; exit 2 ;; esac
  # name: the path under the repo, e.g. tests-output-vm-wrong_device
  name=$(echo "${path#"$repo"/}" | sed 's/\.sh$//; s|/|-|g; s/^-//')
  selected="$selected $name=$path"
done
# every name or pattern given must match something: a typo is an error, not a skipped scenario
for pat in "$@"; do
  case $pat in */*) continue ;; esac
  matched=0
  for s in "$here"/scenarios/*.sh; do
    name=$(basename "$s" .sh)
    # shellcheck disable=SC2254
    case $name in $pat|$pat.sh) matched=1; break ;; esac
  done
  [ "$matched" = 1 ] || { echo "run-scenarios: no scenario matches '$pat' (names: $(cd "$here/scenarios" && ls ./*.sh | sed 's|^\./||; s/\.sh$//' | tr '\n' ' '))" >&2; exit 2; }
done
if [ -z "$selected" ]; then
  echo "run-scenarios: no scenario matches: $*" >&2
  exit 2
fi
# (The names first: a typo is reported on a machine with no image yet.)
if [ ! -f "$VM_DIR/initramfs.gz" ]; then
  echo "run-scenarios: no guest image in $VM_DIR: run 'sudo sh tests/vm/build-image.sh' first" >&2
  exit 2
fi
# browser scenarios need the pinned playwright-core; a no-op when up to date
sh "$here/browser/install.sh" || { echo "run-scenarios: browser/install.sh failed" >&2; exit 2; }

# Host paths under /tmp or /run are hidden by the guest's tmpfs: share them.
share=""
for p in "$repo" "$FAKECAM_BUILD_DIR" "$(dirname "$FAKECAM_BIN")" "$FAKECAM_SHARED_DATA"; do
  [ -d "$p" ] && share="$share $p"
done

rm -rf "$VM_RESULTS"
mkdir -p "$VM_RESULTS"
summary="$VM_RESULTS/summary.txt"
: > "$summary"
jobs=${VM_JOBS:-1}
case $jobs in ''|*[!0-9]*|0) echo "run-scenarios: VM_JOBS must be a positive number, not '$jobs'" >&2; exit 2 ;; esac
t_all=$(now_ms)
echo "run-scenarios: $(echo "$selected" | wc -w) scenario(s), $jobs guest(s) at a time, results in $VM_RESULTS"

# run_one NAME FILE: one scenario in its own guest; writes "$dir/result"
# (PASS|FAIL line) and prints it.
run_one() {
  name=$1 s=$2
  dir="$VM_RESULTS/$name"
  mkdir -p "$dir/work"
  t0=$(now_ms)
  rc=0
  (
    VM_TIMEOUT=${VM_SCENARIO_TIMEOUT:-600}
    VM_MEM=2048 VM_SMP=2
    unset VIVID_OPTS LOOPBACK_OPTS LOOPBACK_VERSION AKVCAM_CONFIG
    # header options: "#vm NAME=VALUE" (VALUE taken literally, spaces included)
    sed -n 's/^#vm[[:space:]]\{1,\}//p' "$s" > "$dir/vm-options"
    while IFS= read -r line; do
      # shellcheck disable=SC2034 # value is read by the eval below
      key=${line%%=*} value=${line#*=}
      # shellcheck disable=SC2163 # exports the variable named by $key
      case $key in
        VM_MEM|VM_SMP|VM_TIMEOUT|VIVID_OPTS|LOOPBACK_OPTS|LOOPBACK_VERSION) eval "$key=\$value"; export "$key" ;;
        AKVCAM_CONFIG) case $value in /*) ;; *) value=$(dirname "$s")/$value ;; esac
                       AKVCAM_CONFIG=$value; export AKVCAM_CONFIG ;;
        *) echo "run-scenarios: $name: unknown '#vm $key' option" >&2; exit 2 ;;
      esac
    done < "$dir/vm-options"
    export VM_TIMEOUT VM_MEM VM_SMP
    VM_SCENARIO=$name WORK=/tmp/work VM_SHARE="$share $(dirname "$s")"
    export VM_SCENARIO WORK VM_SHARE
    VM_ENV="FAKECAM_SOURCE_DIR FAKECAM_TEST_DATA FAKECAM_BUILD_DIR FAKECAM_BIN FAKECAM_SHARED_DATA VM_TESTS_DIR VM_SCENARIO WORK ${VM_PASS_ENV:-}"
    export VM_ENV
    exec sh "$here/run-in-vm.sh" "$dir/work" "sh '$s'"
  ) > "$dir/console.log" 2>&1 || rc=$?
  t=$(secs $(( $(now_ms) - t0 )))
  case $rc in
    0) why="" ;;
    90) why=" (vivid did not load)" ;;
    91) why=" (v4l2loopback did not load)" ;;
    92) why=" (a VM_SHARE mount failed)" ;;
    93) why=" (akvcam did not load)" ;;
    124) why=" (timed out)" ;;
    125) why=" (guest did not boot)" ;;
    *) why="" ;;
  esac
  if [ "$rc" -eq 0 ]; then
    line="PASS  $name  ${t}s"
    [ "${VM_KEEP_WORK:-0}" = 1 ] || rm -rf "$dir/work"
  else
    line="FAIL  $name  ${t}s  exit $rc$why  log: $dir/console.log"
  fi
  echo "$line" > "$dir/result"
  echo "$line"
}

# VM_JOBS workers share one queue: each takes the next scenario nobody has
# claimed (mkdir is atomic), so a long scenario does not hold up a fixed lane.
# Guests spend much of their time waiting (boot, module loads, a browser
# starting, polls with timeouts), so two of them fit on two cores.
worker() {
  for entry in $selected; do
    name=${entry%%=*}
    mkdir "$VM_RESULTS/.claim-$name" 2>/dev/null || continue
    run_one "$name" "${entry#*=}"
  done
}
i=0 pids=""
while [ "$i" -lt "$jobs" ]; do
  worker & pids="$pids $!"
  i=$((i + 1))
done
# Ctrl-C or a kill of this script ends the workers (and through them the guests)
trap 'kill $pids 2>/dev/null; exit 130' INT TERM HUP
for p in $pids; do wait "$p" || true; done
trap - INT TERM HUP
rm -rf "$VM_RESULTS"/.claim-*

# the summary in the order the scenarios were selected; failures with their log's tail
passed=0 failed=0 failed_names=""
for entry in $selected; do
  name=${entry%%=*}
  dir="$VM_RESULTS/$name"
  line=$(cat "$dir/result" 2>/dev/null || echo "FAIL  $name  (no result: its runner died)  log: $dir/console.log")
  echo "$line" >> "$summary"
  case $line in
    PASS*) passed=$((passed + 1)) ;;
    *) failed=$((failed + 1)); failed_names="$failed_names $name"
       echo "--- $name (last 30 lines of $dir/console.log)"
       tail -n 30 "$dir/console.log" 2>/dev/null | sed 's/^/    | /' ;;
  esac
done
total=$(secs $(( $(now_ms) - t_all )))
echo "--- VM scenarios (${total}s in all) ---"
cat "$summary"
[ "$failed" -eq 0 ] || echo "failed:$failed_names (logs and work dirs kept in $VM_RESULTS)"
echo "scenarios: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
