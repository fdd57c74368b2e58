#!/bin/sh
# The shared library exports exactly the public API listed in tests/exports.txt: nothing
# internal leaks (so it can change), nothing public goes missing (so callers keep linking).
set -e
lib=$1 expected=$2
actual=$(nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "R" || $2 == "B" {print $3}' | sort)
if [ "$actual" = "$(sort "$expected")" ]; then
    echo "exported symbols: 1 passed, 0 failed"
    exit 0
fi
echo "exported symbols differ from $expected (< expected, > actual):" >&2
echo "$actual" | diff "$expected" - >&2 || true
echo "exported symbols: 0 passed, 1 failed"
exit 1
