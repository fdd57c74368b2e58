#!/bin/sh
# Out of memory: medcalc stops with exit status 3 and "out of memory" on standard error, never a
# crash, a hang, a wrong row or a wrong status. The shim tests/tools/failalloc.c (LD_PRELOAD)
# fails the Nth allocation of a run; for each command below, N goes 1, 2, ... until it is past
# the run's allocations (the shim's log says the Nth never came), and every run must either
#  - give the standard output, standard error and exit status of the run that failed nothing
#    (the allocation only saved time, or was done without), or
#  - exit with status 3 and "out of memory" (or strerror(ENOMEM), "Cannot allocate memory", for a
#    system call) on standard error, having written on standard output only a beginning of the
#    full run's output (nothing wrong before it stopped).
# The inputs are small, so each run makes a few hundred allocations at most: some 4,000 runs,
# about a minute of CPU, up to three on a busy machine (make check). With CLI_QUICK set (make
# test), only batch -j 2, 150 runs, about 2 s: a worker that failed to start once freed the
# run's batch twice (b986b3b).
# usage: tests/cli/nomem.sh path/to/medcalc path/to/failalloc.so
medcalc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shim=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*" >&2; }
MAX_N=20000 # a run of these inputs making more allocations than this is a failure of its own

cat > "$tmp/claims.csv" <<'CSV'
id,drug,form,strength,unit,quantity,days_supply
1,oxycodone,tablet,10,mg,120,30
2,fentanyl,patch,25,mcg/hr,10,30
3,gabapentin,capsule,300,mg,90,30
4,oxycodone,tablet,10,mg,120
5,oxycodone,tablet,10,mg,120,30
CSV
cat > "$tmp/fills.csv" <<'CSV'
patient_id,prescriber_id,pharmacy_id,fill_date,drug,form,strength,unit,quantity,days_supply
A,D1,R1,2025-01-01,oxycodone,tablet,10,mg,120,30
A,D2,R2,2025-01-10,alprazolam,tablet,1,mg,30,30
B,D2,R1,2025-02-01,methadone,tablet,10,mg,30,30
C,D3,R3,2025-03-01,fentanyl,patch,25,mcg/hr,10,30
C,D3,R3,2025-03-01,bogus,tablet,5,mg,10,10
CSV
cat > "$tmp/events.csv" <<'CSV'
patient_id,date,event,detail
A,2025-01-15,review,
B,2025-02-03,uds,
Z,2025-02-03,pdmp,
CSV
cat > "$tmp/dosage.json" <<'JSON'
{"timing": {"repeat": {"frequency": 4, "period": 1, "periodUnit": "d"}},
 "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet"}}]}
JSON
cat > "$tmp/reported.csv" <<'CSV'
site,regimen,reported_mme
north,oxycodone 10 mg q6h,60
north,tramadol 50 mg qid,20
south,methadone 10 mg tid,240
CSV

# A record the reader cannot split (a quote inside an unquoted field) is counted in its site too.
cat > "$tmp/broken.csv" <<'CSV'
site,regimen,reported_mme
north,oxycodone 10 mg q6h,60
north,oxy"codone 5 mg,20
south,methadone 10 mg tid,240
CSV
# Two small tables (vectors, tables diff and check) and a site NDC list (batch --ndc-list).
cat > "$tmp/mini.yaml" <<'YAML'
id: site-minimal
version: "7"
title: Minimal site table
guideline: Example Clinic MME policy
source: https://example.org/policy
effective: 2024-01-31
factors:
  - {ingredient: morphine, unit: mg, factor: 1}
  - {ingredient: oxycodone, unit: mg, factor: 1.5}
thresholds:
  - {mme: 50, comparator: ">=", level: caution, summary: Review., summarises: s}
YAML
sed 's/factor: 1.5}/factor: 2}/; s/site-minimal/site-other/' "$tmp/mini.yaml" > "$tmp/mini2.yaml"
cat > "$tmp/site.ndc" <<'NDC'
id: site-formulary
version: "2"
title: Codes our pharmacy added
source: formulary export, June 2025
effective: 2025-06-01
...
ndc,ingredient,form,strength,unit,product
99998-0001-01,tapentadol,oral,50,mg,NEWDOL 50 MG TABLET
NDC
cat > "$tmp/ndc.csv" <<'CSV'
ndc,quantity,days_supply
00406-0552-62,120,30
99998-0001-01,60,30
12345,1,1
CSV

# once N OUT ERR ARGS...: medcalc ARGS in $tmp with allocation N failing (0: none); the status
# in $st and the shim's log in $log ("allocations C failed F", or empty when it did not exit).
# LD_PRELOAD is given to medcalc alone, not to timeout.
once() {
    n=$1 out=$2 err=$3
    shift 3
    rm -f "$tmp/log"
    (cd "$tmp" && timeout 60 env LD_PRELOAD="$shim" MEDCALC_FAIL_ALLOC="$n" \
        MEDCALC_ALLOC_LOG="$tmp/log" "$medcalc" "$@") > "$out" 2> "$err"
    st=$?
    log=$(cat "$tmp/log" 2> /dev/null)
}

# same: the last run gave exactly what the run that failed nothing gave.
same() {
    [ "$st" = "$want" ] && cmp -s "$tmp/out" "$tmp/want.out" && cmp -s "$tmp/err" "$tmp/want.err"
}

# stopped: the last run stopped for want of memory, as it should: status 3, the message, and
# its standard output a beginning of the full run's. medcalc says "out of memory" for its own
# allocations and the library's; a system call that fails with ENOMEM (fopen allocates) is
# reported with the system's text for it, strerror(ENOMEM). No summary of counts follows it
# ("medcalc: claims.csv: 0 rows: ...", "N records, N patients"): those of a run that stopped
# count only what was read before, and would read as the input's.
stopped() {
    [ "$st" = 3 ] && grep -q -e "out of memory" -e "Cannot allocate memory" "$tmp/err" &&
        ! grep -q -E '^medcalc: .*: [0-9]+ (rows: |records, )' "$tmp/err" &&
        head -c "$(wc -c < "$tmp/out")" "$tmp/want.out" | cmp -s - "$tmp/out"
}

# sweep NAME ARGS...: medcalc ARGS with allocation 1, 2, ... failing, each run checked.
sweep() {
    name=$1
    shift
    once 0 "$tmp/want.out" "$tmp/want.err" "$@"
    want=$st
    case "$log" in
    "allocations 0 "*)
       bad "$name: the shim saw no allocation (a sanitizer build's allocator is its own)"
       return ;;
    "allocations "*" failed 0") ;;
    *) bad "$name: the run failing nothing left no allocation count (status $st, log '$log')"
       return ;;
    esac
    if [ "$want" -ge 3 ]; then
        bad "$name: status $want with memory to spare: $(head -c 400 "$tmp/want.err")"
        return
    fi
    n=1 same=0 stopped=0
    while [ "$n" -le "$MAX_N" ]; do
        once "$n" "$tmp/out" "$tmp/err" "$@"
        what="$name, allocation $n failing"
        if [ "$st" -ge 124 ]; then # 124: timeout's hang; above 128: a signal (a crash, an abort)
            bad "$what: status $st: $(head -c 400 "$tmp/err")"
        elif [ -z "$log" ]; then
            bad "$what: no log from the shim (status $st): $(head -c 400 "$tmp/err")"
        elif [ "${log##* }" = 0 ]; then # N is past the run's allocations: the sweep ends
            if same; then ok; else bad "$what: nothing failed, yet the run differs"; fi
            break
        elif same; then
            ok
            same=$((same + 1))
        elif stopped; then
            ok
            stopped=$((stopped + 1))
        else
            bad "$what: status $st (want $want, or 3 with 'out of memory'); stderr: \
$(head -c 400 "$tmp/err"); stdout: $(cmp "$tmp/out" "$tmp/want.out" 2>&1 | head -c 200)"
        fi
        n=$((n + 1))
    done
    [ "$n" -gt "$MAX_N" ] && bad "$name: more than $MAX_N allocations"
    echo "  $name: allocations 1 to $((n - 1)) failed in turn: $stopped stopped out of memory," \
         "$same ran as with memory to spare"
}

sweep "batch -j 2" batch -j 2 claims.csv
if [ -z "${CLI_QUICK:-}" ]; then
    sweep "one-off" "oxycodone 10 mg q6h" "morphine ER 30 mg bid"
    sweep "batch -j 1" batch -j 1 claims.csv
    sweep "patients" patients fills.csv
    sweep "patients --events" patients --events events.csv fills.csv
    sweep "report" report fills.csv
    sweep "report html" report --format html fills.csv
    sweep "compare" compare "oxycodone 10 mg q6h" "methadone 10 mg tid"
    sweep "agree" agree reported.csv
    sweep "agree, a broken record" agree broken.csv
    sweep "agree --sites" agree --sites broken.csv
    sweep "vectors" vectors --table mini.yaml
    sweep "tables diff" tables diff mini.yaml mini2.yaml
    sweep "tables check" tables check mini.yaml mini2.yaml
    sweep "batch --ndc-list" batch --ndc-list site.ndc ndc.csv
    sweep "fhir" fhir dosage.json "tramadol 50 MG Oral Tablet"
fi

echo "out-of-memory tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
