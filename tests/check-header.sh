#!/bin/sh
# include/med.h compiles alone, warning-free, as C11 and C++ under each compiler there is, with
# and without MED_EXPERIMENTAL, and every _INIT macro fills its struct completely.
# usage: tests/check-header.sh
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
try() { # try NAME COMMAND...
    name=$1; shift
    if "$@" > "$tmp/log" 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name:" >&2; cat "$tmp/log" >&2; fi
}
for cc in gcc clang; do
    command -v $cc > /dev/null || continue
    try "$cc core" $cc -std=c11 -Wall -Wextra -pedantic -Werror -Iinclude -c tests/header/core.c -o "$tmp/core.o"
    try "$cc inits" $cc -std=c11 -Wall -Wextra -pedantic -Werror -Iinclude -c tests/header/inits.c -o "$tmp/inits.o"
done
for cxx in g++ clang++; do
    command -v $cxx > /dev/null || continue
    try "$cxx inits" $cxx -x c++ -Wall -Wextra -Werror -Iinclude -c tests/header/inits.c -o "$tmp/inits.o"
done
echo "header: $pass passed, $fail failed"
[ "$fail" = 0 ]
