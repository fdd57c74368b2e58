#!/bin/sh
# CLI tests: exit status, standard output and standard error of medcalc, as a user runs it.
# usage: tests/cli/run.sh path/to/medcalc
medcalc=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# run NAME WANT_STATUS -- ARGS...: runs medcalc, keeps stdout/stderr in $out/$err.
run() {
    name=$1 want=$2; shift 3
    "$medcalc" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    out=$(cat "$tmp/out") err=$(cat "$tmp/err")
    if [ "$got" != "$want" ]; then
        fail=$((fail + 1)); echo "FAIL $name: exit $got, want $want; stderr: $err" >&2; return 1
    fi
    return 0
}
has() { # has NAME WHERE TEXT: $WHERE (out or err) contains TEXT
    eval "v=\$$2"
    case "$v" in *"$3"*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); echo "FAIL $1: $2 lacks '$3':" >&2; printf '%s\n' "$v" | head -20 >&2 ;; esac
}
lacks() {
    eval "v=\$$2"
    case "$v" in *"$3"*) fail=$((fail + 1)); echo "FAIL $1: $2 has '$3'" >&2 ;; *) pass=$((pass + 1)) ;; esac
}
equal() { # equal NAME GOT WANT
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: got '$2', want '$3'" >&2; fi
}
# mme TABLE REGIMEN: the total MME/day as JSON reports it
mme() {
    "$medcalc" --format json --table "$1" "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_mme_per_day"])'
}

# --- one-off: the issue's examples -------------------------------------------------------------
run example 0 -- "oxycodone 10 mg q6h" "morphine ER 30 mg bid"
has example out "total: 120 MME/day"
has example out "10 mg x 4/day = 40 mg/day x 1.5 = 60 MME/day"
has example out "cdc-2022@1"
has example out ">= 90 MME/day (high)"
has example out "method: clinical"
# thresholds: the source's own words with where they stand, anything else labelled (issue 16)
run words 0 -- "oxycodone 30 mg q6h"
has words out "total: 180 MME/day"
has words out 'quote, CDC 2022, Recommendation 4, supporting text (dosage): "before increasing total opioid dosage to ≥50 MME/day, clinicians should pause'
has words out "summary by this table, not the source's words (of CDC 2022, Recommendation 4"
has words out "naloxone and overdose prevention education"
has words out "quote, CDC 2016 guideline (not CDC 2022), Recommendation 5"
has words out "Not a CDC 2022 threshold"
has words out "source: https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm"
lacks words out "benefits rarely outweigh"
lacks words out "p. 14"
run words-json 0 -- --format json "oxycodone 30 mg q6h"
printf '%s' "$out" | python3 -c '
import json, sys
f = json.load(sys.stdin)["flags"]
assert [x["threshold"] for x in f] == [50, 90], f
assert f[0]["quote"].startswith("before increasing total opioid dosage") and f[0]["location"], f[0]
assert f[0]["summary"] and f[0]["summarises"] and f[0]["message"] == f[0]["quote"], f[0]
assert "not CDC 2022" in f[1]["location"] and "Not a CDC 2022 threshold" in f[1]["summary"], f[1]
assert all(x["source"].startswith("https://") for x in f)
' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL words-json" >&2; }
run words-cms 0 -- --table cms-2018 "oxycodone 100 mg q6h"
has words-cms out "summary by this table, not the source's words (of CMS CY2019 Final Call Letter"
lacks words-cms out "rejected"
# CMS's thresholds have no quote; the only quote is the rules' naloxone advice after them.
out=${out%%naloxone:*}
lacks words-cms out "quote,"
run words-show 0 -- tables show cdc-2022
has words-show out "factors (source of each: CDC Clinical Practice Guideline"
has words-show out "      source: https://www.cdc.gov/mmwr/volumes/65/rr/rr6501e1.htm"
equal oxycodone "$(mme cdc-2022 'oxycodone 10 mg q6h')" 60
equal fentanyl "$(mme cdc-2022 'fentanyl 25 mcg/hr patch')" 60
equal fentanyl-q72h "$(mme cdc-2022 'fentanyl 25 mcg/hr patch q72h')" 60
equal methadone-2022 "$(mme cdc-2022 'methadone 10 mg tid')" 141
equal methadone-2016 "$(mme cdc-2016 'methadone 10 mg tid')" 240
equal tramadol-2022 "$(mme cdc-2022 'tramadol 50 mg qid')" 40
equal tramadol-cms "$(mme cms-2018 'tramadol 50 mg qid')" 20
equal hydrocodone-prn "$(mme cdc-2022 'hydrocodone/apap 5/325 2 tabs q6h prn')" 40
equal prn-range "$(mme cdc-2022 'oxycodone 5 mg q4-6h prn')" 45
equal times-daily "$(mme cdc-2022 'tramadol 50 mg 4 times daily')" 40
equal hydromorphone "$(mme cdc-2022 'hydromorphone 2 mg every 4 hours as needed')" 60
equal hydromorphone-2016 "$(mme cdc-2016 'hydromorphone 2 mg every 4 hours as needed')" 48
run tramadol-2016 1 -- --table cdc-2016 "tramadol 50 mg qid"
has tramadol-2016 out "cdc-2016"
has tramadol-2016 out "no factor for tramadol"
run supply-patch 0 -- --method supply "fentanyl 25 mcg/hr patch q48h"
has supply-patch out "= 90 MME/day"

# --- JSON shape ----------------------------------------------------------------------------------
run json 0 -- --format json "oxycodone 10 mg q6h" "alprazolam 1 mg bid" "buprenorphine 8 mg daily"
python3 - "$tmp/out" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL json shape" >&2; }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["table"]["id"] == "cdc-2022" and d["table"]["version"] == "1"
assert len(d["table"]["digest"]) == 64
assert d["method"] == "clinical"
r = d["regimens"]
assert [x["status"] for x in r] == ["ok", "not_opioid", "excluded"], r
assert r[0]["mme_per_day"] == 60 and r[0]["factor"] == 1.5 and r[0]["daily_dose"] == 40
assert r[0]["dose_unit"] == "mg" and r[0]["drug"] == "oxycodone"
assert r[1]["mme_per_day"] is None and "benzodiazepine" in r[1]["message"]
assert "buprenorphine" in r[2]["message"]
assert d["total_mme_per_day"] == 60
assert [f["threshold"] for f in d["flags"]] == [50]
for k in ("input", "drug", "daily_dose", "dose_unit", "factor", "mme_per_day", "status", "message"):
    assert all(k in x for x in r), k
PY
run csv-format 0 -- --format csv "oxycodone 10 mg q6h"
has csv-format out "input,drug,form,daily_dose"
has csv-format out "oxycodone 10 mg q6h,oxycodone,oral,40,mg,1.5,60,clinical,ok"

# --- errors in regimens --------------------------------------------------------------------------
run unknown-drug 1 -- "oxycodon 10 mg q6h"
has unknown-drug out "did you mean 'oxycodone'"
run no-unit 1 -- "oxycodone 10 q6h"
has no-unit out "column"
run partial 1 -- "oxycodone 10 mg q6h" "zzz 5 mg bid"
has partial out "incomplete"

# --- options anywhere, tables -------------------------------------------------------------------
run table-eq 0 -- "methadone 10 mg tid" --table=cdc-2016
has table-eq out "240 MME/day"
run table-version 0 -- --table cdc-2016@1 "methadone 10 mg tid"
run table-bad-version 3 -- --table cdc-2016@7 "methadone 10 mg tid"
has table-bad-version err "version 1 here, not 7"
run table-unknown 3 -- --table cdc-1999 "oxycodone 10 mg q6h"
has table-unknown err "cdc-2022"
run table-path 0 -- --table "$here/../data/valid/minimal.yaml" "morphine 30 mg bid"
has table-path out "site-minimal@7"
run table-missing 3 -- --table /nonexistent/table.yaml "morphine 30 mg bid"
has table-missing err "/nonexistent/table.yaml"
run table-dir 3 -- --table "$here/" "morphine 30 mg bid"
has table-dir err "directory"
run tables 0 -- tables
for id in cdc-2022 cdc-2016 cms-2018 hedis-2025 wa-amdg-2015; do has tables out "$id"; done
run tables-check-bad 3 -- tables check "$here/../data/invalid/duplicate-key.yaml"
has tables-check-bad err "duplicate-key.yaml:4:1: duplicate key 'title'"

# --- command line --------------------------------------------------------------------------------
run help 0 -- --help
has help out "usage: medcalc"
run version 0 -- --version
has version out "medcalc $(sed -n 's/^#define MED_VERSION_STRING "\(.*\)"/\1/p' "$here/../../include/med.h")"
run no-args 2 --
has no-args err "usage"
run bad-option 2 -- --frobnicate "oxycodone 10 mg q6h"
has bad-option err "unknown option '--frobnicate'"
run bad-method 2 -- --method guess "oxycodone 10 mg q6h"
has bad-method err "clinical, supply or auto"
run missing-value 2 -- "oxycodone 10 mg q6h" --table
has missing-value err "needs a value"
if [ -w /dev/full ]; then
    "$medcalc" "oxycodone 10 mg q6h" >/dev/full 2>"$tmp/err"; got=$?
    equal write-error "$got" 4
    err=$(cat "$tmp/err"); has write-error err "failed"
fi

# --- batch ---------------------------------------------------------------------------------------
cat > "$tmp/fills.csv" <<'CSV'
patient_id,drug,form,strength,unit,quantity,days_supply
P1,oxycodone,tablet,10,mg,120,30
P1,fentanyl,patch,25,mcg/hr,15,30
P2,hydrocodone/acetaminophen,tablet,10,mg,180,30
P2,alprazolam,tablet,1,mg,60,30
P3,buprenorphine,film,8,mg,30,30
CSV
run batch-ok 0 -- batch "$tmp/fills.csv"
default_out=$out
equal batch-rows "$(printf '%s\n' "$out" | wc -l)" 6
has batch-ok out "patient_id,drug,form,strength,unit,quantity,days_supply,mme_per_day,factor,status,message"
has batch-ok out "P1,oxycodone,tablet,10,mg,120,30,60,1.5,ok,"
has batch-ok out "P1,fentanyl,patch,25,mcg/hr,15,30,90,7.2,ok,"
has batch-ok out "P2,alprazolam,tablet,1,mg,60,30,,,not_opioid,"
has batch-ok out ",excluded,"
has batch-ok err "5 rows: 3 ok, 1 excluded, 1 not_opioid, 0 error"
has batch-ok err "cdc-2022@1 sha256:"
run batch-cms-a 0 -- batch --table cms-2018 "$tmp/fills.csv"
a=$out
run batch-cms-b 0 -- --table cms-2018 batch "$tmp/fills.csv"
equal options-anywhere "$out" "$a"
has batch-cms-a out "P1,fentanyl,patch,25,mcg/hr,15,30,90,7.2,ok,"
run batch-stdin 0 -- batch - -q < "$tmp/fills.csv"
equal batch-quiet "$err" ""
equal batch-stdin-same "$out" "$default_out"
printf '\357\273\277patient_id,drug,strength,unit,quantity,days_supply\r\nP1,oxycodone,10,mg,120,30\r\nP2,"oxycodone, er",10,mg,60,30\r\nP3,oxycodone,ten,mg,1,1\r\nP4,"broken,10,mg\r\nP5,morphine,30,mg,60,30\r\nP6,morphine,30,mg\r\n' > "$tmp/messy.csv"
run batch-messy 1 -- batch "$tmp/messy.csv"
equal batch-messy-rows "$(printf '%s\n' "$out" | wc -l)" 7
has batch-messy out "P1,oxycodone,10,mg,120,30,60,1.5,ok,"
has batch-messy out "P2,\"oxycodone, er\",10,mg,60,30,30,1.5,ok,"
has batch-messy out "P3,oxycodone,ten,mg,1,1,,,error,strength 'ten' is not a plain number"
has batch-messy out "unterminated quoted field"
has batch-messy out "P6,morphine,30,mg,,,,,error,row has 4 fields but the header has 6"
has batch-messy err "6 rows: 3 ok, 0 excluded, 0 not_opioid, 3 error"
run batch-json 1 -- batch --format json "$tmp/messy.csv"
printf '%s\n' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert len(rows) == 6, len(rows)
assert rows[0]["patient_id"] == "P1" and rows[0]["mme_per_day"] == 60 and rows[0]["status"] == "ok"
assert rows[2]["status"] == "error" and rows[2]["mme_per_day"] is None
' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL batch json lines" >&2; }
printf 'patient_id,regimen\nP1,oxycodone 10 mg q6h\nP2,fentanyl 25 mcg/hr patch\nP3,oxycodone 10\n' > "$tmp/reg.csv"
run batch-regimen 1 -- batch "$tmp/reg.csv"
has batch-regimen out "P1,oxycodone 10 mg q6h,60,1.5,ok,"
has batch-regimen out "P2,fentanyl 25 mcg/hr patch,60,2.4,ok,"
has batch-regimen out "P3,oxycodone 10,,,error,"
printf 'patient_id,drug,strength\nP1,oxycodone,10\n' > "$tmp/nocols.csv"
run batch-header 3 -- batch "$tmp/nocols.csv"
has batch-header err "unit, quantity, days_supply"
: > "$tmp/empty.csv"
run batch-empty 3 -- batch "$tmp/empty.csv"
has batch-empty err "empty input"
run batch-missing 3 -- batch "$tmp/nope.csv"
run batch-text 2 -- batch --format text "$tmp/fills.csv"

# --- NDC codes and product descriptions ----------------------------------------------------------
gen="$here/../tools/gen-ndc-claims.py"
# A claims file keyed only by NDC (spelled 11-digit, 5-4-2 and 10-digit dashed) computes exactly
# what the same claims computes from the list's ingredient, form, strength and unit.
python3 "$gen" --as ndc 3000 7 > "$tmp/ndc.csv"
python3 "$gen" --as names 3000 7 > "$tmp/names.csv"
python3 "$gen" --as products 3000 7 > "$tmp/products.csv"
for table in cdc-2022 cms-2018; do
    "$medcalc" batch -q --table "$table" "$tmp/ndc.csv" > "$tmp/ndc.out"
    "$medcalc" batch -q --table "$table" "$tmp/names.csv" > "$tmp/names.out"
    "$medcalc" batch -q --table "$table" "$tmp/products.csv" > "$tmp/products.out"
    python3 - "$tmp" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL ndc-equals-names ($table)" >&2; }
import csv, sys
d = sys.argv[1]
def results(name):
    return [(r["mme_per_day"], r["factor"], r["status"]) for r in csv.DictReader(open(d + "/" + name))]
ndc, names, products = results("ndc.out"), results("names.out"), results("products.out")
assert len(ndc) == len(names) == 3000
assert ndc == names, [(i, a, b) for i, (a, b) in enumerate(zip(ndc, names)) if a != b][:5]
assert sum(r[2] == "ok" for r in ndc) > 1000
same = sum(a == b for a, b in zip(products, names))
assert same >= 0.99 * len(names), same
PY
done
note=$(sed -n 2p "$tmp/ndc.out")
has ndc-note note "(cdc-ndc-2018@2): "
run ndc-summary 1 -- batch "$tmp/ndc.csv"
has ndc-summary err "3000 rows"
has ndc-summary err "; ndc lists cdc-ndc-2018@2 sha256:$(sha256sum "$here/../../conversion-tables/cdc-ndc-2018.ndc" | cut -c1-64)"
run names-summary 1 -- batch "$tmp/names.csv"
lacks names-summary err "ndc lists"
run ndc-json 1 -- batch --format json "$tmp/ndc.csv"
printf '%s\n' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert len(rows) == 3000
used = [r for r in rows if r["ndc_list"]]
assert used and all(r["ndc_list"] == "cdc-ndc-2018@2" and len(r["ndc_list_sha256"]) == 64 for r in used)
' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL ndc json rows" >&2; }

cat > "$tmp/claims.csv" <<'CSV'
patient_id,ndc,product,drug,strength,unit,quantity,days_supply
P1,00406-0552-62,,,,,120,30
P2,0406-0552-62,,oxycodone,5,mg,120,30
P3,00406055262,,morphine,5,mg,120,30
P4,99998-0001-01,,,,,60,30
P5,99998-0002-01,,oxycodone,10,mg,60,30
P6,4060552-62,,oxycodone,5,mg,120,30
P7,,HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG TABLET,,,,120,30
P8,,,FENTANYL 25 MCG/HR PATCH 72HR,,,10,30
P9,,OXYCODONE HCL 5 MG TAB,,10,mg,120,30
CSV
run ndc-rows 1 -- batch "$tmp/claims.csv"
has ndc-rows out "P1,00406-0552-62,,,,,120,30,30,1.5,ok,ndc 00406055262 (cdc-ndc-2018@2): oxycodone oral 5 mg"
has ndc-rows out "P2,0406-0552-62,,oxycodone,5,mg,120,30,30,1.5,ok,"
has ndc-rows out "P3,00406055262,,morphine,5,mg,120,30,,,error,\"ndc 00406055262 (cdc-ndc-2018@2) is oxycodone oral 5 mg, but the row says drug morphine\""
has ndc-rows out "P4,99998-0001-01,,,,,60,30,,,error,\"ndc 99998000101 is in none of the NDC lists (cdc-ndc-2018@2), and the row lacks drug, strength, unit"
has ndc-rows out "P5,99998-0002-01,,oxycodone,10,mg,60,30,30,1.5,ok,\"ndc 99998000201 is in none of the NDC lists (cdc-ndc-2018@2): computed from the drug, strength and unit columns\""
has ndc-rows out "P6,4060552-62,,oxycodone,5,mg,120,30,,,error,\"ndc '4060552-62' is not an NDC"
has ndc-rows out "P7,,HYDROCODONE BITARTRATE/ACETAMINOPHEN 10-325 MG TABLET,,,,120,30,40,1,ok,"
has ndc-rows out "P8,,,FENTANYL 25 MCG/HR PATCH 72HR,,,10,30,60,7.2,ok,"
has ndc-rows out "P9,,OXYCODONE HCL 5 MG TAB,,10,mg,120,30,,,error,\"product 'OXYCODONE HCL 5 MG TAB' is oxycodone oral 5 mg, but the row says strength 10 mg\""
has ndc-rows err "9 rows: 5 ok, 0 excluded, 0 not_opioid, 4 error"

# --- RxCUIs and RxNorm names --------------------------------------------------------------------
# Every RxCUI of the embedded RxNorm list, alone in a batch row, computes exactly what its own
# RxNorm name does as a product description (the same ingredient, form, strength and unit by two
# doors), under cdc-2022 and cms-2018; and the fraction that computes at all is not small.
rxlist="$here/../../conversion-tables/rxnorm-omtk.rxnorm"
awk -F, 'BEGIN { print "rxcui,quantity,days_supply" } /^[0-9]/ { print $1 ",60,30" }' "$rxlist" > "$tmp/rxcui.csv"
python3 - "$rxlist" > "$tmp/rxname.csv" <<'PY'
import csv, io, sys
text = open(sys.argv[1], encoding="utf-8").read()
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["product", "quantity", "days_supply"])
for r in csv.DictReader(io.StringIO(text[text.index("\n...\n") + 5:])):
    w.writerow([r["product"], 60, 30])
PY
for table in cdc-2022 cms-2018; do
    "$medcalc" batch -q --table "$table" "$tmp/rxcui.csv" > "$tmp/rxcui.out"
    "$medcalc" batch -q --table "$table" "$tmp/rxname.csv" > "$tmp/rxname.out"
    python3 - "$tmp" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL rxcui-equals-rxnorm-names ($table)" >&2; }
import csv, sys
d = sys.argv[1]
def results(name):
    return [(r["mme_per_day"], r["factor"], r["status"]) for r in csv.DictReader(open(d + "/" + name))]
codes, names = results("rxcui.out"), results("rxname.out")
assert len(codes) == len(names) == 742, (len(codes), len(names))
rxcuis = [r["rxcui"] for r in csv.DictReader(open(d + "/rxcui.out"))]
# Ionsys (1666831, 1666837: by code an iontophoretic system, by name a "patch in mcg") and
# Probuphine (1797650, 1797655: by code an implant, an error; by name buprenorphine, excluded):
# no MME either way. Every other code computes what its name does.
differ = {rxcuis[i]: (a, b) for i, (a, b) in enumerate(zip(codes, names)) if a != b}
assert set(differ) <= {"1666831", "1666837", "1797650", "1797655"}, list(differ.items())[:5]
assert all(a[0] == b[0] == "" for a, b in differ.values()), differ
assert sum(r[2] == "ok" for r in codes) > 400
PY
done
run rxcui-summary 1 -- batch "$tmp/rxcui.csv"
has rxcui-summary err "742 rows"
has rxcui-summary err "; rxnorm lists rxnorm-omtk@1 sha256:$(sha256sum "$rxlist" | cut -c1-64)"
lacks rxcui-summary err "ndc lists"

# A site's own list: new codes work; a code it lists differently from CDC's is reported at
# start and makes its rows errors; a broken list stops the run with file:line.
cp "$here/../data/ndc/site.ndc" "$tmp/site.ndc" # a new code, and one CDC lists as 5 mg
run site-list 1 -- batch --ndc-list "$tmp/site.ndc" "$tmp/claims.csv"
has site-list out "P4,99998-0001-01,,,,,60,30,40,0.4,ok,ndc 99998000101 (site-formulary@2): tapentadol oral 50 mg"
has site-list out "P1,00406-0552-62,,,,,120,30,,,error,\"NDC 00406055262 is listed differently: cdc-ndc-2018@2 (line 2754) says oxycodone oral 5 mg, site-formulary@2 (line 9) says oxycodone oral 10 mg\""
has site-list err "warning: $tmp/site.ndc: 1 NDC listed differently in cdc-ndc-2018@2 (first: 00406055262"
has site-list err "; ndc lists cdc-ndc-2018@2 sha256:"
has site-list err ", site-formulary@2 sha256:$(sha256sum "$tmp/site.ndc" | cut -c1-64)"
cp "$tmp/site.ndc" "$tmp/good.ndc"
printf '99998-0003-01,oxycodone,tablet,5,mg,X\n' >> "$tmp/site.ndc"
run site-list-bad 3 -- batch --ndc-list "$tmp/site.ndc" "$tmp/claims.csv"
has site-list-bad err "$tmp/site.ndc:10: form 'tablet' is not one of oral, patch, buccal"
run site-list-unused 0 -- batch --ndc-list "$tmp/good.ndc" "$tmp/fills.csv"
has site-list-unused err "has no ndc column: --ndc-list $tmp/good.ndc is not used"
run site-list-missing 3 -- batch --ndc-list "$tmp/none.ndc" "$tmp/ndc.csv"
run site-list-twice 2 -- batch --ndc-list a.ndc --ndc-list b.ndc "$tmp/ndc.csv"
has site-list-twice err "--ndc-list may be given once"
printf 'ndc,quantity\n00406055262,10\n' > "$tmp/ndc-noqty.csv"
run ndc-header 3 -- batch "$tmp/ndc-noqty.csv"
has ndc-header err "lacks days_supply"

# --- a million rows in, a million rows out ------------------------------------------------------
# (CLI_QUICK=1 leaves this out: make valgrind runs these tests with medcalc under valgrind)
if [ -z "$CLI_QUICK" ]; then
awk 'BEGIN {
    print "patient_id,drug,form,strength,unit,quantity,days_supply"
    split("oxycodone,morphine,hydromorphone,methadone,tramadol,alprazolam,fentanyl,hydrocodone/apap,bogus", d, ",")
    for (i = 0; i < 1000000; i++) {
        k = i % 9 + 1
        if (d[k] == "fentanyl") print "P" i ",fentanyl,patch,25,mcg/hr,10,30"
        else print "P" i "," d[k] ",tablet," (i % 4 + 1) * 5 ",mg," (i % 7 + 1) * 10 ",30"
    }
}' > "$tmp/million.csv"
"$medcalc" batch -q "$tmp/million.csv" > "$tmp/million.out"; got=$?
equal million-status "$got" 1
equal million-rows "$(wc -l < "$tmp/million.out")" 1000001
equal million-errors "$(grep -c ',error,unknown drug' "$tmp/million.out")" 111111
equal million-order "$(sed -n '1000001p' "$tmp/million.out" | cut -d, -f1)" P999999
fi

echo "cli tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
