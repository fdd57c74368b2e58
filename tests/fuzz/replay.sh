#!/bin/sh
# Replays the fuzz targets' seeds (hand-written and assembled from the test data) and every
# input that once crashed a target (tests/fuzz/regressions/<target>/), through the targets
# built with replay.c. usage: tests/fuzz/replay.sh BUILD TARGET...
build=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/seeds.sh" "$build/seeds" >/dev/null || exit 1
fail=0 ran=0
for t in "$@"; do
    dirs="$build/seeds/$t"
    [ -d "$here/regressions/$t" ] && dirs="$dirs $here/regressions/$t"
    ran=$((ran + 1))
    if ! "$build/replay_$t" $dirs >"$build/replay_$t.log" 2>&1; then
        fail=$((fail + 1))
        echo "FAIL: fuzz replay $t" >&2
        tail -20 "$build/replay_$t.log" >&2
    fi
done
echo "fuzz replays: $((ran - fail)) passed, $fail failed ($(cat "$build"/replay_*.log | sed -n 's/.*: \([0-9]*\) inputs replayed.*/\1/p' | paste -sd+ | bc) inputs)"
[ "$fail" = 0 ]
