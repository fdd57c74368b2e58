#!/bin/sh
# make bench: speed and memory of medcalc against the floor (cat, wc) and the pandas baseline,
# on the same deterministic claims file, in the same run. Medians of RUNS runs.
# batch, patients and report run with -j 1 and with -j N (N: THREADS, default the online cores)
# side by side, with the speed-ups and the outputs compared, and with --events (generated care
# events, in the claims' order: time and peak RSS) against without; every figure is measured in the
# same run as cat, so ratios hold on a busy machine.
# usage: tests/bench/run.sh BUILD_DIR
#   (env: ROWS=10000000 RUNS=5 THREADS=$(nproc) BENCH_DIR=/tmp/medcalc-bench)
set -eu
build=$1
rows=${ROWS:-10000000}
runs=${RUNS:-5}
threads=${THREADS:-$(getconf _NPROCESSORS_ONLN)}
dir=${BENCH_DIR:-/tmp/medcalc-bench}
pandas_script=${PANDAS_SCRIPT:-../shared/bench/pandas_mme.py}
medcalc=$build/medcalc
runstat=$build/bench/runstat
mkdir -p "$dir"
claims=$dir/claims-$rows.csv
if [ ! -s "$claims" ]; then
    echo "generating $rows rows into $claims ..." >&2
    "$build/bench/gen" "$rows" > "$claims.tmp" && mv "$claims.tmp" "$claims"
fi
bytes=$(stat -c %s "$claims")
lines=$(($(wc -l < "$claims") - 1))

# measure NAME INPUT -- CMD...: prints "NAME SECONDS KIB XCAT" (medians); output to $dir/out.
# Each run of a medcalc command follows a run of `cat FILE > OUT` of its own, and XCAT is the
# median of the pairs' ratios: the host's speed wanders within minutes, and a ratio to a cat run
# made seconds before holds where one to the cat runs at the start of the bench would not.
measure() {
    name=$1 input=$2; shift 3
    i=0; : > "$dir/times"; : > "$dir/pairs"
    while [ $i -lt "$runs" ]; do
        paired=
        case $name in cat | wc | pandas-*) ;; *) paired=$(run_once "$claims" cat) ;; esac
        this=$(run_once "$input" "$@")
        echo "$this" >> "$dir/times"
        [ -z "$paired" ] || echo "${paired%% *} ${this%% *}" >> "$dir/pairs"
        i=$((i + 1))
    done
    secs=$(sort -n -k1,1 "$dir/times" | awk -v n="$runs" 'NR == int((n + 1) / 2) {print $1}')
    kib=$(sort -n -k2,2 "$dir/times" | awk -v n="$runs" 'NR == int((n + 1) / 2) {print $2}')
    xcat=$(awk '$1 > 0 {print $2 / $1}' "$dir/pairs" | sort -g |
           awk -v n="$runs" 'NR == int((n + 1) / 2) {print; found = 1} END {if (!found) print "-"}')
    st=$(awk '$3 != 0 && $3 != 1 {print "FAILED " $3; exit}' "$dir/times")
    echo "$name $secs $kib $xcat $st" >> "$dir/results"
}
# run_once INPUT CMD...: one run, "SECONDS KIB STATUS", output to $dir/out. The last run's output
# (up to a GB on 10M rows) is written back first, and the file is made anew: otherwise one run's
# writeback and truncation land on the next run.
run_once() {
    input=$1; shift
    rm -f "$dir/out"; sync
    if [ -n "$input" ]; then "$runstat" -i "$input" -o "$dir/out" -- "$@"; else "$runstat" -o "$dir/out" -- "$@"; fi
}
: > "$dir/results"
measure cat "$claims" -- cat
measure wc "$claims" -- wc -l
measure batch-j1 "" -- "$medcalc" batch -q -j 1 "$claims"
cp "$dir/out" "$dir/out-j1"
measure batch-jN "" -- "$medcalc" batch -q -j "$threads" "$claims"
cmp -s "$dir/out" "$dir/out-j1" || echo "batch -j $threads output differs from -j 1" >> "$dir/results"
rm -f "$dir/out-j1"
for cmd in patients report; do
    measure $cmd-j1 "" -- "$medcalc" $cmd -q -j 1 "$claims"
    cp "$dir/out" "$dir/out-j1"
    measure $cmd-jN "" -- "$medcalc" $cmd -q -j "$threads" "$claims"
    cmp -s "$dir/out" "$dir/out-j1" || echo "$cmd -j $threads output differs from -j 1" >> "$dir/results"
    rm -f "$dir/out-j1"
done
# patients and report with care events (--events), against the same commands without them:
# two events for each patient of the claims (a review and a urine drug test on its first fill
# date; every seventh patient also has a PDMP check), generated from the claims file.
events=$dir/events-$rows.csv
if [ ! -s "$events" ]; then
    awk -F, 'NR == 1 { print "patient_id,date,event,detail"; next }
             $1 != last { last = $1; n++; print $1 "," $4 ",review,"; print $1 "," $4 ",uds,";
                          if (n % 7 == 0) print $1 "," $4 ",pdmp," }' "$claims" > "$events.tmp" &&
        mv "$events.tmp" "$events"
fi
# The events are in the claims' order, so they are read alongside the claims: peak RSS stays
# bounded by the largest patient (compare it with the same command without --events).
for cmd in patients report; do
    measure $cmd-events-j1 "" -- "$medcalc" $cmd -q -j 1 --events "$events" "$claims"
    cp "$dir/out" "$dir/out-j1"
    measure $cmd-events-jN "" -- "$medcalc" $cmd -q -j "$threads" --events "$events" "$claims"
    cmp -s "$dir/out" "$dir/out-j1" || echo "$cmd --events -j $threads output differs from -j 1" >> "$dir/results"
    rm -f "$dir/out-j1"
done
pandas=no
if [ -f "$pandas_script" ] && /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
    pandas=yes
    head -n 1000001 "$claims" > "$dir/claims-1M.csv"
    measure pandas-fills "" -- /usr/bin/python3 "$pandas_script" fills "$dir/claims-1M.csv" "$dir/pandas.out"
    measure pandas-patients "" -- /usr/bin/python3 "$pandas_script" patients "$dir/claims-1M.csv" "$dir/pandas.out"
fi
# one-off latency: process start to exit
i=0; : > "$dir/lat"
while [ $i -lt 21 ]; do "$runstat" -o /dev/null -- "$medcalc" "oxycodone 10 mg q6h" >> "$dir/lat"; i=$((i + 1)); done
latency=$(sort -n "$dir/lat" | awk 'NR == 11 {printf "%.2f", $1 * 1000}')
lib=$("$build/bench/libbench" 2000000)

awk -v rows="$lines" -v bytes="$bytes" -v pandas="$pandas" -v latency="$latency" -v lib="$lib" -v runs="$runs" -v threads="$threads" '
/differs/ { print "FAILED: " $0; next }
{ secs[$1] = $2; kib[$1] = $3; xcat[$1] = $4; bad[$1] = ($5 == "") ? "" : $5 " " $6 }
END {
    printf "claims file: %d rows, %.0f MB; medians of %d runs; -jN is -j %d; pandas on the first 1,000,000 rows\n", rows, bytes / 1e6, runs, threads
    printf "x cat: the median of each run'"'"'s ratio to a run of cat just before it\n\n"
    printf "%-18s %9s %12s %9s %10s %9s %10s\n", "command", "seconds", "rows/s", "MB/s", "peak RSS", "x cat", "x pandas"
    n = split("cat wc batch-j1 batch-jN patients-j1 patients-jN report-j1 report-jN patients-events-j1 patients-events-jN report-events-j1 report-events-jN pandas-fills pandas-patients", order, " ")
    for (i = 1; i <= n; i++) {
        k = order[i]
        if (!(k in secs)) continue
        r = (k ~ /^pandas/) ? 1000000 : rows
        rate = r / secs[k]
        vs = "-"
        if (pandas == "yes" && k ~ /^batch/) vs = sprintf("%.0fx", rate / (1000000 / secs["pandas-fills"]))
        if (pandas == "yes" && (k ~ /^patients/ || k ~ /^report/)) vs = sprintf("%.0fx", rate / (1000000 / secs["pandas-patients"]))
        mbs = (k ~ /^pandas/) ? "-" : sprintf("%.0f", bytes / 1e6 / secs[k])
        vscat = (k ~ /^pandas/) ? "-" : (xcat[k] == "-") ? sprintf("%.2f", secs[k] / secs["cat"]) : sprintf("%.2f", xcat[k])
        printf "%-18s %9.3f %12.0f %9s %8.1f MB %9s %10s %s\n", k, secs[k], rate, mbs, kib[k] / 1024, vscat, vs, bad[k]
    }
    printf "\n"
    split("batch patients report", cmds, " ")
    for (i = 1; i <= 3; i++)
        printf "%s -j %d against -j 1: %.2fx the speed\n", cmds[i], threads, secs[cmds[i] "-j1"] / secs[cmds[i] "-jN"]
    for (i = 2; i <= 3; i++)
        for (j = 1; j <= 2; j++) {
            k = cmds[i] ((j == 1) ? "-j1" : "-jN"); e = cmds[i] ((j == 1) ? "-events-j1" : "-events-jN")
            printf "%s --events (-j %d): %.2fx the time without (goal: 1.5x at most); peak RSS %.1f MB against %.1f MB without (goal: bounded by the largest patient, not the file)\n",
                   cmds[i], (j == 1) ? 1 : threads, secs[e] / secs[k], kib[e] / 1024, kib[k] / 1024
        }
    split(lib, l, " ")
    printf "\none-off latency (medcalc \"oxycodone 10 mg q6h\", median of 21): %s ms\n", latency
    printf "library computations per second (med_compute, one structured regimen): %.0f\n", l[1] / l[2]
    if (l[4] > 0) printf "library computations per second (med_compute_prepared, the same regimen read once): %.0f\n", l[3] / l[4]
    if (pandas != "yes") print "pandas baseline skipped: needs Debian python3-pandas and " ENVIRON["PANDAS_SCRIPT"] " (../shared/bench/pandas_mme.py)"
}' "$dir/results"
