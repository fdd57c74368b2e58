#!/bin/sh
# The differential check of med_compute (tests/bench/diffcheck.c) between two builds of the
# library: sh tests/bench/diffcheck.sh BEFORE/libmed.a AFTER/libmed.a [COUNT]. Make the first
# with `git stash; make lib; cp build/libmed.a /tmp/before.a; git stash pop`. Every result
# member and text must be the same for every input; prints the counts by status. The second
# build's med_compute_prepared must give the same output as its med_compute.
set -eu
before=$1 after=$2 count=${3:-200000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
yaml=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
for side in before after; do
    eval lib=\$$side
    ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -DMED_EXPERIMENTAL \
        -Iinclude -O2 -o "$dir/$side" tests/bench/diffcheck.c "$lib" $yaml
    "$dir/$side" "$count" > "$dir/$side.out"
done
if ! cmp -s "$dir/before.out" "$dir/after.out"; then
    diff "$dir/before.out" "$dir/after.out" | head -20
    echo "diffcheck: med_compute results differ (first differences above)" >&2
    exit 1
fi
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -DMED_EXPERIMENTAL \
    -DDIFFCHECK_PREPARED -Iinclude -O2 -o "$dir/prepared" tests/bench/diffcheck.c "$after" $yaml
"$dir/prepared" "$count" > "$dir/prepared.out"
if ! cmp -s "$dir/after.out" "$dir/prepared.out"; then
    diff "$dir/after.out" "$dir/prepared.out" | head -20
    echo "diffcheck: med_compute_prepared differs from med_compute (first differences above)" >&2
    exit 1
fi
lines=$(wc -l < "$dir/after.out")
echo "diffcheck: $lines results identical (and through med_compute_prepared); by status (0 ok, 1 excluded, 2 not_opioid, 3 error):"
cut -d'|' -f2 "$dir/after.out" | sort | uniq -c
