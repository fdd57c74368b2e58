#!/bin/sh
# What libmed 1.0 promises, as a user sees it through medcalc: real dosage forms and long names
# are read whole (or refused with the documented limit), every threshold a table has is
# reported everywhere, and the method asked for is the method used.
# usage: tests/cli/api.sh path/to/medcalc
medcalc=$1
here=$(cd "$(dirname "$0")" && pwd)
data="$here/../data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
equal() { # equal NAME GOT WANT
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: got '$2', want '$3'" >&2; fi
}
has() { # has NAME TEXT WANT_FRAGMENT
    case "$2" in *"$3"*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); echo "FAIL $1: lacks '$3' in: $2" >&2 ;; esac
}
col() { # col FILE N: field N of the data rows (no quoted commas in the fields read)
    awk -F, -v n="$2" 'NR > 1 {print $n}' "$1" | tr '\n' ' ' | sed 's/ $//'
}

# --- FDA and RxNorm dosage forms, and long names ---------------------------------------------
cat > "$tmp/forms.csv" <<'CSV'
drug,form,strength,unit,quantity,days_supply
oxycodone,"TABLET, FILM COATED, EXTENDED RELEASE",10,mg,60,30
oxycodone,Extended Release Oral Tablet,10,mg,60,30
oxycodone,"Tablet, Extended Release",10,mg,60,30
CSV
"$medcalc" batch --quiet --format json "$tmp/forms.csv" > "$tmp/forms.out"; rc=$?
equal forms-status "$rc" 0
equal forms-mme "$(python3 -c 'import json,sys; print(" ".join(str(json.loads(l)["mme_per_day"]) for l in open(sys.argv[1])))' "$tmp/forms.out")" "30 30 30"

long=$(printf 'oxycodone%0191d' 0 | tr 0 x)
huge=$(printf '%01100d' 0 | tr 0 y)
printf 'drug,strength,unit,quantity,days_supply\n%s,10,mg,60,30\noxycodone,10,mg,60,30\n%s,10,mg,60,30\n' "$long" "$huge" > "$tmp/long.csv"
"$medcalc" batch --quiet "$tmp/long.csv" > "$tmp/long.out"; rc=$?
equal long-status "$rc" 1
equal long-rows "$(wc -l < "$tmp/long.out")" 4
has long-200-read "$(sed -n 2p "$tmp/long.out")" "unknown drug"
has long-200-whole "$(sed -n 2p "$tmp/long.out")" "$(printf '%s' "$long" | cut -c1-60)"
equal long-ok "$(sed -n 3p "$tmp/long.out" | cut -d, -f6,8)" "30,ok"
has long-limit "$(sed -n 4p "$tmp/long.out")" "column drug is longer than 1024 bytes"

# --- twelve thresholds: one-off, batch, patients, report --------------------------------------
twelve="$data/valid/twelve-thresholds.yaml"
out=$("$medcalc" --table "$twelve" "morphine 200 mg daily")
equal twelve-oneoff "$(printf '%s\n' "$out" | grep -c '^  >= [0-9]* MME/day')" 12
equal twelve-json "$("$medcalc" --table "$twelve" --format json "morphine 200 mg daily" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["flags"]))')" 12
printf 'patient_id,fill_date,drug,strength,unit,quantity,days_supply\nP1,2025-01-01,morphine,200,mg,30,30\nP2,2025-01-01,morphine,15,mg,30,30\n' > "$tmp/fills.csv"
equal twelve-batch "$("$medcalc" batch --quiet --table "$twelve" "$tmp/fills.csv" | col /dev/stdin 8)" "200 15"
"$medcalc" patients --quiet --table "$twelve" --format json "$tmp/fills.csv" > "$tmp/p.json"
equal twelve-patients "$(python3 -c 'import json,sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(" ".join(str(len(r["days_at_or_above"])) + ":" + str(sum(1 for v in r["days_at_or_above"].values() if v)) for r in rows))' "$tmp/p.json")" "12:12 12:1"
equal twelve-patients-csv "$("$medcalc" patients --quiet --table "$twelve" "$tmp/fills.csv" | head -1 | tr ',' '\n' | grep -c '^days_at_or_above_')" 12
"$medcalc" report --quiet --table "$twelve" --format json "$tmp/fills.csv" > "$tmp/r.json"
equal twelve-report "$(python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
def find(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k.startswith("peak_at_or_above") or k == "at_or_above":
                return v
            f = find(v)
            if f is not None:
                return f
    if isinstance(o, list):
        for v in o:
            f = find(v)
            if f is not None:
                return f
    return None
v = find(r)
print(len(v) if isinstance(v, (dict, list)) else v)' "$tmp/r.json")" 12
"$medcalc" tables check "$data/invalid/seventeen-thresholds.yaml" > /dev/null 2> "$tmp/err"; rc=$?
equal seventeen-status "$rc" 3
has seventeen-located "$(cat "$tmp/err")" "seventeen-thresholds.yaml:11:3: a table has at most 16 thresholds"

# --- the method asked for is the method used ----------------------------------------------------
printf 'drug,strength,unit,every_hours,quantity,days_supply\noxycodone,5,mg,4,120,30\n' > "$tmp/both.csv"
equal method-clinical "$("$medcalc" batch --quiet --method clinical "$tmp/both.csv" | col /dev/stdin 7)" 45
equal method-supply "$("$medcalc" batch --quiet --method supply "$tmp/both.csv" | col /dev/stdin 7)" 30
equal method-auto "$("$medcalc" batch --quiet "$tmp/both.csv" | col /dev/stdin 7)" 30

echo "1.0 api cli tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
