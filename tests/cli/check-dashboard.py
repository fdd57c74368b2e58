#!/usr/bin/env python3
"""Checks the dashboard as Chromium parsed it (its --dump-dom) against medcalc's other outputs.

usage: check-dashboard.py DOM.html REPORT.json PATIENTS.json DAILY.csv SCREENSHOT.png AS_OF

Every chart is an <svg role="img"> named by its <title> and <desc>, beside a table; the run
chart's points are the monthly shares worked out here from the daily series; the distribution's
bars are the patients' current and peak MME binned here; the prescriber chart has one mark per
prescriber of the JSON report with its patients; the headline cards are the JSON report's
figures; the attention list is the active patients above the lowest tier, most urgent first; the footer
names the table, digest, rules and input; the screenshot is a page, not a blank.
"""
import collections
import csv
import json
import struct
import sys
import zlib
from fractions import Fraction
from html.parser import HTMLParser

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], ""

    def cls(self):
        return self.attrs.get("class", "").split()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def all_text(self):
        return self.text + "".join(c.all_text() for c in self.children)

    def find(self, tag=None, cls=None, **attrs):
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.cls())
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]


class Tree(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = Node("#root", [], None)
        self.at = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_startendtag(self, tag, attrs):
        self.at.children.append(Node(tag, attrs, self.at))

    def handle_endtag(self, tag):
        n = self.at
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.at = n.parent

    def handle_data(self, data):
        self.at.text += data


def percent(share):
    """A share as the library writes it: a percentage to 1 decimal, half up."""
    tenths = int(share * 1000 + Fraction(1, 2))
    return "%d.%d" % (tenths // 10, tenths % 10)


def check_charts(root):
    charts = root.find("svg", cls="chart")
    ids = []
    for svg in charts:
        assert svg.attrs.get("role") == "img", svg.attrs
        t, d = svg.attrs["aria-labelledby"].split()
        title, desc = root.find(id=t), root.find(id=d)
        assert title and title[0].tag == "title" and title[0].all_text().strip(), t
        assert desc and desc[0].tag == "desc" and len(desc[0].all_text()) > 40, d
        pair = svg.parent
        while pair is not None and "pair" not in pair.cls():
            pair = pair.parent
        assert pair is not None and pair.find("table"), "no table beside " + t
        assert svg.find("text", cls="tick") and svg.find("text", cls="axis-title"), t
        ids.append(t[:-2])
    assert ids == ["run-hd", "run-bz", "dist-current", "dist-peak", "variation"], ids
    return {i: svg for i, svg in zip(ids, charts)}


def monthly(daily, as_of, high):
    """Per month: patients with MME on a day of it; of them high dose; with a benzodiazepine."""
    seen = collections.defaultdict(lambda: [set(), set(), set()])
    for r in daily:
        if r["date"] > as_of or int(r["opioid_fills"]) == 0:
            continue
        m = seen[r["date"][:7]]
        m[0].add(r["patient_id"])
        if Fraction(r["mme_per_day"]) >= high:
            m[1].add(r["patient_id"])
        if r["benzodiazepine"] == "yes":
            m[2].add(r["patient_id"])
    return {k: tuple(len(s) for s in v) for k, v in seen.items()}


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def check_run(charts, root, daily, as_of, high, high_text):
    months = monthly(daily, as_of, high)
    for key, which in (("run-hd", 1), ("run-bz", 2)):
        svg = charts[key]
        marks = [n for n in svg.walk() if "data-period" in n.attrs]
        got = {n.attrs["data-period"]: (int(n.attrs["data-of"]), int(n.attrs["data-count"]))
               for n in marks}
        want = {k: (v[0], v[which]) for k, v in months.items() if v[0] > 0}
        assert got == want, (key, sorted(set(got.items()) ^ set(want.items()))[:6])
        for n in marks:
            assert n.find("title") and n.attrs["data-period"] in n.find("title")[0].all_text()
        shares = [Fraction(c, p) for p, c in want.values()]
        med = [t.all_text() for t in svg.find("text", cls="median")]
        assert med == ["median %s%%" % percent(median(shares))], (key, med)
        ticks = [t.all_text() for t in svg.find("text", cls="tick")]
        assert min(want) in ticks and "0%" in ticks, ticks
    assert [t.all_text() for t in charts["run-hd"].find("text", cls="goal")] == ["goal 10%"]
    assert high_text in charts["run-hd"].find("title")[0].all_text()
    rows = root.find("table", id="run-table")[0].find("tr")
    first, last = min(months), as_of[:7]
    assert [r.attrs["data-period"] for r in rows if "data-period" in r.attrs][0] == first
    assert [r.attrs["data-period"] for r in rows if "data-period" in r.attrs][-1] == last


def check_distribution(charts, root, patients, report):
    live = [p for p in patients if p["days_covered"] > 0]
    for key, field in (("dist-current", "mme_as_of"), ("dist-peak", "peak_mme_per_day")):
        want = [0] * 31
        for p in live:
            if key == "dist-current" and not p["active"]:
                continue  # not on opioids now: no current MME to draw
            v = Fraction(str(p[field]))
            if v > 0:
                want[min(int(v // 10), 30)] += 1
        bars = charts[key].find("rect", cls="bar")
        assert [int(b.attrs["data-count"]) for b in bars] == want, key
        assert bars[0].attrs["data-bin"] == "0-10" and bars[-1].attrs["data-bin"] == "300+"
        thr = " ".join(t.all_text() for t in charts[key].find("text", cls="thr"))
        for t in report["practice"]["peak_at_or_above"]:
            assert "\u2265 " + t in thr, (key, thr)
    assert len(root.find("table", id="dist-table")[0].find("tr")) > 5


def check_variation(charts, root, report):
    want = {g["name"]: (g["patients"], g["high_dose"]) for g in report["prescribers"]}
    marks = charts["variation"].find(cls="vm")
    got = {m.attrs["data-prescriber"]: (int(m.attrs["data-patients"]),
                                        int(m.attrs["data-high-dose"])) for m in marks}
    assert got == want, sorted(set(got.items()) ^ set(want.items()))
    for m in marks:
        small = int(m.attrs["data-patients"]) < 10
        assert (m.attrs["data-small"] == "yes") == small and ("small" in m.cls()) == small
    names = [t.all_text() for t in charts["variation"].find("text", cls="name")]
    assert sorted(names) == sorted(want), names
    assert any("small number" in t.all_text() for t in charts["variation"].find("text"))
    rows = [r.attrs["data-prescriber"] for r in root.find("tr") if "data-prescriber" in r.attrs]
    assert sorted(rows) == sorted(want) and len(rows) == len(want)
    order = [want[n][0] for n in rows]
    assert order == sorted(order, reverse=True), "prescribers not most patients first"


def check_headlines(root, report):
    pr = report["practice"]
    # "now": patients active on the as-of day, and of them those on long-term therapy
    want = {"patients": pr["active"], "long_term": pr["active_long_term"],
            "coprescribed": pr["coprescribed"]}
    want.update({"peak_at_or_above_" + t: n for t, n in pr["peak_at_or_above"].items()})
    want.update(pr["flags"])
    got = {c.attrs["data-key"]: int(c.attrs["data-count"]) for c in root.find(cls="card")}
    assert got == want, (got, want)
    for c in root.find(cls="card"):
        assert c.find(cls="num")[0].all_text() == c.attrs["data-count"]
        assert c.find(cls="def")[0].all_text().strip(), c.attrs["data-key"]
        now = c.attrs["data-key"] in ("patients", "long_term")
        assert int(c.attrs["data-of"]) == (pr["active"] if now else pr["patients"])


def check_attention(root, patients):
    tiers = ["high", "moderate", "low"]
    need = [p for p in patients if p["active"] and p["risk_tier"] != "low"]
    body = root.find("table", id="attention-table")[0].find("tbody")[0]
    rows = [[td.all_text() for td in tr.find("td")] for tr in body.find("tr")]
    assert len(rows) == min(200, len(need)), (len(rows), len(need))
    assert [r[0] for r in rows] == [str(i + 1) for i in range(len(rows))]
    by_id = {p["patient_id"]: p for p in need}
    ranks = [tiers.index(r[2].split()[-1]) for r in rows]
    assert ranks == sorted(ranks) and ranks[0] == 0
    for r in rows:
        p = by_id[r[1]]
        assert r[2].endswith(p["risk_tier"]) and r[3] == str(p["mme_as_of"]), (r, p)


def check_footer(root, report):
    text = root.find("footer")[0].all_text()
    t, r = report["table"], report["rules"]
    for s in ("%s@%s" % (t["id"], t["version"]), t["digest"], "%s@%s" % (r["id"], r["version"]),
              r["digest"], report["input"]):
        assert s in text, s


def check_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1600, 9000), (width, height)
    at, idat = 8, b""
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            idat += data[at + 8:at + 8 + n]
        at += 12 + n
    raw = len(zlib.decompress(idat))
    # a blank page compresses a thousandfold; text and charts do not
    assert raw / len(idat) < 150, "the screenshot looks blank (%d -> %d bytes)" % (raw, len(idat))


def main():
    dom, report, patients, daily, png, as_of = sys.argv[1:7]
    tree = Tree()
    tree.feed(open(dom, encoding="utf-8").read())
    root = tree.root
    report = json.load(open(report))
    patients = [json.loads(line) for line in open(patients)]
    daily = list(csv.DictReader(open(daily)))
    high_text = str(report["rules"]["high_dose_mme"])
    charts = check_charts(root)
    check_run(charts, root, daily, as_of, Fraction(high_text), high_text)
    check_distribution(charts, root, patients, report)
    check_variation(charts, root, report)
    check_headlines(root, report)
    check_attention(root, patients)
    check_footer(root, report)
    check_png(png)


if __name__ == "__main__":
    main()
