# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the tree-wide fixers (scripts/format.sh, scripts/spdx.sh): moves
# to the repository's root and reads the one argument they take.
#   check=0: fix the files in place; check=1 (--check): change nothing, report
# Needs $usage (the script's one-line usage) set before it is sourced.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
check=0
case ${1:-} in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $usage" >&2; exit 2 ;;
esac
