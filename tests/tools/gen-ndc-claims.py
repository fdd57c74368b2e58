#!/usr/bin/env python3
"""Deterministic synthetic pharmacy claims keyed by NDC, drawn from an NDC product list.

usage: gen-ndc-claims.py [--as ndc|names|products|all] [--list FILE] ROWS [SEED] > claims.csv

  --as ndc       (default) patient_id,fill_date,ndc,quantity,days_supply; the NDCs are spelled as
                 claims spell them: 11 digits, 5-4-2 dashed, or the 10-digit 4-4-2, 5-3-2, 5-4-1
                 dashed forms where the code allows it
  --as names     the same claims with drug,form,strength,unit (the list's ingredient, form,
                 strength and unit) instead of the NDC
  --as products  the same claims with a product description instead ("OXYCODONE HCL 5 MG Tablet",
                 built from the list's product name, strength, unit and dose form)
  --as all       ndc, product, drug, form, strength and unit together (all agreeing)
  --list FILE    the list to draw from (default: conversion-tables/cdc-ndc-2018.ndc)

The same ROWS and SEED give the same claims in every mode, so the files can be compared row by
row (tests/cli/run.sh does), and the bench can time NDC lookups against named drugs. Rows are
grouped by patient and ordered by fill date within a patient, as a claims extract usually is.
"""
import argparse
import csv
import datetime
import io
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LIST = os.path.join(HERE, "..", "..", "conversion-tables", "cdc-ndc-2018.ndc")


def read_list(path):
    with open(path, newline="", encoding="ascii") as f:
        text = f.read()
    marker = text.find("\n...\n")
    if marker < 0:
        sys.exit("gen-ndc-claims: %s: no '...' line ending the header" % path)
    return list(csv.DictReader(io.StringIO(text[marker + 5:])))


def spellings(ndc):
    """The ways a claim may write an 11-digit NDC."""
    out = [ndc, "%s-%s-%s" % (ndc[:5], ndc[5:9], ndc[9:])]
    if ndc[0] == "0":
        out.append("%s-%s-%s" % (ndc[1:5], ndc[5:9], ndc[9:]))   # 4-4-2
    if ndc[5] == "0":
        out.append("%s-%s-%s" % (ndc[:5], ndc[6:9], ndc[9:]))    # 5-3-2
    if ndc[9] == "0":
        out.append("%s-%s-%s" % (ndc[:5], ndc[5:9], ndc[10:]))   # 5-4-1
    return out


def supply(rnd, p):
    """Quantity and days supply: patches one per 3 days, liquids in mL, solids in units."""
    days = rnd.choice([7, 14, 28, 30, 30, 30])
    if p["unit"] == "mcg/hr":
        return max(1, (days + 2) // 3), days
    if p["unit"] == "mg/mL":
        return days * rnd.choice([5, 10, 15, 20]), days
    return days * rnd.choice([1, 2, 3, 4]), days


def description(p):
    return "%s %s %s %s" % (p["product"] or p["generic"], p["strength"], p["unit"].upper(),
                            p["dose_form"])


COLUMNS = {
    "ndc": ["ndc"],
    "names": ["drug", "form", "strength", "unit"],
    "products": ["product"],
    "all": ["ndc", "product", "drug", "form", "strength", "unit"],
}


def main():
    ap = argparse.ArgumentParser(description="NDC-keyed synthetic claims")
    ap.add_argument("--as", dest="mode", choices=sorted(COLUMNS), default="ndc")
    ap.add_argument("--list", default=DEFAULT_LIST)
    ap.add_argument("rows", type=int)
    ap.add_argument("seed", type=int, nargs="?", default=42)
    a = ap.parse_args()
    products = read_list(a.list)
    rnd = random.Random(a.seed)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["patient_id", "fill_date"] + COLUMNS[a.mode] + ["quantity", "days_supply"])
    base = datetime.date(2025, 1, 1)
    n = pid = 0
    while n < a.rows:
        pid += 1
        day = rnd.randint(0, 200)
        regimen = rnd.choice(products)
        for _ in range(min(a.rows - n, rnd.randint(1, 12))):
            if rnd.random() < 0.2:
                regimen = rnd.choice(products)
            p = regimen
            qty, days = supply(rnd, p)
            spelled = rnd.choice(spellings(p["ndc"]))
            values = {"ndc": spelled, "product": description(p), "drug": p["ingredient"],
                      "form": p["form"], "strength": p["strength"], "unit": p["unit"]}
            fill = base + datetime.timedelta(days=day)
            w.writerow(["P%08d" % pid, fill.isoformat()] + [values[c] for c in COLUMNS[a.mode]] +
                       [qty, days])
            day += max(1, days - rnd.choice([0, 0, 0, 2, 5]))
            n += 1


if __name__ == "__main__":
    main()
