#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The man page and the bash, zsh and fish completions carry exactly the long
# options of `fakecam --help`: every one, nothing extra. The man page renders
# without warnings; the completions parse in their shells, and the bash and
# fish ones really complete.
#   docs_match_help_test.sh FAKECAM GENERATED_DIR
set -euo pipefail
fakecam=$1 dir=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

# Long options of the main command: the option column of --help, before the
# subcommands and the layer syntax in the footer.
mapfile -t help_opts < <("$fakecam" --help | sed '/^Subcommands:/,$d' |
  grep -E '^ +-' | sed -E 's/^ +//; s/ .*//' | tr ',' '\n' | sed -E 's/\{.*//' | grep -E '^--' | sort -u)
((${#help_opts[@]} > 20)) || fail "only ${#help_opts[@]} long options found in --help"

check() {  # check NAME OPTIONS...: the options NAME offers equal --help's
  local name=$1; shift
  local got
  got=$(printf '%s\n' "$@" | sort -u)
  diff <(printf '%s\n' "${help_opts[@]}") <(printf '%s\n' "$got") >&2 ||
    fail "$name: long options differ from fakecam --help (< only in --help, > only in $name)"
}

mapfile -t bash_opts < <(grep -oE -- '--[a-z0-9-]+' "$dir/fakecam.bash")
check "bash completion" "${bash_opts[@]}"
mapfile -t zsh_opts < <(grep -oE -- "(^  '|[{,(])--[a-z0-9-]+" "$dir/_fakecam" | grep -oE -- '--[a-z0-9-]+')
check "zsh completion" "${zsh_opts[@]}"
mapfile -t fish_opts < <(grep -oE -- ' -l [a-z0-9-]+' "$dir/fakecam.fish" | sed 's/ -l /--/')
check "fish completion" "${fish_opts[@]}"
# In the man page's OPTIONS section each option is a bold \-\-name.
mapfile -t man_opts < <(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$dir/fakecam.1" | sed 's/\\-/-/g' |
  grep -oE -- '\\fB--[a-z0-9-]+' | sed 's/\\fB//')
check "man page" "${man_opts[@]}"

bash -n "$dir/fakecam.bash" || fail "fakecam.bash is not valid bash"
complete_words() {  # the bash completion's answer for a command line (grep without -q below: it reads it all, no SIGPIPE)
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _fakecam; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$dir/fakecam.bash" "$@"
}
complete_words fakecam --backgro | grep -x -- --background-image >/dev/null || fail "bash: --backgro does not complete to --background-image"
complete_words fakecam --codec "" | grep -x MJPG >/dev/null || fail "bash: --codec does not offer MJPG"
complete_words fakecam c | grep -x ctl >/dev/null || fail "bash: the ctl subcommand is not offered"

zsh -n "$dir/_fakecam" || fail "_fakecam is not valid zsh"
fish --no-execute "$dir/fakecam.fish" || fail "fakecam.fish is not valid fish"
fish_complete() { fish --no-config -c "source '$dir/fakecam.fish'; complete -C '$1'" | cut -f1; }
fish_complete "fakecam --backgro" | grep -x -- --background-image >/dev/null || fail "fish: --backgro does not complete to --background-image"
fish_complete "fakecam --codec " | grep -x MJPG >/dev/null || fail "fish: --codec does not offer MJPG"

warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$dir/fakecam.1" 2>&1 >/dev/null)
[ -z "$warnings" ] || fail "man reports: $warnings"
for section in NAME SYNOPSIS OPTIONS "CONFIGURATION FILE" SIGNALS "EXIT STATUS" FILES EXAMPLES; do
  grep -q "^\.SH \"\?$section" "$dir/fakecam.1" || fail "the man page has no $section section"
done
echo "man page and completions match --help: ${#help_opts[@]} long options"
