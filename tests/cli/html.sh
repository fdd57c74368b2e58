#!/bin/sh
# The dashboard page in a real browser: medcalc report --format html for a synthetic practice,
# rendered by headless Chromium (Debian's chromium, started here) to a screenshot and a DOM dump;
# the DOM must hold every chart's data points and labels, and its figures must match
# `medcalc report --format json` and, for the run chart and the distribution, numbers worked out
# here from `medcalc patients`. No Chromium is a failure, never a skip.
# usage: tests/cli/html.sh path/to/medcalc   (MEDCALC_SCREENSHOT=FILE keeps the screenshot)
medcalc=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/browser.sh"
need_chromium "html dashboard tests" "the dashboard"

python3 "$here/../tools/gen-practice.py" 400 7 > "$tmp/practice.csv"
as_of=2025-02-28
"$medcalc" report --format html --as-of $as_of --goal 0.1 -o "$tmp/report.html" \
    "$tmp/practice.csv" 2>"$tmp/err"
rc=$?; [ "$rc" = 0 ] && ok || bad "report html: exit $rc: $(cat "$tmp/err")"
"$medcalc" report --format json --as-of $as_of "$tmp/practice.csv" > "$tmp/report.json" 2>/dev/null
"$medcalc" patients --format json --as-of $as_of "$tmp/practice.csv" > "$tmp/patients.json" \
    2>/dev/null
"$medcalc" patients --daily --as-of $as_of "$tmp/practice.csv" > "$tmp/daily.csv" 2>/dev/null

page=$(cat "$tmp/report.html")
lacks no-script "$page" "<script"
lacks no-remote "$page" "src=\"http"
has inline-style "$page" "<style>"

browse --window-size=1600,9000 --screenshot="$tmp/report.png" "file://$tmp/report.html"
browse --dump-dom "file://$tmp/report.html" > "$tmp/dom.html"
[ -s "$tmp/dom.html" ] && ok || bad "chromium dumped no DOM: $(tail -3 "$tmp/chromium.log")"
if [ -n "$MEDCALC_SCREENSHOT" ] && [ -s "$tmp/report.png" ]; then
    cp "$tmp/report.png" "$MEDCALC_SCREENSHOT"
fi

python3 "$here/check-dashboard.py" "$tmp/dom.html" "$tmp/report.json" "$tmp/patients.json" \
    "$tmp/daily.csv" "$tmp/report.png" $as_of && ok || bad "the rendered dashboard (above)"

# Weeks, de-identified: the same patients, weekly points, and no patient id anywhere.
"$medcalc" report --format html --period week --deidentify --as-of $as_of -o "$tmp/week.html" \
    "$tmp/practice.csv" 2>/dev/null
browse --dump-dom "file://$tmp/week.html" > "$tmp/week-dom.html"
python3 - "$tmp/week-dom.html" "$tmp/patients.json" <<'PY' && ok || bad "weekly, de-identified"
import json, re, sys
dom = open(sys.argv[1]).read()
ids = [json.loads(l)["patient_id"] for l in open(sys.argv[2])]
assert not [i for i in ids if i in dom], "a patient id is in the de-identified page"
assert "Patient identifiers are left out" in dom
weeks = re.findall(r'<tr data-period="(\d{4}-\d\d-\d\d)"', dom)
assert len(weeks) >= 52, len(weeks)
assert "Week of" in dom and 'id="run-hd-t"' in dom
PY

# Bad options are usage errors; html is for report only.
"$medcalc" report --format html --period year "$tmp/practice.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && ok || bad "bad --period: want exit 2"
has bad-period "$(cat "$tmp/err")" "--period must be month, week or quarter"
"$medcalc" report --format html --goal 2 "$tmp/practice.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && ok || bad "bad --goal: want exit 2"
"$medcalc" patients --format html "$tmp/practice.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && ok || bad "patients --format html: want exit 2"
has html-report-only "$(cat "$tmp/err")" "--format html is for medcalc report"
"$medcalc" report --format html --as-of 2025-02-30 "$tmp/practice.csv" >/dev/null 2>&1
[ $? = 2 ] && ok || bad "bad --as-of: want exit 2"

# The registry on the page: quarters, an annotation, long-term patients only, the measures
# table, and the attention list with whose patient it is, review due (overdue marked) and gaps.
cases=$here/cases/registry-care
"$medcalc" report -q --format html --as-of 2025-06-30 --events "$cases/events.csv" \
    --period quarter --population long-term --annotate 2025-03-01="naloxone standing order" \
    -o "$tmp/registry.html" "$cases/fills.csv" 2>/dev/null
browse --dump-dom "file://$tmp/registry.html" > "$tmp/registry.dom"
dom=$(cat "$tmp/registry.dom")
has registry-quarter "$dom" 'data-period="2025-Q1"'
has registry-annotation "$dom" '<g class="annotation" data-date="2025-03-01">'
has registry-annotation-text "$dom" "2025-03-01 naloxone standing order"
has registry-population "$dom" "Only patients on long-term therapy on the as-of day are counted"
has registry-measures "$dom" '<tr data-key="new_start_3_days">'
has registry-measure-review "$dom" 'data-num="3" data-den="4">3 / 4 (75.0%)'
has registry-overdue "$dom" '<td class="overdue">⚠ 2025-05-30 overdue</td>'
has registry-prescriber "$dom" '<th scope="col" class="text">Primary prescriber</th>'
has registry-gaps "$dom" "review;naloxone"
lacks registry-inactive "$dom" ">ACUTE<"
cases=$here/cases/registry-group-by
"$medcalc" report -q --format html --group-by clinic -o "$tmp/groups.html" "$cases/fills.csv"
browse --dump-dom "file://$tmp/groups.html" > "$tmp/groups.dom"
has registry-group-line "$(cat "$tmp/groups.dom")" "Listed patients by clinic: NORTH 2"
has registry-group-measures "$(cat "$tmp/groups.dom")" '<th scope="col">SOUTH</th>'
# Variation by group and by clinician: every row of the groups table, as Chromium renders it,
# holds the figures `report --format json` gives that group or prescriber (patients, active,
# high dose, opioid + benzodiazepine, each measure's numerator and denominator); by hand for
# the two clinics: NORTH (P1, P3: DR1's) 2 patients, 1 at >= 90 (P3, 180 MME/day), SOUTH 0 of 2.
"$medcalc" report -q --format json --group-by clinic "$cases/fills.csv" > "$tmp/groups.json"
dom=$(cat "$tmp/groups.dom")
has groups-section "$dom" '<h2>Variation by clinic and by clinician</h2>'
has groups-north "$dom" '<tr data-level="group" data-name="NORTH"><th scope="row" class="text">NORTH</th><td class="text">clinic</td><td>2</td><td>2</td><td>0</td><td class="high-dose" data-num="1" data-den="2">1 (50.0%)'
has groups-south "$dom" '<tr data-level="group" data-name="SOUTH"><th scope="row" class="text">SOUTH</th><td class="text">clinic</td><td>2</td><td>2</td><td>0</td><td class="high-dose" data-num="0" data-den="2">0 (0.0%)'
check_groups() { # DOM JSON: every row against the JSON
python3 - "$1" "$2" <<'PY'
import json, re, sys
dom, rep = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
table = dom[dom.index('<table id="groups-table">'):]
table = table[:table.index('</table>')]
keys = [m["key"] for m in rep["measures"]]
want = [("practice", rep["practice"])] + [("group", g) for g in rep.get("groups", [])] + \
       [("prescriber", p) for p in rep["prescribers"]][:200]
rows = re.findall(r'<tr data-level="(\w+)" data-name="([^"]*)">(.*?)</tr>', table)
assert len(rows) == len(want), (len(rows), len(want))
for (level, name, cells), (wl, g) in zip(rows, want):
    assert level == wl and name == g["name"], (level, name, wl, g["name"])
    nums = re.findall(r'<td>(\d+)</td>', cells)[:3]
    assert nums == [str(g["patients"]), str(g["active"]), str(g["active_long_term"])], (name, nums)
    shares = re.findall(r'<td class="(high-dose|benzo)" data-num="(\d+)" data-den="(\d+)"', cells)
    if g["patients"]:
        assert shares == [("high-dose", str(g["high_dose"]), str(g["patients"])),
                          ("benzo", str(g["coprescribed"]), str(g["patients"]))], (name, shares)
    measures = re.findall(r'<td(?: data-num="(\d+)" data-den="(\d+)")?>(?:[^<]*)</td>',
                          cells.split('</svg></td>')[-1])
    assert len(measures) == len(keys), (name, len(measures), len(keys))
    for k, (num, den) in zip(keys, measures):
        m = g["measures"][k]
        if m["denominator"]:
            assert (num, den) == (str(m["numerator"]), str(m["denominator"])), (name, k)
        else:
            assert num == den == "", (name, k)
print("groups table: %d rows match the JSON" % len(rows))
PY
}
check_groups "$tmp/groups.dom" "$tmp/groups.json" >/dev/null && ok || bad "groups table (above)"
# The synthetic practice: a clinician's row for each prescriber, checked the same way.
check_groups "$tmp/dom.html" "$tmp/report.json" >/dev/null && ok || bad "groups table, practice"
"$medcalc" report --format html --annotate 2025-03-01 "$cases/fills.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && ok || bad "bad --annotate: want exit 2"
"$medcalc" report --format html --population some "$cases/fills.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && ok || bad "bad --population: want exit 2"

echo "html dashboard tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
