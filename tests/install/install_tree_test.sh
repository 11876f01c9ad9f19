#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cmake --install` (stripping by default) into a scratch prefix lays out the complete tree;
# the installed binary holds no path of the source or build tree; the tree
# still works after being moved elsewhere (the models are found beside the
# binary, not through anything compiled in); off a terminal the output has
# neither colour codes nor the status line's carriage returns.
#   install_tree_test.sh BUILD_DIR SOURCE_DIR [plain|sanitized]
# "sanitized": ASan and UBSan keep source file names in the binary for their
# reports, so only the other installed files are checked for build paths.
set -euo pipefail
build=$1 source=$2 kind=${3:-plain}
case $kind in plain|sanitized) ;; *) echo "install_tree_test.sh: kind must be plain or sanitized, not '$kind'" >&2; exit 2 ;; esac
fail() { echo "FAIL: $*" >&2; exit 1; }

# Outside the build and source trees, so that a path naming them is a finding.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/fakecam-install-tree.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"
first=$scratch/first-prefix
cmake --install "$build" --prefix "$first" >/dev/null

expected=(
  bin/fakecam
  share/fakecam/models/selfie_segmentation.tflite
  share/fakecam/models/selfie_segmentation_landscape.tflite
  share/fakecam/models/LICENSE-Apache-2.0.txt
  share/fakecam/models/NOTICE
  share/fakecam/samples/person-webcam.mp4
  share/fakecam/samples/background.jpg
  share/fakecam/samples/LICENSE-CC-BY-4.0.txt
  share/man/man1/fakecam.1
  share/bash-completion/completions/fakecam
  share/zsh/vendor-completions/_fakecam
  share/fish/vendor_completions.d/fakecam.fish
  lib/systemd/user/fakecam.service
  lib/systemd/user/fakecam@.service
  share/doc/fakecam/copyright
  share/doc/fakecam/examples/config.ini
  share/doc/fakecam/examples/fakecam-v4l2loopback.conf
  share/doc/fakecam/examples/fakecam-modules-load.conf
)
for f in "${expected[@]}"; do [ -s "$first/$f" ] || fail "missing or empty in the install tree: $f"; done

# Nothing of the source or build tree in any installed file (binary, units, man page).
for dir in "$(realpath "$source")" "$(realpath "$build")"; do
  if [ "$kind" = plain ] && strings "$first/bin/fakecam" | grep -F -- "$dir"; then fail "the installed binary names $dir"; fi
  others=$(find "$first" -type f ! -path "$first/bin/fakecam")
  # shellcheck disable=SC2086 # one path per word; the scratch prefix has no spaces
  if grep -lF -- "$dir" $others; then fail "installed files name $dir"; fi
done
# The units and the man page name the prefix the install really used.
grep -qx "ExecStart=$first/bin/fakecam" "$first/lib/systemd/user/fakecam.service" ||
  fail "fakecam.service does not start $first/bin/fakecam"
grep -qF "$first/share/fakecam/models" "$first/share/man/man1/fakecam.1" || fail "the man page does not name the installed models"
# The example config is --dump-config's output, and fakecam accepts it.
grep -qx 'width = 1280' "$first/share/doc/fakecam/examples/config.ini" || fail "the example config lacks width = 1280"
"$first/bin/fakecam" -c "$first/share/doc/fakecam/examples/config.ini" --dump-config >/dev/null ||
  fail "fakecam does not accept its own example config"

# Move the whole tree: it must still find its models, with no hint from the
# environment (no FAKECAM_MODEL_DIR, XDG dirs that hold nothing).
moved=$scratch/moved/elsewhere
mkdir -p "$(dirname "$moved")"
mv "$first" "$moved"
cd "$scratch"
env -i PATH=/usr/bin:/bin HOME="$scratch/home" XDG_DATA_DIRS="$scratch/none" \
  "$moved/bin/fakecam" --input "$moved/share/fakecam/samples/person-webcam.mp4" --output "$scratch/out.y4m" \
  --frames 10 >"$scratch/stdout" 2>"$scratch/stderr" || { cat "$scratch/stderr" >&2; fail "the moved install does not run"; }
frames=$(grep -c FRAME "$scratch/out.y4m" || true)
[ "$frames" -eq 10 ] || fail "the moved install wrote $frames frames, expected 10"
if grep -q $'\033\|\r' "$scratch/stderr"; then fail "colour codes or a status line on a non-terminal stderr"; fi
grep -q "fakecam: " "$scratch/stderr" || fail "no log line at all on stderr (expected the start-up messages)"

# Without the moved tree's own models it says where it looked, in one line.
rm "$moved"/share/fakecam/models/*.tflite
if env -i PATH=/usr/bin:/bin HOME="$scratch/home" XDG_DATA_DIRS="$scratch/none" \
  "$moved/bin/fakecam" --input "$moved/share/fakecam/samples/person-webcam.mp4" --output "$scratch/out2.y4m" \
  --frames 1 2>"$scratch/stderr2"; then
  fail "ran without any model"
fi
grep -qF "$moved/share/fakecam/models" "$scratch/stderr2" || { cat "$scratch/stderr2" >&2; fail "the error does not name the place searched"; }
echo "install tree ok: ${#expected[@]} files, relocatable, no build paths"
