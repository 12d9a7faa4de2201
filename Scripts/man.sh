#!/usr/bin/env bash
# The reference generated from the ArgumentParser definitions in Sources/meshcert:
#   docs/man/meshcert.1   the man page, by swift-argument-parser's generate-manual plugin (blank
#                         lines and indented examples then turned into mdoc paragraphs and
#                         literal displays, and the page linted with groff when it is installed)
#   docs/*.md             the "Options" blocks (<!-- options: meshcert ... --> ... <!-- end options -->),
#                         the USAGE/ARGUMENTS/OPTIONS part of `meshcert ... --help`
#
#   Scripts/man.sh            regenerate both (runs `swift package plugin generate-manual`, which
#                             builds meshcert in debug and the generator, then runs it)
#   Scripts/man.sh --check    regenerate into a temporary folder; exit 1 and print the difference
#                             when the committed files are not what the definitions give now
#   Scripts/man.sh --check-with GENERATOR MESHCERT
#                             the same check with an already built generator and meshcert, no
#                             SwiftPM at all (EndToEndTests/ManPageTests runs this; Scripts/test.sh
#                             builds the generator with `swift build --product generate-manual`)
#
# Deterministic: the page's date is fixed (MAN_DATE below, not the day it was generated), the
# locale is C and help text is wrapped at 80 columns whatever the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C COLUMNS=80 LINES=25

MAN_DATE=2026-12-01

# options_blocks MESHCERT OUT: every docs/*.md with its options blocks refreshed, written to OUT/.
options_blocks() {
    python3 - "$1" "$2" <<'PY'
import pathlib, re, subprocess, sys
meshcert, out = sys.argv[1], pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
block = re.compile(r"(<!-- options: (meshcert[^>]*?) -->\n)```\n.*?```\n(<!-- end options -->)", re.S)
def fresh(match):
    words = match.group(2).split()[1:]
    text = subprocess.run([meshcert, *words, "--help"], check=True, capture_output=True, text=True).stdout
    start = text.index("USAGE:")
    body = "\n".join(line.rstrip() for line in text[start:].rstrip().splitlines())
    return f"{match.group(1)}```\n{body}\n```\n{match.group(3)}"
for page in sorted(pathlib.Path("docs").glob("*.md")):
    (out / page.name).write_text(block.sub(fresh, page.read_text()))
PY
}

# tidy_mdoc FILE: the generator writes help text as is; mdoc wants a paragraph macro for a blank
# line ("Empty input line" warnings) and a literal display for the indented examples.
tidy_mdoc() {
    python3 - "$1" <<'PY'
import sys
path = sys.argv[1]
lines = open(path).read().split("\n")
out, i = [], 0
while i < len(lines):
    line = lines[i]
    if line.startswith("  ") and line.strip():           # indented lines: examples, kept as written
        block = []
        while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
            text = lines[i][2:]
            block.append("\\&" + text if text.startswith((".", "'")) else text)   # not a roff request
            i += 1
        if out and out[-1] == ".Pp":
            out.pop()
        out += [".Bd -literal -offset indent", *block, ".Ed"]
        continue
    if line == "" and i < len(lines) - 1:                  # a blank line between paragraphs
        following, previous = lines[i + 1], out[-1] if out else ""
        if not (previous.startswith((".Sh", ".Pp", ".Bl")) or following.startswith((".", "  ")) or following == ""):
            out.append(".Pp")
        i += 1
        continue
    out.append(line)
    i += 1
open(path, "w").write("\n".join(out))
PY
}

# lint_mdoc FILE: groff's mdoc warnings, when groff is there (the page is checked, not required).
lint_mdoc() {
    if command -v groff >/dev/null 2>&1; then
        local warnings
        warnings="$(groff -mandoc -ww -z "$1" 2>&1)"
        if [ -n "$warnings" ]; then echo "$warnings" >&2; return 1; fi
    else
        echo "man: groff not installed, the page's mdoc was not linted" >&2
    fi
}

# check GENERATOR MESHCERT: exit 1 when a committed file differs from what is generated now.
check() {
    local status=0
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/man"
    "$1" "$2" --date "$MAN_DATE" --output-directory "$tmp/man" >/dev/null
    tidy_mdoc "$tmp/man/meshcert.1"
    options_blocks "$2" "$tmp/docs"
    diff -u docs/man/meshcert.1 "$tmp/man/meshcert.1" || status=1
    for page in docs/*.md; do
        diff -u "$page" "$tmp/docs/$(basename "$page")" || status=1
    done
    if [ "$status" -ne 0 ]; then
        echo "man: docs/man/meshcert.1 or an options block in docs/ is not what the command definitions give: run Scripts/man.sh" >&2
    fi
    if ! lint_mdoc docs/man/meshcert.1; then
        echo "man: docs/man/meshcert.1 has the mdoc warnings above: fix tidy_mdoc in Scripts/man.sh (or the help text)" >&2
        status=1
    fi
    return "$status"
}

case "${1:-}" in
--check-with)
    [ $# -eq 3 ] || { echo "usage: Scripts/man.sh --check-with GENERATOR MESHCERT" >&2; exit 2; }
    check "$2" "$3"
    ;;
--check)
    swift build --product meshcert >&2
    swift build --product generate-manual >&2
    bin="$(swift build --show-bin-path)"
    check "$bin/generate-manual" "$bin/meshcert"
    ;;
"")
    swift package plugin generate-manual --configuration debug --date "$MAN_DATE" >&2
    bin="$(swift build --show-bin-path)"
    mkdir -p docs/man
    cp .build/plugins/GenerateManual/outputs/meshcert/meshcert.1 docs/man/meshcert.1
    tidy_mdoc docs/man/meshcert.1
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    options_blocks "$bin/meshcert" "$tmp"
    cp "$tmp"/*.md docs/
    echo "man: wrote docs/man/meshcert.1 and the options blocks of docs/*.md" >&2
    lint_mdoc docs/man/meshcert.1 || echo "man: docs/man/meshcert.1 has the mdoc warnings above" >&2
    ;;
*)
    echo "usage: Scripts/man.sh [--check | --check-with GENERATOR MESHCERT]" >&2
    exit 2
    ;;
esac
