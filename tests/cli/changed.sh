#!/bin/sh
# CLI test: claims changed between the two passes of patients and report (the order check, then
# the patients). gdb stops medcalc where the second pass starts and appends a row of a patient
# already done; medcalc must refuse to go on (a patient split in two would be two wrong rows),
# not finish with exit status 0. One thread: with -j N the pieces were cut before it stops.
medcalc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*" >&2; }
has() { case "$2" in *"$3"*) ok ;; *) bad "$1: lacks '$3' in: $2" ;; esac; }

if ! command -v gdb > /dev/null; then
    echo "changed-input tests: 0 passed, 1 failed (gdb is missing: make test-deps installs it)"
    exit 1
fi
if ! gdb -q -batch -ex run --args true > /dev/null 2>&1; then
    echo "changed-input tests: skipped (gdb cannot trace a process here: ptrace is not permitted)"
    exit 0
fi
# LeakSanitizer cannot run under a tracer (make asan): no leak check on the traced runs.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
claims="$tmp/claims.csv"
cat > "$tmp/gdb" <<GDB
set pagination off
set confirm off
break reader_stream
run
shell printf 'P1,2024-01-02,30,D1,X1,oxycodone,10,mg,120\n' >> "$claims"
delete
continue
GDB
for command in patients report; do
    printf '%s\n' 'patient_id,fill_date,days_supply,prescriber_id,pharmacy_id,drug,strength,unit,quantity' \
        'P1,2024-01-01,30,D1,X1,oxycodone,10,mg,120' 'P2,2024-01-01,30,D1,X1,oxycodone,10,mg,120' \
        > "$claims"
    "$medcalc" "$command" -j 1 "$claims" > /dev/null 2>&1 && ok || bad "$command: unchanged input fails"
    out=$(gdb -q -batch -x "$tmp/gdb" --args "$medcalc" "$command" -j 1 "$claims" 2>&1)
    has "$command-refused" "$out" "claims.csv:4: patient_id 'P1' comes after 'P2', but the first pass found the input sorted by patient_id: did it change while medcalc read it?"
    has "$command-status" "$out" "exited with code 03"
done
echo "changed-input tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
