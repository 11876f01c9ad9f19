#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes fakecam's man page, shell completions and example config from the
built program itself, so none of them can drift from `fakecam --help`:

  generate_docs.py FAKECAM MAN_TEMPLATE OUT_DIR VAR=VALUE...

OUT_DIR gets fakecam.1 (the template with @OPTIONS@ and @LAYERS@ filled in
from --help, and @VAR@ from the arguments), fakecam.bash, _fakecam (zsh),
fakecam.fish and config.ini (`fakecam --dump-config` in an empty home).
"""
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

# Value options whose value is a file or directory (completed as paths).
PATH_WORDS = ("config", "image", "input", "output", "folder", "path", "socket", "model")
# CLI11 shows no value for its config option; it takes a file all the same.
VALUE_WITHOUT_TYPE = {"config": "FILE"}


@dataclass
class Option:
    short: list
    long: list
    value: str  # "" for a flag, else e.g. "INT:INT in [16 - 8192]=1280"
    description: str
    group: str
    choices: list = field(default_factory=list)

    def takes_path(self):
        return self.value.startswith(("TEXT", "FILE")) and any(w in n for n in self.long for w in PATH_WORDS)


def run_help(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def parse_help(text):
    """Options and groups of CLI11's --help, plus the footer after the subcommands."""
    options, group, footer = [], "Options", []
    lines = text.splitlines()
    i = 0
    while i < len(lines) and not lines[i].startswith("Options:"):
        i += 1
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("Subcommands:"):
            while i < len(lines) and lines[i].startswith("  "):
                i += 1
            footer = lines[i:]
            break
        header = re.fullmatch(r"(\S.*):", line)
        if header:
            group = header.group(1)
            continue
        m = re.match(r"  (-\S+)(?: (\S.*?))?(?:\s{2,}(\S.*))?$", line)
        if not m:
            continue
        names = [re.sub(r"\{.*\}", "", n) for n in m.group(1).split(",")]
        desc = m.group(3) or ""
        while i < len(lines) and re.match(r"\s{20,}\S", lines[i]):
            desc = (desc + " " + lines[i].strip()).strip()
            i += 1
        value = m.group(2) or next((VALUE_WITHOUT_TYPE[n[2:]] for n in names if n[2:] in VALUE_WITHOUT_TYPE), "")
        choices = re.search(r":\{([^}]*)\}", value)
        options.append(Option([n for n in names if not n.startswith("--")],
                              [n[2:] for n in names if n.startswith("--")],
                              value, desc, group, choices.group(1).split(",") if choices else []))
    return options, footer


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def man_options(options):
    out, group = [], None
    for o in options:
        if o.group != group:
            group = o.group
            out.append(f".SS {roff('General' if group == 'Options' else group)}")
        names = ", ".join([f"\\fB{roff(s)}\\fR" for s in o.short] + [f"\\fB\\-\\-{roff(n)}\\fR" for n in o.long])
        value = f" \\fI{roff(o.value)}\\fR" if o.value else ""
        out += [".TP", names + value, roff(o.description)]
    return "\n".join(out)


def man_layers(footer):
    body = [".nf"] + [roff(line) for line in footer] + [".fi"]
    return "\n".join(body)


def bash_completion(options):
    words = " ".join(sorted([s for o in options for s in o.short] + ["--" + n for o in options for n in o.long]))
    cases = []
    for o in options:
        if not o.value:
            continue
        pattern = "|".join(o.short + ["--" + n for n in o.long])
        if o.takes_path():
            action = 'COMPREPLY=($(compgen -f -- "$cur"))'
        elif o.choices:
            action = f'COMPREPLY=($(compgen -W "{" ".join(o.choices)}" -- "$cur"))'
        else:
            action = "COMPREPLY=()"
        cases.append(f"    {pattern}) {action}; return ;;")
    return f"""# bash completion for fakecam; generated from `fakecam --help` (dist/generate_docs.py)
_fakecam() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  case $prev in
{chr(10).join(cases)}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "{words}" -- "$cur"))
  elif ((COMP_CWORD == 1)); then
    COMPREPLY=($(compgen -W "ctl segment" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -F _fakecam fakecam
"""


def zsh_completion(options):
    def quote(text):
        return text.replace("'", "'\\''").replace("[", "(").replace("]", ")")

    specs = []
    for o in options:
        names = o.short + ["--" + n for n in o.long]
        exclusive = f"({' '.join(names)})" if len(names) > 1 else ""
        spelled = "{" + ",".join(names) + "}" if len(names) > 1 else names[0]
        value = ""
        if o.value:
            action = "_files" if o.takes_path() else f"({' '.join(o.choices)})" if o.choices else " "
            value = f":{quote(o.value.split(':')[0].split('=')[0].lower())}:{action}"
        specs.append(f"  '{exclusive}'{spelled}'[{quote(o.description)}]{value}'" if exclusive
                     else f"  '{spelled}[{quote(o.description)}]{value}'")
    return ("#compdef fakecam\n# zsh completion for fakecam; generated from `fakecam --help` (dist/generate_docs.py)\n"
            "_arguments -s \\\n" + " \\\n".join(specs) + " \\\n  '1::command:(ctl segment)' \\\n  '*:file:_files'\n")


def fish_completion(options):
    def quote(text):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    out = ["# fish completion for fakecam; generated from `fakecam --help` (dist/generate_docs.py)",
           "complete -c fakecam -n __fish_use_subcommand -f -a 'ctl segment'"]
    for o in options:
        parts = ["complete -c fakecam"] + [f"-s {s[1:]}" for s in o.short] + [f"-l {n}" for n in o.long]
        if o.value:
            parts.append("-r -F" if o.takes_path() else f"-x -a {quote(' '.join(o.choices))}" if o.choices else "-x")
        parts.append(f"-d {quote(o.description)}")
        out.append(" ".join(parts))
    return "\n".join(out) + "\n"


def example_config(binary):
    # An empty home: no default config of the user's may leak into the example.
    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "XDG_CONFIG_HOME": home}
        return subprocess.run([binary, "--dump-config"], check=True, capture_output=True, text=True, env=env,
                              cwd=home).stdout


def main():
    binary, template, out_dir = sys.argv[1:4]
    variables = dict(arg.split("=", 1) for arg in sys.argv[4:])
    options, footer = parse_help(run_help(binary, "--help"))
    if not options:
        sys.exit(f"generate_docs.py: no options found in `{binary} --help`")
    with open(template, encoding="utf-8") as f:
        man = f.read()
    for key, value in variables.items():
        man = man.replace(f"@{key}@", value)
    man = man.replace("@OPTIONS@", man_options(options)).replace("@LAYERS@", man_layers(footer))
    # @PREFIX@ stays: it is filled in at install time (cmake/InstallWithPrefix.cmake).
    leftover = re.search(r"@(?!PREFIX@)[A-Z_]+@", man)
    if leftover:
        sys.exit(f"generate_docs.py: {template}: no value for {leftover.group(0)}")
    outputs = {"fakecam.1": man, "fakecam.bash": bash_completion(options), "_fakecam": zsh_completion(options),
               "fakecam.fish": fish_completion(options), "config.ini": example_config(binary)}
    os.makedirs(out_dir, exist_ok=True)
    for name, text in outputs.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
