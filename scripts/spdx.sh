#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# scripts/spdx.sh          adds the licence line to every source and script file
#                          that lacks it:
#                            // SPDX-License-Identifier: GPL-3.0-or-later   (C++, .fbs, .mjs/.js)
#                            #  SPDX-License-Identifier: GPL-3.0-or-later   (shell, Python, CMake)
#                          as the first line, or right after a #! line
# scripts/spdx.sh --check  changes nothing; lists the files that lack it and
#                          exits 1 if there are any (scripts/test.sh)
# Only files git tracks; data, images, models and their licences are left alone.
set -euo pipefail
usage="scripts/spdx.sh [--check]"
# shellcheck source=lib/fix-or-check.sh
. "$(dirname "$0")/lib/fix-or-check.sh"
tag="SPDX-License-Identifier: GPL-3.0-or-later"

# The files to look at, each with its language's comment leader: sources and
# scripts by name, other files only when they start with #! (pure bash: one
# process per file would take a minute on a loaded machine).
files=() leaders=()
while IFS= read -r f; do
  [ -f "$f" ] || continue
  case $f in
    *.cpp|*.hpp|*.h|*.c|*.cc|*.fbs|*.mjs|*.js) c="//" ;;
    *.sh|*.py|*.cmake|*/CMakeLists.txt|CMakeLists.txt|.ci/run) c="#" ;;
    *.png|*.jpg|*.mp4|*.tflite|*.pyc|*.json|*.md|*.txt|*.in|*.ini|*.conf) continue ;;
    *) first=""; IFS= read -r first < "$f" || true
       case $first in '#!'*) c="#" ;; *) continue ;; esac ;;
  esac
  files+=("$f") leaders+=("$c")
done < <(git ls-files)

# The tag belongs in a file's head (first 3 lines); a mention further down does not count.
mapfile -t have < <(awk 'FNR <= 3 && /SPDX-License-Identifier:/ { print FILENAME; nextfile }
                         FNR > 3 { nextfile }' "${files[@]}")
declare -A tagged=()
for f in "${have[@]}"; do tagged[$f]=1; done

missing=()
for i in "${!files[@]}"; do
  f=${files[$i]} c=${leaders[$i]}
  [ -z "${tagged[$f]:-}" ] || continue
  missing+=("$f")
  [ "$check" = 0 ] || continue
  if head -n 1 "$f" | grep -q '^#!'; then
    sed -i "1a $c $tag" "$f"
  elif [ -s "$f" ]; then
    sed -i "1i $c $tag" "$f"
  else
    echo "$c $tag" > "$f"
  fi
done

if [ "$check" = 1 ]; then
  if ((${#missing[@]})); then
    echo "scripts/spdx.sh --check: ${#missing[@]} file(s) without '$tag' (run scripts/spdx.sh):" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
  fi
  echo "scripts/spdx.sh --check: every source and script file has '$tag'"
else
  echo "scripts/spdx.sh: added the line to ${#missing[@]} file(s)"
fi
