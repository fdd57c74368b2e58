#!/bin/sh
# The QA page of medcalc agree --sites --format html in a real browser: rendered by headless
# Chromium (Debian's chromium, started here, as tests/cli/html.sh does) to a screenshot and a DOM
# dump; per site, the DOM must hold the same figures, calculator, decision-changing rows (first,
# before the calculator) and left rows as `medcalc agree --sites --format json`. The page is one
# file: no script, no remote resource. No Chromium is a failure, never a skip.
# usage: tests/cli/qa-html.sh path/to/medcalc   (MEDCALC_SCREENSHOT=FILE keeps the screenshot)
medcalc=$1
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data/agree
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/browser.sh"
need_chromium "qa html tests" "the page"

for table in "" cms-2018; do
    opt=${table:+--table $table}
    # shellcheck disable=SC2086
    "$medcalc" agree --sites --format html $opt -o "$tmp/qa.html" -q "$data/sites.csv"
    rc=$?; [ "$rc" = 1 ] && ok || bad "agree --sites html $opt: exit $rc, want 1 (rows disagree)"
    # shellcheck disable=SC2086
    "$medcalc" agree --sites --format json $opt -q "$data/sites.csv" > "$tmp/qa.json"
    page=$(cat "$tmp/qa.html")
    lacks no-script "$page" "<script"
    lacks no-remote "$page" "src=\"http"
    has inline-style "$page" "<style>"
    browse --window-size=1400,3000 --screenshot="$tmp/qa.png" "file://$tmp/qa.html"
    browse --dump-dom "file://$tmp/qa.html" > "$tmp/dom.html"
    [ -s "$tmp/dom.html" ] && ok || bad "chromium dumped no DOM: $(tail -3 "$tmp/chromium.log")"
    [ "$(wc -c < "$tmp/qa.png")" -gt 20000 ] && ok || bad "the screenshot is blank or missing"
    if [ -n "$MEDCALC_SCREENSHOT" ] && [ -z "$table" ]; then cp "$tmp/qa.png" "$MEDCALC_SCREENSHOT"; fi
    python3 - "$tmp/dom.html" "$tmp/qa.json" <<'PY' && ok || bad "the rendered QA page $opt (above)"
import json, re, sys
from html.parser import HTMLParser

class Page(HTMLParser):
    """Per site section: its data attributes, and in order the marks the checks need."""
    def __init__(self):
        super().__init__()
        self.sites, self.table, self.text = [], None, ""
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "site" in a.get("class", ""):
            self.sites.append({"attrs": a, "order": [], "decisions": [], "left": [], "calcs": [],
                               "verdict": None})
        if not self.sites:
            return
        s = self.sites[-1]
        if tag == "table":
            self.table = "decisions" if "decisions" in a.get("class", "") else "left"
            s["order"].append(self.table)
        if tag == "tr" and "data-line" in a and self.table:
            s[self.table].append((int(a["data-line"]), a["data-cause"], a["data-decision"]))
        if tag == "li" and "calculator" in a.get("class", ""):
            s["calcs"].append((a["data-table"], a["data-method"], a["data-rounding"], int(a["data-rows"])))
        if tag == "p" and "verdict" in a.get("class", ""):
            s["verdict"] = a["data-mixed"]
            s["order"].append("calculator")
    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None

dom = open(sys.argv[1]).read()
p = Page()
p.feed(dom)
want = [json.loads(l) for l in open(sys.argv[2])]
assert [s["attrs"]["data-site"] for s in p.sites] == [w["site"] for w in want]
for s, w in zip(p.sites, want):
    a = s["attrs"]
    assert int(a["data-rows"]) == w["rows"] and int(a["data-agree"]) == w["agree"], (a, w)
    assert int(a["data-decision-changes"]) == w["decision_changes"], (a, w)
    # decision-changing rows come first, before the calculator and the rows it leaves
    if w["decision_changes"]:
        assert s["order"][0] == "decisions", s["order"]
    assert s["order"].index("calculator") < (s["order"].index("left") if "left" in s["order"] else 99)
    assert [d[0] for d in s["decisions"]] == [d["line"] for d in w["decision_changing"]], s
    assert all(d[2] == "yes" for d in s["decisions"])
    assert [(l[0], l[1]) for l in s["left"]] == [(u["line"], u["cause"]) for u in w["unexplained"]], s
    assert s["verdict"] == ("yes" if w["mixed"] else "no")
    named = w["parts"] if w["mixed"] else [w["fingerprint"]]
    calcs = [(c["table"].split("@")[0], c["method"], c["rounding"], c["rows_explained"])
             for c in named + w["ties"]]
    assert s["calcs"] == calcs, (s["calcs"], calcs)
text = re.sub(r"<[^>]+>", " ", dom)
assert "Calculator QA across sites" in text
assert "cms-2018@1 supply, rounded to a whole number: reproduces 13 of 14 rows" in text
assert "Mixed: no single calculator reproduces more than half the rows" in text
PY
done

# html is for --sites; --sites is for agree.
"$medcalc" agree --format html "$data/sites.csv" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && ok || bad "agree --format html without --sites: want exit 2"
has html-sites-only "$(cat "$tmp/err")" "--format html is for medcalc report (and medcalc agree --sites)"

echo "qa html tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
