#!/bin/sh
# CLI tests for medcalc patients and medcalc report: per-patient rows, the daily series, input
# in any order, and the report agreeing with the patients it summarises.
medcalc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*" >&2; }
equal() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
has() { case "$2" in *"$3"*) ok ;; *) bad "$1: lacks '$3' in: $2" ;; esac; }

cat > "$tmp/fills.csv" <<'CSV'
patient_id,prescriber_id,pharmacy_id,fill_date,drug,form,strength,unit,quantity,days_supply
A,D1,R1,2025-01-01,oxycodone,tablet,10,mg,120,30
A,D1,R1,2025-01-20,oxycodone,tablet,10,mg,120,30
A,D2,R2,2025-01-10,alprazolam,tablet,1,mg,30,30
B,D2,R1,2025-02-01,methadone,tablet,10,mg,30,30
B,D2,R1,2025-02-11,methadone,tablet,10,mg,20,10
C,D3,R3,2025-03-01,fentanyl,patch,25,mcg/hr,10,30
C,D3,R3,2025-03-01,bogus,tablet,5,mg,10,10
D,D4,R4,2025-04-01,gabapentin,capsule,300,mg,90,30
CSV
out=$("$medcalc" patients "$tmp/fills.csv" 2>"$tmp/err"); rc=$?
err=$(cat "$tmp/err")
equal patients-status "$rc" 1
equal patients-rows "$(printf '%s\n' "$out" | wc -l)" 5
has patients-header "$out" "patient_id,first_day,last_day,treatment_days,days_covered,peak_mme_per_day,peak_date,average_mme_per_day,average_mme_per_covered_day,days_at_or_above_50,days_at_or_above_90"
# One as-of day for everyone: the latest fill date in the input (D's, 2025-04-01).
has patients-A "$out" "A,2025-01-01,2025-02-18,49,49,120,2025-01-20,73.47,73.47,49,11,11,2025-04-01,0,30,1,1,2,1,3,0,concurrent_benzodiazepine;naloxone_advised,high,3,no,yes,49"
has patients-C "$out" "C,2025-03-01,2025-03-30,30,30,60,2025-03-01,60,60,30,0,0,2025-04-01,0,0,1,1,1,0,2,1,naloxone_advised,moderate,6,no,yes,30"
has patients-D "$out" "D,,,0,0,0,,0,0,0,0,0,2025-04-01,0,0,0,0,0,0,1,0,,low,12,no,no,0"
has patients-as-of "$err" "as of 2025-04-01"
has patients-why "$err" "fills.csv:8: patient C: row not used: unknown drug 'bogus'"
has patients-summary "$err" "8 records, 4 patients, 1 rows not used"
has patients-streamed "$err" "streamed (sorted by patient_id)"

# cdc-2016 applies methadone tiers to the day's total: 10 mg/day is 40, 30 mg/day is 240.
out=$("$medcalc" patients --table cdc-2016 --daily "$tmp/fills.csv" 2>/dev/null)
has daily-header "$out" "patient_id,date,mme_per_day,opioid_fills,benzodiazepine"
has daily-tier-low "$out" "B,2025-02-10,40,1,no"
has daily-tier-total "$out" "B,2025-02-11,240,2,no"
has daily-benzo "$out" "A,2025-01-10,60,1,yes"
equal daily-rows "$(printf '%s\n' "$out" | grep -c '^A,')" 49

# Any order gives the same patients (in order of first appearance), read into memory.
# interleaved: B, A, C, A, B, D, A, C (data lines 4 1 6 2 5 8 3 7)
{ head -1 "$tmp/fills.csv"; for n in 5 2 7 3 6 9 4 8; do sed -n "${n}p" "$tmp/fills.csv"; done; } > "$tmp/shuffled.csv"
"$medcalc" patients "$tmp/fills.csv" 2>/dev/null | sort > "$tmp/a"
"$medcalc" patients "$tmp/shuffled.csv" 2>"$tmp/err" | sort > "$tmp/b"
equal any-order "$(cat "$tmp/b")" "$(cat "$tmp/a")"
has any-order-memory "$(cat "$tmp/err")" "read into memory"
"$medcalc" patients - < "$tmp/shuffled.csv" 2>/dev/null | sort > "$tmp/c"
equal stdin "$(cat "$tmp/c")" "$(cat "$tmp/a")"
out=$("$medcalc" patients -q --as-of 2025-01-25 "$tmp/fills.csv")
has as-of "$out" "A,2025-01-01,2025-02-18,49,49,120,2025-01-20,73.47,73.47,49,11,11,2025-01-25,120,"

# JSON lines carry the fields the issue names.
"$medcalc" patients --format json "$tmp/fills.csv" 2>/dev/null > "$tmp/p.json"
python3 - "$tmp/p.json" <<'PY' && ok || bad "patients json"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["patient_id"] for r in rows] == ["A", "B", "C", "D"]
need = ["patient_id", "first_day", "last_day", "days_covered", "peak_mme_per_day", "peak_date",
        "average_mme_per_day", "average_mme_per_covered_day", "days_at_or_above", "mme_as_of",
        "benzodiazepine_overlap_days", "prescribers", "pharmacies", "risk_tier", "review_months",
        "flags", "rows_rejected"]
for r in rows:
    for k in need:
        assert k in r, k
a = rows[0]
assert a["days_at_or_above"] == {"50": 49, "90": 11} and a["peak_mme_per_day"] == 120
assert a["flags"] == ["concurrent_benzodiazepine", "naloxone_advised"]
assert rows[3]["first_day"] is None and rows[2]["rows_rejected"] == 1
PY

# The report agrees with the patients it summarises (computed here from patients' JSON).
"$medcalc" report --format json "$tmp/fills.csv" 2>/dev/null > "$tmp/r.json"
python3 - "$tmp/p.json" "$tmp/r.json" <<'PY' && ok || bad "report agrees with patients"
import json, sys
pts = [json.loads(l) for l in open(sys.argv[1])]
rep = json.load(open(sys.argv[2]))
pr = rep["practice"]
live = [p for p in pts if p["days_covered"] > 0]
assert pr["patients"] == len(live) == 3, pr
for t in ("50", "90"):
    assert pr["peak_at_or_above"][t] == sum(1 for p in live if p["days_at_or_above"][t] > 0)
for flag, n in pr["flags"].items():
    assert n == sum(1 for p in live if flag in p["flags"]), flag
assert pr["coprescribed"] == sum(1 for p in live if p["benzodiazepine_overlap_days"] > 0)
peaks = sorted(p["peak_mme_per_day"] for p in live)
assert pr["median_peak_mme"] == peaks[len(peaks) // 2]
assert [g["name"] for g in rep["prescribers"]] == ["D1", "D2", "D3"]
assert rep["table"]["id"] == "cdc-2022" and rep["rules"]["id"] == "risk-rules"
PY
out=$("$medcalc" report "$tmp/fills.csv" 2>/dev/null)
has report-text "$out" "patients with opioid fills giving MME: 3"
has report-text-prescribers "$out" "by prescriber"
out=$("$medcalc" report --format csv "$tmp/fills.csv" 2>/dev/null)
has report-csv "$out" "as_of,group_by,group,patients,long_term,active,active_long_term,peak_at_or_above_50,peak_at_or_above_90,high_dose,coprescribed"
has report-csv-practice "$out" "2025-04-01,practice,practice,3,0,3,0,3,2,"

# Bad input: missing columns, bad as-of, a record that belongs to nobody.
printf 'patient_id,drug,strength,unit,quantity\nA,oxycodone,10,mg,10\n' > "$tmp/nocols.csv"
"$medcalc" patients "$tmp/nocols.csv" >/dev/null 2>"$tmp/err"; rc=$?
equal missing-columns "$rc" 3
has missing-columns-says "$(cat "$tmp/err")" "fill_date"
"$medcalc" patients --as-of 2025-13-01 "$tmp/fills.csv" >/dev/null 2>&1; rc=$?
equal bad-as-of "$rc" 2
printf 'patient_id,fill_date,drug,strength,unit,quantity,days_supply\nA,2025-01-01,oxycodone,10,mg,60,30\n,2025-01-01,oxycodone,10,mg,60,30\n' > "$tmp/noid.csv"
out=$("$medcalc" patients "$tmp/noid.csv" 2>"$tmp/err"); rc=$?
equal no-patient-status "$rc" 1
has no-patient-says "$(cat "$tmp/err")" "noid.csv:3: record not attributed to a patient: empty patient_id"
# A record with no id belongs to nobody and cannot split a patient: it does not count for the
# order, whether the quick check (no quote) or the reader of records (a quote) looks.
has no-patient-streamed "$(cat "$tmp/err")" "streamed (sorted by patient_id)"
printf 'patient_id,fill_date,drug,strength,unit,quantity,days_supply\nA,2025-01-01,"oxycodone",10,mg,60,30\n,2025-01-01,oxycodone,10,mg,60,30\nB,2025-01-01,oxycodone,10,mg,60,30\n' > "$tmp/noidq.csv"
"$medcalc" patients "$tmp/noidq.csv" >/dev/null 2>"$tmp/err"
has no-patient-quoted-streamed "$(cat "$tmp/err")" "streamed (sorted by patient_id)"
has no-patient-quoted-says "$(cat "$tmp/err")" "noidq.csv:3: record not attributed to a patient: empty patient_id"

# Claims keyed by NDC give the same patients and report as the same claims with names.
gen=$(dirname "$0")/../tools/gen-ndc-claims.py
python3 "$gen" --as ndc 2000 7 > "$tmp/ndc.csv"
python3 "$gen" --as names 2000 7 > "$tmp/names.csv"
"$medcalc" patients "$tmp/names.csv" > "$tmp/names.out" 2>/dev/null
"$medcalc" patients "$tmp/ndc.csv" > "$tmp/ndc.out" 2>"$tmp/err"
equal ndc-patients "$(cmp "$tmp/ndc.out" "$tmp/names.out" && echo same)" same
equal ndc-patients-rows "$(wc -l < "$tmp/ndc.out")" 299
has ndc-patients-says "$(cat "$tmp/err")" "row not used: ndc 00002035302 (cdc-ndc-2018@2): propoxyphene oral 100 mg; table cdc-2022@1 has no factor"
# ... except ER/LA new starts: an NDC says "Tablet, Extended Release" or OXYCONTIN, the names only
# the ingredient and form (only methadone, buprenorphine and patches are ER/LA by those alone).
"$medcalc" report --format csv "$tmp/ndc.csv" > "$tmp/ndc.report" 2>/dev/null
"$medcalc" report --format csv "$tmp/names.csv" > "$tmp/names.report" 2>/dev/null
equal ndc-report-columns "$(head -1 "$tmp/ndc.report" | cut -d, -f24,25)" \
    "new_start_er_la_numerator,new_start_er_la_denominator"
equal ndc-report "$(cut -d, -f1-23,26- "$tmp/ndc.report")" "$(cut -d, -f1-23,26- "$tmp/names.report")"
equal ndc-report-er-la "$(sed -n 2p "$tmp/ndc.report" | cut -d, -f24,25)" "33,157"
equal names-report-er-la "$(sed -n 2p "$tmp/names.report" | cut -d, -f24,25)" "7,157"

# --ndc-list: a site's code is used by patients and report; its conflict with CDC's list is
# warned about once, though unsorted input is read twice; an unusable list stops the run.
cp "$(dirname "$0")/../data/ndc/site.ndc" "$tmp/site.ndc" # a new code, and one CDC lists as 5 mg
printf 'patient_id,fill_date,ndc,quantity,days_supply\nB,2025-02-01,99998-0001-01,60,30\nA,2025-01-01,99998000101,120,30\nA,2025-01-20,00406-0552-62,120,30\n' > "$tmp/site.csv"
printf 'patient_id,fill_date,drug,form,strength,unit,quantity,days_supply\nB,2025-02-01,tapentadol,oral,50,mg,60,30\nA,2025-01-01,tapentadol,oral,50,mg,120,30\n' > "$tmp/site-names.csv"
out=$("$medcalc" patients "$tmp/site.csv" 2>"$tmp/err"); rc=$?
equal site-unknown-status "$rc" 1
has site-unknown "$(cat "$tmp/err")" "site.csv:2: patient B: row not used: ndc 99998000101 is in none of the NDC lists (cdc-ndc-2018@2)"
out=$("$medcalc" patients --ndc-list "$tmp/site.ndc" "$tmp/site.csv" 2>"$tmp/err"); rc=$?
equal site-list-status "$rc" 1
equal site-list-patients "$(printf '%s\n' "$out" | cut -d, -f1-9)" \
    "$("$medcalc" patients "$tmp/site-names.csv" 2>/dev/null | cut -d, -f1-9)"
has site-list-B "$out" "B,2025-02-01,2025-03-02,30,30,40,2025-02-01,40,40,"
equal site-list-warned-once "$(grep -c 'warning: .*site.ndc: 1 NDC listed differently' "$tmp/err")" 1
has site-list-conflict "$(cat "$tmp/err")" "site.csv:4: patient A: row not used: NDC 00406055262 is listed differently"
has site-list-memory "$(cat "$tmp/err")" "read into memory"
has site-list-summary "$(cat "$tmp/err")" "; ndc lists cdc-ndc-2018@2 sha256:"
has site-list-summary-site "$(cat "$tmp/err")" ", site-formulary@2 sha256:$(sha256sum "$tmp/site.ndc" | cut -c1-64)"
out=$("$medcalc" report --format csv --ndc-list "$tmp/site.ndc" "$tmp/site.csv" 2>/dev/null)
has site-list-report "$out" "practice,2,"
"$medcalc" patients --ndc-list "$tmp/site.ndc" "$tmp/fills.csv" >/dev/null 2>"$tmp/err"
has site-list-unused "$(cat "$tmp/err")" "fills.csv has no ndc column: --ndc-list $tmp/site.ndc is not used"
printf '99998-0003-01,oxycodone,tablet,5,mg,X\n' >> "$tmp/site.ndc"
"$medcalc" report --ndc-list "$tmp/site.ndc" "$tmp/site.csv" >/dev/null 2>"$tmp/err"; rc=$?
equal site-list-bad "$rc" 3
has site-list-bad-says "$(cat "$tmp/err")" "site.ndc:10: form 'tablet'"

# --events in the claims' patient order is read alongside the claims (streamed), in any other
# order into memory: the same patients, report and counts either way, with -j 1 and -j 2 (the
# claims, a few megabytes, are cut into pieces; a thread starts reading the events at a mark
# before its first patient), and the summary says which way they were read. Events of patients
# with no claims (before, between and after theirs) and bad rows among them.
awk 'BEGIN { print "patient_id,prescriber_id,pharmacy_id,fill_date,drug,form,strength,unit,quantity,days_supply"
             for (i = 1; i <= 20000; i++)
                 for (k = 0; k <= i % 3; k++)
                     printf "P%05d,D%d,R1,2025-%02d-%02d,oxycodone,tablet,%d,mg,%d,30\n", i, i % 40,
                            1 + (i + k * 2) % 12, 1 + i % 28, 5 * (1 + i % 4), 30 + 30 * k }' > "$tmp/ev-claims.csv"
awk 'BEGIN { print "patient_id,date,event,detail"
             print "A0,2025-03-01,review,"
             for (i = 1; i <= 20000; i++) {
                 printf "P%05d,2025-%02d-%02d,review,visit\n", i, 1 + i % 12, 1 + i % 28
                 if (i % 2) printf "P%05d,2025-%02d-01,uds,\n", i, 1 + (i * 7) % 12
                 if (i % 5 == 0) printf "P%05d,2025-06-15,pdmp,\n", i
                 if (i % 7 == 0) printf "P%05da,2025-04-01,review,\n", i
                 if (i % 997 == 0) printf "P%05d,2025-02-30,uds,\n", i
                 if (i % 1999 == 0) printf "P%05d,2025-02-01,x-ray,\n", i
                 if (i % 2503 == 0) printf ",2025-02-01,review,\n"
             }
             print "Z9,2025-12-31,review," }' > "$tmp/ev-sorted.csv"
{ head -1 "$tmp/ev-sorted.csv"; tail -n +2 "$tmp/ev-sorted.csv" |
    awk 'BEGIN { srand(14) } { printf "%.9f\t%s\n", rand(), $0 }' | sort | cut -f2-; } > "$tmp/ev-shuffled.csv"
for cmd in patients report; do
    "$medcalc" $cmd -j 1 "$tmp/ev-claims.csv" > "$tmp/ev-none" 2>/dev/null
    for j in 1 2; do
        for order in sorted shuffled; do
            "$medcalc" $cmd -j $j --format json --events "$tmp/ev-$order.csv" "$tmp/ev-claims.csv" \
                > "$tmp/ev-$cmd-$j-$order" 2> "$tmp/ev-err-$cmd-$j-$order"
            echo $? >> "$tmp/ev-$cmd-$j-$order"
            if cmp -s "$tmp/ev-$cmd-$j-$order" "$tmp/ev-$cmd-1-sorted"; then ok
            else bad "$cmd -j $j --events $order: differs from -j 1 with the events in order"; fi
            if cmp -s "$tmp/ev-err-$cmd-$j-$order" "$tmp/ev-err-$cmd-1-$order"; then ok
            else bad "$cmd -j $j --events $order: messages differ from -j 1"; fi
        done
    done
    if cmp -s "$tmp/ev-none" "$tmp/ev-$cmd-1-sorted"; then bad "$cmd --events: no effect"; else ok; fi
done
err=$(grep -v 'event not used' "$tmp/ev-err-patients-2-sorted")
has events-streamed "$err" "ev-sorted.csv: 36896 events, 37 not used, 2859 of patients with no claims; streamed (in the claims' patient order)"
has events-claims-streamed "$err" "streamed (sorted by patient_id)"
has events-memory "$(cat "$tmp/ev-err-patients-2-shuffled")" "ev-shuffled.csv: 36896 events, 37 not used, 2859 of patients with no claims; read into memory (not in the claims' patient order)"
equal events-bad-rows "$(grep -c 'event not used' "$tmp/ev-err-patients-2-shuffled")" 37
has events-bad-row "$(cat "$tmp/ev-err-patients-1-sorted")" "ev-sorted.csv:1840: event not used: date '2025-02-30' is not a date"
# Claims from standard input stream too; events from standard input, or with the claims out of
# order, are read into memory; the patients are the same.
cat "$tmp/ev-claims.csv" | "$medcalc" patients -j 2 --format json --events "$tmp/ev-sorted.csv" - \
    > "$tmp/ev-pipe" 2> "$tmp/err"; echo $? >> "$tmp/ev-pipe"
equal events-stdin-claims "$(cat "$tmp/ev-pipe")" "$(cat "$tmp/ev-patients-1-sorted")"
has events-stdin-claims-says "$(cat "$tmp/err")" "; streamed (in the claims' patient order)"
"$medcalc" patients -j 2 --format json --events - "$tmp/ev-claims.csv" < "$tmp/ev-sorted.csv" \
    > "$tmp/ev-pipe" 2> "$tmp/err"; echo $? >> "$tmp/ev-pipe"
equal events-stdin-events "$(cat "$tmp/ev-pipe")" "$(cat "$tmp/ev-patients-1-sorted")"
has events-stdin-events-says "$(cat "$tmp/err")" "2859 of patients with no claims; read into memory (standard input)"
# A pipe cannot be read twice: read once, into memory.
mkfifo "$tmp/ev-fifo"
cat "$tmp/ev-sorted.csv" > "$tmp/ev-fifo" &
"$medcalc" patients -j 2 --format json --events "$tmp/ev-fifo" "$tmp/ev-claims.csv" \
    > "$tmp/ev-pipe" 2> "$tmp/err"; echo $? >> "$tmp/ev-pipe"
wait
equal events-fifo "$(cat "$tmp/ev-pipe")" "$(cat "$tmp/ev-patients-1-sorted")"
has events-fifo-says "$(cat "$tmp/err")" "2859 of patients with no claims; read into memory (a pipe: it cannot be read twice)"
{ head -1 "$tmp/ev-claims.csv"; tail -n +2 "$tmp/ev-claims.csv" | sort -t, -k4,4 -s; } > "$tmp/ev-claims-by-date.csv"
"$medcalc" patients --events "$tmp/ev-sorted.csv" "$tmp/ev-claims-by-date.csv" 2> "$tmp/err" | sort > "$tmp/ev-a"
"$medcalc" patients --events "$tmp/ev-sorted.csv" "$tmp/ev-claims.csv" 2> /dev/null | sort > "$tmp/ev-b"
if cmp -s "$tmp/ev-a" "$tmp/ev-b"; then ok; else bad "patients --events, claims out of order: differs"; fi
has events-claims-memory "$(cat "$tmp/err")" "2859 of patients with no claims; read into memory (the claims are not sorted by patient_id)"

# A bare CR ends a record for the CSV reader: the order check, which reads lines, must read such
# input as the reader does (it once saw no data in a file with CR line ends: no as-of day, and
# streamed two patients out of order as if sorted).
printf 'patient_id,fill_date,days_supply,prescriber_id,pharmacy_id,drug,strength,unit,quantity\rP2,2024-01-01,30,D1,X1,oxycodone,10,mg,120\rP1,2024-01-01,30,D1,X1,oxycodone,10,mg,120\r' > "$tmp/cr.csv"
for j in 1 2; do
    out=$("$medcalc" patients -j $j "$tmp/cr.csv" 2>&1); rc=$?
    equal "cr-only-$j-status" "$rc" 0
    has "cr-only-$j-as-of" "$out" "as of 2024-01-01; read into memory (not sorted by patient_id)"
    has "cr-only-$j-P1" "$out" "P1,2024-01-01,2024-01-30,30,30,60,2024-01-01,60,60,30,0,0,2024-01-01,60"
done
printf 'patient_id,fill_date,days_supply,prescriber_id,pharmacy_id,drug,strength,unit,quantity\nP3,2024-01-01,30,D1,X1,oxycodone\rER,10,mg,120\nP4,2024-01-01,30,D1,X1,oxycodone,10,mg,120\n' > "$tmp/cr-mid.csv"
"$medcalc" report -j 1 "$tmp/cr-mid.csv" > "$tmp/cr-mid-1" 2>&1; echo "status $?" >> "$tmp/cr-mid-1"
"$medcalc" report -j 2 "$tmp/cr-mid.csv" > "$tmp/cr-mid-2" 2>&1; echo "status $?" >> "$tmp/cr-mid-2"
equal cr-mid-same "$(cat "$tmp/cr-mid-2")" "$(cat "$tmp/cr-mid-1")"
has cr-mid-status "$(cat "$tmp/cr-mid-1")" "status 1"
has cr-mid-why "$(cat "$tmp/cr-mid-1")" "cr-mid.csv:3: patient ER: row not used"
has cr-mid-order "$("$medcalc" patients -j 2 "$tmp/cr-mid.csv" 2>&1)" "3 records, 3 patients, 2 rows not used, 0 records not attributed; as of 2024-01-01; read into memory (not sorted by patient_id)"

echo "patients and report tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
