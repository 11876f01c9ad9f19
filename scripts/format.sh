#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# scripts/format.sh          formats every C++ file in the repository in place
#                            (.clang-format; clang-format 14, Debian 12's)
# scripts/format.sh --check  changes nothing; lists the files clang-format would
#                            change and exits 1 if there are any (scripts/test.sh)
# Only files git tracks are touched: build trees and fetched code are not ours.
set -euo pipefail
usage="scripts/format.sh [--check]"
# shellcheck source=lib/fix-or-check.sh
. "$(dirname "$0")/lib/fix-or-check.sh"

# Another major version formats some constructs differently, so a check with it
# would flag files that are fine: insist on 14.
cf=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$cf" ]; then
  echo "scripts/format.sh: clang-format is not installed (Debian 12: apt-get install clang-format)" >&2
  exit 2
fi
version=$("$cf" --version | sed -n 's/.*clang-format version \([0-9]*\)\..*/\1/p')
if [ "$version" != 14 ]; then
  echo "scripts/format.sh: $cf is clang-format ${version:-of unknown version}; the style is pinned to 14 (Debian 12's clang-format)" >&2
  exit 2
fi

mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp' '*.h' '*.c' '*.cc')
((${#files[@]})) || { echo "scripts/format.sh: no C++ files tracked by git in $root" >&2; exit 2; }

if [ "$check" = 0 ]; then
  "$cf" -i --style=file "${files[@]}"
  exit 0
fi
# --dry-run -Werror reports "FILE:LINE:COL: error: code should be clang-formatted"
# for every place that would change; one line per file is enough here. Any
# other failure (a broken .clang-format, an unreadable file) is shown as is.
rc=0
out=$("$cf" --dry-run -Werror --style=file "${files[@]}" 2>&1) || rc=$?
mapfile -t bad < <(printf '%s\n' "$out" |
  sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' | sort -u)
if [ "$rc" != 0 ] && ! ((${#bad[@]})); then
  printf '%s\n' "$out" >&2
  echo "scripts/format.sh --check: $cf failed (exit $rc)" >&2
  exit 2
fi
if ((${#bad[@]})); then
  echo "scripts/format.sh --check: ${#bad[@]} file(s) not formatted (run scripts/format.sh):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "scripts/format.sh --check: ${#files[@]} files formatted"
