#!/bin/sh
# ABI check of the shared library against a committed baseline, with libabigail (Debian's
# abigail-tools).
#
#   tests/check-abi.sh LIBRARY BASELINE             compare; fail on a change to what exists
#   tests/check-abi.sh --update LIBRARY BASELINE    rewrite BASELINE from LIBRARY (deliberate)
#
# `abidw` writes the library's ABI (exported functions and variables and every type they reach,
# from the DWARF of a -g build, restricted to the public headers in include/) as XML. The
# options leave out what differs between checkouts and builds (corpus path, compilation
# directory, source locations, DT_NEEDED) and name types by hash rather than by order, so the
# same library gives the same file anywhere and a baseline diff shows only what changed.
#
# `abidiff BASELINE CURRENT --no-added-syms` then decides. Its exit status is a bit field:
# 1 error, 2 usage error, 4 ABI change, 8 incompatible ABI change (a removed function or
# variable, a changed SONAME; always with 4). With --no-added-syms, new functions and variables
# are not counted, so:
#   - pure additions pass (listed for information): within a major version, add but never change;
#   - any other change fails: a removed symbol (8), and also a changed parameter, return type or
#     struct layout of an existing function or type (4 only: abidiff calls those "changes",
#     not "incompatible", but a caller compiled against the old header breaks all the same).
# Harmless changes by libabigail's default suppressions (e.g. an enumerator added at the end,
# a typedef renamed to the same type) are not failures.
# The SONAME is in the baseline: a new major version (libmed.so.1) fails until the baseline is
# regenerated with `make abi-update`, which is the deliberate step a major release takes.
update=0
if [ "$1" = "--update" ]; then update=1; shift; fi
if [ $# -ne 2 ]; then
    echo "usage: $0 [--update] LIBRARY BASELINE" >&2
    exit 2
fi
lib=$1 baseline=$2
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in abidw abidiff readelf; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "FAIL abi: no $tool: install Debian's abigail-tools and binutils (make test-deps does)" >&2
        echo "abi check: 0 passed, 1 failed"
        exit 1
    fi
done
if ! readelf -S "$lib" 2>/dev/null | grep -q '\.debug_info'; then
    echo "FAIL abi: $lib has no debug information: build it with -g (the default CFLAGS)" >&2
    echo "abi check: 0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
abidw --headers-dir "$root/include" --drop-private-types --no-corpus-path --no-comp-dir-path \
      --no-show-locs --no-elf-needed --type-id-style hash --out-file "$tmp/current.abi" "$lib" ||
    { echo "FAIL abi: abidw could not read $lib" >&2; echo "abi check: 0 passed, 1 failed"; exit 1; }

if [ "$update" = 1 ]; then
    mkdir -p "$(dirname "$baseline")"
    if [ -f "$baseline" ] && cmp -s "$tmp/current.abi" "$baseline"; then
        echo "abi baseline $baseline: unchanged"
    else
        [ -f "$baseline" ] && abidiff "$baseline" "$tmp/current.abi" | sed 's/^/    /'
        cp "$tmp/current.abi" "$baseline"
        echo "abi baseline $baseline: written from $lib; review and commit it"
    fi
    exit 0
fi
if [ ! -f "$baseline" ]; then
    echo "FAIL abi: no baseline $baseline (make abi-update writes it)" >&2
    echo "abi check: 0 passed, 1 failed"
    exit 1
fi
abidiff --no-added-syms "$baseline" "$tmp/current.abi" > "$tmp/diff"; rc=$?
if [ "$rc" != 0 ]; then
    if [ $((rc & 3)) != 0 ]; then
        echo "FAIL abi: abidiff failed (exit $rc)" >&2
    elif [ $((rc & 8)) != 0 ]; then
        echo "FAIL abi: incompatible ABI change against $baseline (abidiff exit $rc):" >&2
    else
        echo "FAIL abi: existing functions or types changed against $baseline (abidiff exit $rc):" >&2
    fi
    sed 's/^/    /' "$tmp/diff" >&2
    echo "  a deliberate change (a new major version) regenerates the baseline: make abi-update" >&2
    echo "abi check: 0 passed, 1 failed"
    exit 1
fi
abidiff "$baseline" "$tmp/current.abi" > "$tmp/added"
if [ $? != 0 ]; then
    echo "abi: additions only (allowed); make abi-update records them in the baseline:"
    sed -n 's/^ *\[A\] /    added: /p' "$tmp/added"
fi
echo "abi check: 1 passed, 0 failed"
