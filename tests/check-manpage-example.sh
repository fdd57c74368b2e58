#!/bin/sh
# The EXAMPLE of include/libmed.3 is a real program: the block between the comments
# '.\" EXAMPLE PROGRAM BEGIN' and '.\" EXAMPLE PROGRAM END' is turned back from roff into C,
# compiled as C11 with every warning an error, without MED_EXPERIMENTAL (it must use only the
# stable core), linked with build/libmed.a, and run: each '$ ./example ARGS' line of the block
# between '.\" EXAMPLE RUN BEGIN' and '.\" EXAMPLE RUN END' is run and its output must be the
# lines the page shows after it. The default run must print the 60 MME/day arithmetic line.
# usage: tests/check-manpage-example.sh [PAGE]   (after `make`; PAGE defaults to include/libmed.3,
#        a path from the top of the tree; CC picks the compiler)
cd "$(dirname "$0")/.." || exit 2
page=${1:-include/libmed.3}
lib=build/libmed.a
cc=${CC:-cc}
want_line='oxycodone: 10 mg x 4/day = 40 mg/day x 1.5 = 60 MME/day'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

finish() { # finish STATUS [MESSAGE]: the one-line summary, and the exit status
    if [ "$1" = 0 ]; then
        echo "man page example: 1 passed, 0 failed"
        exit 0
    fi
    [ -n "$2" ] && echo "FAIL man page example: $2" >&2
    echo "man page example: 0 passed, 1 failed"
    exit 1
}

soh=$(printf '\001') # stands for a backslash (\e) while other escapes are checked
# block BEGIN END OUT: into OUT, the lines strictly between two marker comments, without .EX/.EE,
# as plain text: \e is a backslash, \- a hyphen-minus, \(dq \(aq \(ti \(ha quote, apostrophe,
# tilde and caret, \& nothing. Fails when the BEGIN marker is missing. Other escapes are left
# for the caller to refuse (they would not read back as the same text).
block() {
    awk -v begin=".\\\\\" $1" -v end=".\\\\\" $2" '
        index($0, end) == 1 { inside = 0 }
        inside && $0 != ".EX" && $0 != ".EE" { print }
        index($0, begin) == 1 { inside = 1; found = 1 }
        END { if (!found) exit 1 }' "$page" > "$3.roff" || return 1
    sed -e "s/\\\\e/$soh/g" -e 's/\\-/-/g' -e 's/\\(dq/"/g' -e "s/\\\\(aq/'/g" \
        -e 's/\\(ti/~/g' -e 's/\\(ha/^/g' -e 's/\\&//g' "$3.roff" > "$3"
}

[ -f "$page" ] || finish 1 "$page is missing"
[ -f "$lib" ] || finish 1 "$lib is missing: run make first"

block "EXAMPLE PROGRAM BEGIN" "EXAMPLE PROGRAM END" "$tmp/raw.c" ||
    finish 1 "no EXAMPLE PROGRAM markers in $page"
block "EXAMPLE RUN BEGIN" "EXAMPLE RUN END" "$tmp/raw.run" ||
    finish 1 "no EXAMPLE RUN markers in $page"
# unescape IN OUT: refuses an escape block() left, then puts the backslashes (\e) back.
# shellcheck disable=SC1003 # '\\' is a backslash, not an escaped quote
unescape() {
    if grep -n '\\' "$1" > "$tmp/escapes"; then
        finish 1 "a roff escape this script does not turn back into text: $(head -1 "$tmp/escapes")"
    fi
    tr '\001' '\\' < "$1" > "$2"
}
unescape "$tmp/raw.c" "$tmp/example.c"
unescape "$tmp/raw.run" "$tmp/run"
[ -s "$tmp/example.c" ] || finish 1 "the example program is empty"
grep -q 'MED_EXPERIMENTAL' "$tmp/example.c" &&
    finish 1 "the example defines MED_EXPERIMENTAL: it must use only the stable core"

yaml_libs=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
# shellcheck disable=SC2086 # yaml_libs is a list of flags
if ! $cc -std=c11 -Wall -Wextra -Werror -Iinclude -o "$tmp/example" "$tmp/example.c" "$lib" \
        $yaml_libs > "$tmp/cc.log" 2>&1; then
    cat "$tmp/cc.log" >&2
    finish 1 "the example does not compile with -std=c11 -Wall -Wextra -Werror"
fi

# Each "$ ./example ARGS" line and the lines after it (up to the next "$ " line) are one run.
default_ok=0 failed=
awk -v dir="$tmp" '
    /^\$ \.\/example( |$)/ { n++; args = substr($0, 12); sub(/^ +/, "", args)
                             print args > (dir "/run" n ".args"); printf "" > (dir "/run" n ".want")
                             inside = 1; next }
    /^\$ / { inside = 0; next }
    inside { print > (dir "/run" n ".want") }
    END { print n + 0 > (dir "/runs") }' "$tmp/run"
total=$(cat "$tmp/runs")
[ "$total" -gt 0 ] || finish 1 "the EXAMPLE RUN block shows no '\$ ./example' run"
i=1
while [ "$i" -le "$total" ]; do
    args=$(cat "$tmp/run$i.args")
    name="./example${args:+ $args}"
    # shellcheck disable=SC2086 # the page's arguments are plain words
    (cd "$tmp" && ./example $args) > "$tmp/run$i.got" 2> "$tmp/run$i.err"
    status=$?
    if [ "$status" != 0 ]; then
        failed="$failed; $name exited $status: $(head -c 300 "$tmp/run$i.err")"
    elif ! cmp -s "$tmp/run$i.want" "$tmp/run$i.got"; then
        failed="$failed; $name printed something else than the page shows:
$(diff "$tmp/run$i.want" "$tmp/run$i.got")"
    fi
    if [ -z "$args" ] && grep -qxF "$want_line" "$tmp/run$i.got"; then
        default_ok=1
    fi
    i=$((i + 1))
done
[ "$default_ok" = 1 ] || failed="$failed; ./example (without arguments) printed no line '$want_line'"
[ -z "$failed" ] || finish 1 "${failed#; }"
finish 0
