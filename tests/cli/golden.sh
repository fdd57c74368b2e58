#!/bin/sh
# CLI golden tests: whole outputs of medcalc compared with expected files.
#
#   tests/cli/golden.sh [--update] path/to/medcalc [CASE...]
#
# Each case is a folder tests/cli/cases/NAME/ holding
#   cmd      the arguments of medcalc, one per line (no quoting: a line is one argument;
#            blank lines and lines starting with '#' are skipped)
#   stdin    optional: given to medcalc on standard input (else /dev/null)
#   filter   optional: a shell command the captured stdout is piped through before comparing
#            (e.g. `head -n 12` for a long output); the status is still medcalc's own
#   *.csv, *.yaml, *.ndc...  optional input files, named in cmd by their bare names
#   stdout, stderr, status   the expected standard output, standard error and exit status
# medcalc runs inside the case's folder, with LC_ALL=C and TZ=UTC, so file names in messages
# are the bare names whatever the current directory. Tables' SHA-256 digests appear in the
# expected files on purpose: a table change shows up here, as a deliberate --update.
#
# CASE arguments are case names or shell patterns ('batch-*'); none means every case. A failure
# prints a unified diff (expected, then actual). --update rewrites stdout, stderr and status of
# the selected cases from the current medcalc: for deliberate changes only; review the diff
# (git diff tests/cli/cases) before committing. Prints one closing "N passed, N failed" line.
update=0
if [ "$1" = "--update" ]; then update=1; shift; fi
if [ $# -lt 1 ]; then
    echo "usage: $0 [--update] path/to/medcalc [CASE...]" >&2
    exit 2
fi
medcalc=$1; shift
case "$medcalc" in /*) ;; *) medcalc=$(pwd)/$medcalc ;; esac
if [ ! -x "$medcalc" ]; then echo "golden: $medcalc is not an executable" >&2; exit 2; fi
cases=$(cd "$(dirname "$0")/cases" && pwd) || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC
unset MEDCALC_SCREENSHOT
pass=0 fail=0 updated=0 matched=0

# run_case DIR: runs medcalc with DIR/cmd in DIR; leaves $tmp/stdout, $tmp/stderr, $tmp/status.
run_case() {
    dir=$1
    in=/dev/null
    [ -f "$dir/stdin" ] && in=$dir/stdin
    # One argument per line: read them into the positional parameters of a subshell.
    (
        cd "$dir" || exit 125
        set --
        while IFS= read -r arg || [ -n "$arg" ]; do
            case "$arg" in ''|'#'*) continue ;; esac
            set -- "$@" "$arg"
        done < cmd
        exec "$medcalc" "$@" < "$in" > "$tmp/stdout.raw" 2> "$tmp/stderr"
    )
    echo $? > "$tmp/status"
    if [ -f "$dir/filter" ]; then
        (cd "$dir" && sh -c "$(cat filter)") < "$tmp/stdout.raw" > "$tmp/stdout"
    else
        mv "$tmp/stdout.raw" "$tmp/stdout"
    fi
}

# check NAME DIR WHAT: compares $tmp/WHAT with DIR/WHAT; prints a diff when they differ.
check() {
    if [ ! -f "$2/$3" ]; then
        echo "FAIL $1: no expected $3 (run with --update to create it)" >&2
        return 1
    fi
    if cmp -s "$2/$3" "$tmp/$3"; then return 0; fi
    echo "FAIL $1: $3 differs (expected, then actual):" >&2
    diff -u --label "expected $1/$3" --label "actual $1/$3" "$2/$3" "$tmp/$3" | sed 's/^/    /' >&2
    return 1
}

selected() { # selected NAME PATTERNS...: true when no pattern is given or one matches NAME
    name=$1; shift
    [ $# = 0 ] && return 0
    for p in "$@"; do
        # shellcheck disable=SC2254
        case "$name" in $p) return 0 ;; esac
    done
    return 1
}

for dir in "$cases"/*/; do
    dir=${dir%/}
    name=${dir##*/}
    [ -f "$dir/cmd" ] || continue
    selected "$name" "$@" || continue
    matched=$((matched + 1))
    run_case "$dir"
    if [ "$update" = 1 ]; then
        for w in stdout stderr status; do
            cmp -s "$tmp/$w" "$dir/$w" 2>/dev/null || { cp "$tmp/$w" "$dir/$w"; echo "updated $name/$w"; }
        done
        updated=$((updated + 1))
        continue
    fi
    ok=1
    for w in status stdout stderr; do check "$name" "$dir" "$w" || ok=0; done
    if [ "$ok" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done

if [ "$matched" = 0 ]; then
    echo "golden: no case matches: $*" >&2
    exit 2
fi
if [ "$update" = 1 ]; then
    echo "golden cases: $updated run with --update; review: git diff -- tests/cli/cases"
    exit 0
fi
echo "golden cli cases: $pass passed, $fail failed"
[ "$fail" = 0 ]
