#!/bin/sh
# Runs fuzz targets one after another, each for SECONDS, on its corpus (kept in BUILD/corpus/<t>
# between runs) and its seeds, and prints executions and coverage per target. A crash, leak,
# hang (10 s) or an input using more than 1 GiB stops the target; the input is written to
# BUILD/artifacts/ and must become a regression test (tests/fuzz/regressions/<t>/).
# Each run's figures are appended to BUILD/stats.tsv (target, seconds taken, executions, cov, ft).
# usage: tests/fuzz/run.sh BUILD SECONDS TARGET...
build=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/artifacts"
status=0
for t in "$@"; do
    corpus=$build/corpus/$t
    mkdir -p "$corpus"
    dict=""
    [ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"
    log=$build/$t.log
    regress=""
    [ -d "$here/regressions/$t" ] && regress=$here/regressions/$t
    began=$(date +%s)
    "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" $dict \
        "$corpus" "$build/seeds/$t" $regress > "$log" 2>&1
    rc=$?
    took=$(($(date +%s) - began))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$took" "${execs:-0}" "${cov:-?}" "${ft:-?}" >> "$build/stats.tsv"
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "fuzz $t: FAILED (exit $rc) after ${execs:-?} executions; see $log" >&2
        grep -E 'ERROR|SUMMARY|fuzz check failed|Test unit written' "$log" | head -5 >&2
    else
        echo "fuzz $t: ${took}s, ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}, corpus $(ls "$corpus" | wc -l)"
    fi
done
exit $status
