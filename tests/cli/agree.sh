#!/bin/sh
# CLI tests of the agreement commands: compare, agree, vectors, tables show and diff; and the
# shipped conformance vectors (tests/vectors/<table>.csv): current, and 100% agreement with us.
# usage: tests/cli/agree.sh path/to/medcalc            run the tests
#        tests/cli/agree.sh --update path/to/medcalc   regenerate tests/vectors/*.csv
here=$(cd "$(dirname "$0")" && pwd)
vectors=$here/../vectors
if [ "$1" = "--update" ]; then
    for id in $("$2" tables --format csv | sed 1d | cut -d, -f1); do
        "$2" vectors --table "$id" -o "$vectors/$id.csv+" && mv "$vectors/$id.csv+" "$vectors/$id.csv" || exit 1
        echo "wrote $vectors/$id.csv"
    done
    exit 0
fi
medcalc=$1
data=$here/../data/agree
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

run() { # run NAME WANT_STATUS -- ARGS...: keeps stdout/stderr in $out/$err
    name=$1 want=$2; shift 3
    "$medcalc" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    out=$(cat "$tmp/out") err=$(cat "$tmp/err")
    if [ "$got" != "$want" ]; then
        fail=$((fail + 1)); echo "FAIL $name: exit $got, want $want; stderr: $err" >&2; return 1
    fi
    pass=$((pass + 1))
}
has() {
    eval "v=\$$2"
    case "$v" in *"$3"*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); echo "FAIL $1: $2 lacks '$3':" >&2; printf '%s\n' "$v" | head -20 >&2 ;; esac
}
lacks() {
    eval "v=\$$2"
    case "$v" in *"$3"*) fail=$((fail + 1)); echo "FAIL $1: $2 has '$3'" >&2 ;; *) pass=$((pass + 1)) ;; esac
}
equal() {
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: got '$2', want '$3'" >&2; fi
}

# --- the shipped vectors are current, and we agree with them 100% ------------------------------
ids=$("$medcalc" tables --format csv | sed 1d | cut -d, -f1)
for id in $ids; do
    if [ ! -f "$vectors/$id.csv" ]; then
        fail=$((fail + 1)); echo "FAIL vectors-$id: $vectors/$id.csv is missing (make vectors)" >&2; continue
    fi
    "$medcalc" vectors --table "$id" > "$tmp/$id.csv"
    if cmp -s "$tmp/$id.csv" "$vectors/$id.csv"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL vectors-$id: tests/vectors/$id.csv is stale; run 'make vectors' and review the diff:" >&2
        diff "$vectors/$id.csv" "$tmp/$id.csv" | head -10 >&2
    fi
    run "agree-$id" 0 -- agree "$vectors/$id.csv"
    has "agree-$id" err "100%"
    "$medcalc" vectors --table "$id" --method clinical > "$tmp/$id-clinical.csv"
    run "agree-$id-clinical" 0 -- agree --method clinical --table "$id" "$tmp/$id-clinical.csv" -q
done
run vectors-all 0 -- vectors
equal vectors-all-rows "$(printf '%s\n' "$out" | sed 1d | wc -l)" "$(cat "$vectors"/*.csv | grep -vc '^case,')"
cp "$tmp/out" "$tmp/all.csv"
run agree-all 0 -- agree -q - < "$tmp/all.csv"
run vectors-clinical 0 -- vectors --table cdc-2022 --method clinical
lacks vectors-clinical out ",supply,"
has vectors-clinical out "methadone-oral-20.5mg-day,methadone 20.5 mg/day: a tier boundary of banded tables,cdc-2022@1,clinical,methadone,,20.5,mg,,1,,,,,4.7,96.35"
run vectors-file 0 -- vectors --table "$here/../data/valid/minimal.yaml"
has vectors-file out "site-minimal@7"
run vectors-operand 2 -- vectors cdc-2022
run vectors-json 2 -- vectors --format json

# --- another table's vectors: every difference found and named -------------------------------
run agree-other 1 -- agree --table cdc-2022 "$vectors/cdc-2016.csv" --format text
has agree-other out "hydromorphone oral factor 4 there, 5 here"
has agree-other out "reported error: no_factor"
has agree-other out "most common cause"
has agree-other out "tier ("

# --- a file of values from other tables and conventions, diagnosed row by row -------------------
run agree-reported 1 -- agree "$data/reported.csv"
printf '%s\n' "$out" > "$tmp/reported.out"
python3 - "$tmp/reported.out" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL agree-reported causes" >&2; }
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 25, len(rows)
bad = [(r["regimen"] or r["drug"], r["reported_mme"], r["cause"], r["expected_cause"], r["explanation"])
       for r in rows if r["cause"] != r["expected_cause"] or (r["agree"] == "yes") != (r["expected_cause"] == "")]
assert not bad, bad
PY
has agree-reported err "site                     rows  decisions    agree     rate  most common cause"
has agree-reported err "north                       7          2        2    28.6%  factor (3)"
has agree-reported err "south                       8          6        1    12.5%  patch (3)"
has agree-reported err "west                        2          0        0       0%  input (2)"
has agree-reported err "all                        25          9        6      24%  factor (3)"
run agree-json 1 -- agree --format json "$data/reported.csv" -q
printf '%s\n' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert len(rows) == 25
assert rows[0]["agree"] is True and rows[0]["our_mme"] == 60 and rows[0]["cause"] is None
assert rows[2]["cause"] == "factor" and rows[2]["difference"] == -12 and rows[2]["line"] == 4
' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL agree json" >&2; }
equal agree-quiet "$err" ""
printf 'regimen,reported_mme\nhydromorphone 2 mg q4h,60.4\n' > "$tmp/tol.csv"
run agree-default-tolerance 1 -- agree "$tmp/tol.csv" -q
run agree-tolerance 0 -- agree --tolerance 0.5 "$tmp/tol.csv" -q
run agree-tolerance-rel 0 -- agree --tolerance 1% "$tmp/tol.csv" -q
run agree-bad-tolerance 2 -- agree --tolerance lots "$tmp/tol.csv"
has agree-bad-tolerance err "tolerance 'lots'"
printf 'regimen,mme\noxycodone 10 mg q6h,60\n' > "$tmp/nocol.csv"
run agree-no-column 3 -- agree "$tmp/nocol.csv"
has agree-no-column err "reported_mme"
run agree-missing 3 -- agree "$tmp/nope.csv"
run agree-two-files 2 -- agree "$tmp/tol.csv" "$tmp/tol.csv"
printf 'regimen,reported_mme\noxycodone 10 mg q6h,60\n"broken,60\noxycodone 10 mg q6h,60\n' > "$tmp/broken.csv"
run agree-broken 1 -- agree "$tmp/broken.csv"
equal agree-broken-rows "$(printf '%s\n' "$out" | wc -l)" 4
has agree-broken out ",no,input,"

# --- sites: which calculator each site runs, and the rows that change a decision -------------
# tests/data/agree/sites.csv: north is cms-2018 (supply) rounded to whole numbers but for one
# patch given 7.2 on its rate; south cdc-2016 (supply) but for buprenorphine as 0 and tramadol
# at 0.1; east takes half its rows from cdc-2022 and half from hedis-2025.
run agree-sites 1 -- agree --sites --format json "$data/sites.csv"
has agree-sites err "north                      14"
printf '%s\n' "$out" | python3 -c '
import json, sys
s = {d["site"]: d for d in map(json.loads, sys.stdin)}
assert list(s) == ["north", "south", "east"], list(s)
n, so, e = s["north"], s["south"], s["east"]
assert n["fingerprint"]["table"] == "cms-2018@1" and n["fingerprint"]["method"] == "supply", n
assert n["fingerprint"]["rounding"] == "whole" and n["fingerprint"]["rows_explained"] == 13
assert n["mixed"] is False and n["ties"] == [] and n["rows"] == 14
assert [(u["line"], u["cause"], u["changes_decision"]) for u in n["unexplained"]] == [(9, "patch", True)]
assert n["decision_changes"] == 2 and {d["line"] for d in n["decision_changing"]} == {8, 9}
assert so["fingerprint"]["table"] == "cdc-2016@1" and so["fingerprint"]["rounding"] == "none"
assert so["fingerprint"]["rows_explained"] == 8 and so["mixed"] is False
assert [(u["line"], u["cause"]) for u in so["unexplained"]] == [(21, "excluded"), (25, "factor")]
assert e["mixed"] is True and e["explained"] == 6 and len(e["parts"]) == 2, e
assert e["parts"][0]["table"] == "cdc-2022@1" and e["parts"][0]["rows_explained"] == 3
' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL agree --sites json" >&2; }
run agree-sites-text 1 -- agree --sites -q "$data/sites.csv"
has agree-sites-text out "calculator: cms-2018@1 supply, rounded to a whole number: reproduces 13 of 14 rows"
has agree-sites-text out "calculator: mixed: none reproduces more than half the rows; together 6 of 6:"
# The documented workflow: the vectors of a table entered in an "EHR" that rounds to whole
# numbers, one row mistyped; agree --sites names the table, the methods and the rounding.
"$medcalc" vectors --table cms-2018 > "$tmp/cases.csv"
python3 - "$tmp/cases.csv" > "$tmp/ehr.csv" <<'PY'
import csv, sys
from decimal import Decimal, ROUND_HALF_UP
rows = list(csv.DictReader(open(sys.argv[1])))
w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) + ["reported_mme"], lineterminator="\n")
w.writeheader()
for i, r in enumerate(rows):
    try:
        r["reported_mme"] = str(Decimal(r["expected_mme"]).quantize(Decimal(1), ROUND_HALF_UP))
    except Exception:
        r["reported_mme"] = r["expected_mme"]
    if i == 3:
        r["reported_mme"] = "123.45"
    w.writerow(r)
PY
run agree-sites-ehr 1 -- agree --sites -q --format json "$tmp/ehr.csv"
printf '%s\n' "$out" | python3 -c '
import json, sys
(d,) = [json.loads(l) for l in sys.stdin]
f = d["fingerprint"]
assert (f["table"], f["method"], f["rounding"]) == ("cms-2018@1", "auto", "whole"), f
assert f["rows_explained"] == d["rows"] - 1 and [u["line"] for u in d["unexplained"]] == [5], d
# 89.99 and 199.99 shown as 90 and 200 cross the thresholds, though within the tolerance
assert {r["thresholds_crossed"] for r in d["decision_changing"]} >= {">=90 care-coordination", ">=200 hard-edit"}
' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL agree --sites on an EHR's vectors" >&2; }
run agree-sites-csv 2 -- agree --sites --format csv "$data/sites.csv"
has agree-sites-csv err "agree --sites writes text, json or html"
run agree-sites-batch 2 -- batch --sites "$data/sites.csv"
has agree-sites-batch err "--sites is for medcalc agree"
run agree-html-no-sites 2 -- agree --format html "$data/sites.csv"

# --- claims keyed by NDC or description: as the same claims with names -------------------------
# The reported values are our batch results for the named claims (a status word where none).
gen=$here/../tools/gen-ndc-claims.py
for as in names ndc; do python3 "$gen" --as $as 2000 7 > "$tmp/$as.csv"; done
"$medcalc" batch -q "$tmp/names.csv" > "$tmp/names.out"
python3 - "$tmp" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL agree ndc files" >&2; }
import csv, sys
tmp = sys.argv[1]
ours = [r["mme_per_day"] or r["status"] for r in csv.DictReader(open(tmp + "/names.out"))]
for name in ("names", "ndc"):
    rows = list(csv.reader(open("%s/%s.csv" % (tmp, name))))
    with open("%s/%s-agree.csv" % (tmp, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(rows[0] + ["reported_mme"])
        w.writerows(r + [v] for r, v in zip(rows[1:], ours))
assert len(ours) == 2000
PY
run agree-names 0 -- agree -q "$tmp/names-agree.csv"
cp "$tmp/out" "$tmp/names-agree.out"
run agree-ndc 0 -- agree "$tmp/ndc-agree.csv"
cp "$tmp/out" "$tmp/ndc-agree.out"
has agree-ndc err "; ndc lists cdc-ndc-2018@2 sha256:$(sha256sum "$here/../../conversion-tables/cdc-ndc-2018.ndc" | cut -c1-64):"
has agree-ndc err "all                      2000          0     2000     100%"
python3 - "$tmp" <<'PY' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL agree ndc equals names" >&2; }
import csv, sys
keys = ("table", "method", "our_mme", "our_status", "difference", "agree")
def rows(name):
    return list(csv.DictReader(open("%s/%s-agree.out" % (sys.argv[1], name))))
names, ndc = rows("names"), rows("ndc")
assert len(names) == len(ndc) == 2000
diff = [i for i, (a, b) in enumerate(zip(names, ndc)) if [a[k] for k in keys] != [b[k] for k in keys]]
assert not diff, diff[:5]
assert sum(r["our_status"] == "ok" for r in ndc) > 1000
assert all(r["message"].startswith("ndc ") and "(cdc-ndc-2018@2): " in r["message"] for r in ndc)
PY

# Row by row as batch: the NDC decides, a disagreeing column is an input error, an unknown NDC
# falls back to complete columns and says so, descriptions in product or drug.
cat > "$tmp/claims.csv" <<'CSV'
site,ndc,product,drug,strength,unit,quantity,days_supply,reported_mme
s1,99998-0001-01,,,,,60,30,40
s1,99998-0002-01,,oxycodone,10,mg,60,30,30
s1,00406055262,,morphine,5,mg,120,30,30
s2,0406-0552-62,,oxycodone,5,mg,120,30,30
s2,,OXYCODONE HCL 5 MG TAB,,,,120,30,30
s2,,,FENTANYL 25 MCG/HR PATCH 72HR,,,10,30,60
s2,4060552-62,,,,,120,30,30
CSV
run agree-claims 1 -- agree "$tmp/claims.csv"
has agree-claims out 's1,99998-0001-01,,,,,60,30,40,,,,error,,no,input,"ndc 99998000101 is in none of the NDC lists (cdc-ndc-2018@2), and the row lacks drug, strength, unit'
has agree-claims out 's1,99998-0002-01,,oxycodone,10,mg,60,30,30,cdc-2022@1,supply,30,ok,0,yes,,,"ndc 99998000201 is in none of the NDC lists (cdc-ndc-2018@2): computed from the drug, strength and unit columns"'
has agree-claims out 's1,00406055262,,morphine,5,mg,120,30,30,,,,error,,no,input,"ndc 00406055262 (cdc-ndc-2018@2) is oxycodone oral 5 mg, but the row says drug morphine"'
has agree-claims out 's2,0406-0552-62,,oxycodone,5,mg,120,30,30,cdc-2022@1,supply,30,ok,0,yes,,,ndc 00406055262 (cdc-ndc-2018@2): oxycodone oral 5 mg'
has agree-claims out 's2,,OXYCODONE HCL 5 MG TAB,,,,120,30,30,cdc-2022@1,supply,30,ok,0,yes,,,'
has agree-claims out 's2,,,FENTANYL 25 MCG/HR PATCH 72HR,,,10,30,60,cdc-2022@1,supply,60,ok,0,yes,,,'
has agree-claims out "s2,4060552-62,,,,,120,30,30,,,,error,,no,input,\"ndc '4060552-62' is not an NDC"
has agree-claims err "all                         7          0        4    57.1%  input (3)"
run agree-claims-json 1 -- agree --format json -q "$tmp/claims.csv"
has agree-claims-json out '"message":"ndc 00406055262 (cdc-ndc-2018@2): oxycodone oral 5 mg","changes_decision":false,"thresholds_crossed":[]}'

# --- decision changes: thresholds of the reference table between reported and ours --------------
cat > "$tmp/decide.csv" <<'CSV'
regimen,reported_mme
oxycodone 7.3 mg q6h,44
fentanyl 25 mcg/hr patch,180
oxycodone 10 mg q6h,120
oxycodone 10 mg q6h,60
oxycodone 19.9 mg q8h,90
CSV
run agree-decision 1 -- agree -q --table cdc-2022 "$tmp/decide.csv"
has agree-decision out "oxycodone 7.3 mg q6h,44,cdc-2022@1,clinical,43.8,ok,+0.2,no,rounding,our 43.8 MME/day rounded to a whole number is 44,,no,"
# A rounding that crosses a threshold changes what the threshold decides (89.55 -> 90).
has agree-decision out "oxycodone 19.9 mg q8h,90,cdc-2022@1,clinical,89.55,ok,+0.45,no,rounding,our 89.55 MME/day rounded to a whole number is 90,,yes,>=90 high"
has agree-decision out ",no,patch,\"the patch-day factor 7.2 applied to the 25 mcg/hr rate gives 180, as if a patch were dispensed every 24 h (a rate takes 2.4)\",,yes,>=90 high"
has agree-decision out "oxycodone 10 mg q6h,120,cdc-2022@1,clinical,60,ok,+60,no,unexplained,"
has agree-decision out ",yes,>=90 high"
has agree-decision out "oxycodone 10 mg q6h,60,cdc-2022@1,clinical,60,ok,0,yes,,,,no,"
run agree-decision-cms 1 -- agree -q --table cms-2018 "$tmp/decide.csv" --format json
printf '%s\n' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert [r["changes_decision"] for r in rows] == [False, True, True, False, True], rows
assert rows[1]["thresholds_crossed"] == [{"mme": 90, "comparator": ">=", "level": "care-coordination"}], rows[1]
assert rows[0]["thresholds_crossed"] == [] and rows[0]["cause"] == "rounding"
' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL agree decision json" >&2; }
run agree-decision-text 1 -- agree --format text --table cdc-2022 "$tmp/decide.csv"
has agree-decision-text out "(a rate takes 2.4); changes a decision: crosses >=90 high"

# --ndc-list: the site's code agrees; its conflict with CDC's list is warned about and makes the
# rows with that code input errors; the summary names both lists.
cp "$here/../data/ndc/site.ndc" "$tmp/site.ndc" # a new code, and one CDC lists as 5 mg
run agree-site 1 -- agree --ndc-list "$tmp/site.ndc" "$tmp/claims.csv"
has agree-site out "s1,99998-0001-01,,,,,60,30,40,cdc-2022@1,supply,40,ok,0,yes,,,ndc 99998000101 (site-formulary@2): tapentadol oral 50 mg"
has agree-site out 's2,0406-0552-62,,oxycodone,5,mg,120,30,30,,,,error,,no,input,"NDC 00406055262 is listed differently: cdc-ndc-2018@2 (line 2754) says oxycodone oral 5 mg, site-formulary@2 (line 9) says oxycodone oral 10 mg"'
has agree-site err "warning: $tmp/site.ndc: 1 NDC listed differently in cdc-ndc-2018@2 (first: 00406055262"
has agree-site err ", site-formulary@2 sha256:$(sha256sum "$tmp/site.ndc" | cut -c1-64):"
printf 'ndc,quantity,days_supply,reported_mme\n99998000101,60,30,40\n' > "$tmp/site-only.csv"
run agree-site-only 0 -- agree -q --ndc-list "$tmp/site.ndc" "$tmp/site-only.csv"
run agree-site-unused 1 -- agree -q --ndc-list "$tmp/site.ndc" "$data/reported.csv"
has agree-site-unused err "reported.csv has no ndc column: --ndc-list $tmp/site.ndc is not used"
run agree-site-missing 3 -- agree --ndc-list "$tmp/none.ndc" "$tmp/claims.csv"
printf 'ndc,reported_mme\n00406055262,30\n' > "$tmp/ndc-nosupply.csv"
run agree-ndc-header 3 -- agree "$tmp/ndc-nosupply.csv"
has agree-ndc-header err "or ndc, product or drug (a product description), with quantity and days_supply"

# --- compare -----------------------------------------------------------------------------------
run compare 0 -- compare "methadone 10 mg tid" "fentanyl 25 mcg/hr patch q48h"
has compare out "cdc-2016@1       clinical  8         240       * tier"
has compare out "cms-2018@1       supply    3         90        * factor"
has compare out "spread: 90 to 240 MME/day, max/min 2.67: tables disagree (factor, tier)"
has compare out "tables disagree (patch)"
run compare-agree 0 -- compare "oxycodone 10 mg q6h"
has compare-agree out "spread: 60 to 60 MME/day, max/min 1: tables agree"
lacks compare-agree out "*"
run compare-tables 0 -- compare --tables cdc-2016,cms-2018 --method clinical "tramadol 50 mg qid"
equal compare-tables-rows "$(printf '%s\n' "$out" | grep -c '@1')" 2
has compare-tables out "cdc-2016@1       clinical  -         error"
has compare-tables out "cms-2018@1       clinical  0.1       20        * no_factor"
run compare-reference 0 -- compare --table cms-2018 "methadone 10 mg tid" --format csv
has compare-reference out "input,cms-2018@1/clinical,cms-2018@1/supply,cdc-2022@1/clinical"
has compare-reference out "methadone 10 mg tid,90,90,141,141,240,240,90,90,240,240,90,240,2.67,yes,factor;tier,"
run compare-json 0 -- compare --format json "buprenorphine 8 mg daily"
printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
assert d["input"] == "buprenorphine 8 mg daily" and d["disagree"] is False and d["min"] is None
assert len(d["rows"]) == 10 and all(r["status"] == "excluded" for r in d["rows"])
' && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL compare json" >&2; }
run compare-bad 1 -- compare "oxycodone 10 q6h"
has compare-bad out "error:"
printf 'patient,drug,strength,unit,quantity,days_supply\nP1,hydromorphone,2,mg,180,30\nP2,fentanyl patch,25,mcg/hr,15,30\nP3,,,,,\n' > "$tmp/fills.csv"
run compare-batch 1 -- compare --batch "$tmp/fills.csv" --tables cdc-2022,cdc-2016
equal compare-batch-rows "$(printf '%s\n' "$out" | wc -l)" 4
has compare-batch out "patient,drug,strength,unit,quantity,days_supply,cdc-2022@1/clinical,cdc-2022@1/supply,cdc-2016@1/clinical,cdc-2016@1/supply,min,max,ratio,disagree,causes,message"
has compare-batch out "P1,hydromorphone,2,mg,180,30,60,60,48,48,48,60,1.25,yes,factor,"
has compare-batch out "P2,fentanyl patch,25,mcg/hr,15,30,60,90,60,90,60,90,1.5,yes,patch,"
has compare-batch out "P3,,,,,,error,error,error,error,,,,no,,column drug is empty"
run compare-usage 2 -- compare
run compare-both 2 -- compare --batch "$tmp/fills.csv" "oxycodone 10 mg q6h"
run compare-table-missing 3 -- compare --tables cdc-2022,nope "oxycodone 10 mg q6h"

# --- tables show, diff ------------------------------------------------------------------------
run show 0 -- tables show cdc-2016
has show out "cdc-2016@1  CDC 2016 clinical MME conversion factors"
has show out "(20, 40]       8  CDC band 21-40 mg/day"
has show out "note: 5 in the 2022 guideline"
has show out "tramadol         The 2016 CDC table"
has show out ">= 90 MME/day (high)"
run show-csv 0 -- tables show --format csv cms-2018
has show-csv out "cms-2018@1,factor,fentanyl,patch,mcg/hr,patch-day,7.2,,,72,"
run show-missing 3 -- tables show cdc-1999
run show-none 2 -- tables show
run diff 0 -- tables diff cdc-2016 cdc-2022
equal diff-lines "$(printf '%s\n' "$out" | grep -c '^changed ')" 3
has diff out "changed  hydromorphone    oral         4 per mg/day -> 5 per mg/day"
has diff out "changed  tramadol         oral         absent (no factor) -> 0.2 per mg/day"
has diff out "3 changes in factors, exclusions and absences"
run diff-patch 0 -- tables diff cdc-2022 cms-2018 --format csv
has diff-patch out "changed,fentanyl,patch,\"2.4 per mcg/hr, patch worn 72 h\",\"7.2 per mcg/hr per patch-day, patch worn 72 h\",yes"
run diff-same 0 -- tables diff cdc-2016 cdc-2016
has diff-same out "0 changes"
run diff-usage 2 -- tables diff cdc-2016

echo "agreement cli tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
