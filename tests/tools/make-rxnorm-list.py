#!/usr/bin/env python3
"""Writes conversion-tables/rxnorm-omtk.rxnorm from the OMTK RxNorm drug-ingredient list.

usage: python3 tests/tools/make-rxnorm-list.py ../shared/data/rxnorm-omtk/drug_ingredients.csv \
           > conversion-tables/rxnorm-omtk.rxnorm
       python3 tests/tools/make-rxnorm-list.py --id site --version 3 --title T --source S \
           --effective 2026-01-01 site-extract.csv > site.rxnorm     (a site's larger extract)

Run once; the output is committed. Input: a CSV in the shape of drug_ingredients.csv (rxcui,
drug_name, dose_form_rxcui, dose_form, ingredient_rxcui, ingredient, strength_value,
strength_unit; see that folder's README.md), one row per drug and opioid ingredient. Output: the
product list format of conversion-tables/README.md (the NDC list format keyed by rxcui): a YAML
header ended by a line "..." and a CSV body, one row per RxCUI, sorted by RxCUI. Every value
comes from the input row:
  ingredient  the ingredient column, lowercased (the vocabulary's name)
  form        dose_form mapped by FORMS below (a Pack by the dose form inside its braces)
  strength    strength_value, converted exactly into `unit` (0.025 MG/HR is 25 mcg/hr)
  unit        strength_unit mapped by UNITS below
  product, dose_form   drug_name and dose_form unchanged
A row whose ingredient its own name does not contain stops the script, unless CORRECTIONS below
says what the name gives (one OMTK row). A drug listed with two rows of one ingredient (Percodan-style products that name two salts of
oxycodone) becomes one row with the two strengths added. Rows whose dose form no canonical form
describes are left out and named on standard error and in the header's notes. Anything
unexpected (a new dose form or unit, two opioid ingredients in one drug) stops the script.
"""
import argparse
import csv
import re
import sys
from decimal import Decimal

# RxNorm dose form -> canonical form.
FORMS = {
    "Oral Tablet": "oral",
    "Extended Release Oral Tablet": "oral",
    "Oral Capsule": "oral",
    "Extended Release Oral Capsule": "oral",
    "Oral Solution": "oral",
    "Oral Suspension": "oral",
    "Extended Release Suspension": "oral",
    "Tablet for Oral Suspension": "oral",
    "Sublingual Tablet": "buccal",
    "Buccal Tablet": "buccal",
    "Oral Lozenge": "buccal",
    "Buccal Film": "film",
    "Sublingual Film": "film",
    "Transdermal System": "patch",
    "Mucosal Spray": "oral-spray",
    "Metered Dose Nasal Spray": "nasal-spray",
    "Nasal Spray": "nasal-spray",
    "Rectal Suppository": "rectal",
    "Injection": "injection",
    "Injectable Solution": "injection",
    "Prefilled Syringe": "injection",
    "Cartridge": "injection",
    "Auto-Injector": "injection",
    # No table has a factor for these: listed so that the code is known and the row says why.
    "Drug Implant": "implant",
}
# strength_unit -> (unit, multiplier). A spray's strength is per actuation: mass per unit dispensed.
UNITS = {
    "MG": ("mg", 1),
    "MG/ML": ("mg/mL", 1),
    "MG/HR": ("mcg/hr", 1000),
    "MG/ACTUAT": ("mcg", 1000),
    "MCG": ("mcg", 1),
    "MCG/HR": ("mcg/hr", 1),
    "MCG/ACTUAT": ("mcg", 1),
}
# Rows whose ingredient is not the one their RxNorm name gives: corrected, and said so in the
# header. (rxcui: (ingredient in the input, ingredient the name gives))
CORRECTIONS = {
    # OMTK gives RxNorm's "Acetaminophen 325 MG / Butalbital 50 MG / Caffeine 40 MG / Codeine
    # Phosphate 30 MG Oral Capsule" the ingredient Benzhydrocodone (2001352); the name says codeine.
    "993943": ("Benzhydrocodone", "Codeine"),
}
# Dose forms that no canonical form describes: left out (none so far).
SKIPPED_FORMS = set()


def form_of(row):
    dose_form = row["dose_form"]
    if dose_form == "Pack":
        inner = re.search(r"\(([^()]*)\)", row["drug_name"])
        names = [f for f in FORMS if inner and re.search(r"\b%s\b" % re.escape(f), inner.group(1))]
        if len(names) != 1:
            sys.exit("make-rxnorm-list: pack %s (%s): no single dose form inside" %
                     (row["rxcui"], row["drug_name"]))
        dose_form = names[0]
    if dose_form == "Transdermal System" and row["strength_unit"] == "MG/ACTUAT":
        return "iontophoretic"  # Ionsys: a dose per activation, not a rate per hour
    if dose_form not in FORMS:
        sys.exit("make-rxnorm-list: unknown dose form '%s' (RxCUI %s)" % (dose_form, row["rxcui"]))
    return FORMS[dose_form]


def plain(d):
    """A Decimal written without exponent or trailing zeros: 25, 0.075."""
    text = format(d.normalize(), "f")
    return text


def convert(row, corrected):
    fix = CORRECTIONS.get(row["rxcui"])
    if fix and row["ingredient"] == fix[0]:
        row = dict(row, ingredient=fix[1])
        corrected.append("%s %s: ingredient %s, not %s" % (row["rxcui"], row["drug_name"], fix[1],
                                                            fix[0]))
    if row["ingredient"].lower() not in row["drug_name"].lower():
        sys.exit("make-rxnorm-list: RxCUI %s: ingredient %s is not in its name '%s'" %
                 (row["rxcui"], row["ingredient"], row["drug_name"]))
    if row["strength_unit"] not in UNITS:
        sys.exit("make-rxnorm-list: unknown strength_unit '%s' (RxCUI %s)" %
                 (row["strength_unit"], row["rxcui"]))
    if not row["rxcui"].isdigit() or len(row["rxcui"]) > 10:
        sys.exit("make-rxnorm-list: RxCUI '%s' is not 1 to 10 digits" % row["rxcui"])
    form = form_of(row)
    unit, times = UNITS[row["strength_unit"]]
    if (unit == "mcg/hr") != (form == "patch"):
        sys.exit("make-rxnorm-list: RxCUI %s: unit %s with form %s" % (row["rxcui"], unit, form))
    return {"rxcui": row["rxcui"], "ingredient": row["ingredient"].strip().lower(), "form": form,
            "amount": Decimal(row["strength_value"]) * times, "unit": unit,
            "product": row["drug_name"].strip(), "dose_form": row["dose_form"].strip()}


HEADER = """\
# RxNorm product list: an RxCUI -> ingredient, form, strength per unit and unit.
# Generated once by tests/tools/make-rxnorm-list.py from {input}; do not edit by hand.
# Format: conversion-tables/README.md ("Product lists").
id: {id}
version: "{version}"
title: {title} ({count} RxCUIs)
source: {source}
effective: {effective}
notes: >-
  {notes} One row per RxCUI: ingredient is the opioid ingredient lowercased (base, not salt);
  form from RxNorm's dose form (tablets, capsules, solutions, suspensions oral; Sublingual Tablet,
  Buccal Tablet and Oral Lozenge buccal; Buccal Film and Sublingual Film film; Transdermal System
  patch; Mucosal Spray oral-spray; Metered Dose Nasal Spray nasal-spray; Rectal Suppository rectal;
  a Transdermal System dosed per actuation (Ionsys) iontophoretic; Drug Implant implant (no table has
  a factor for these two: a row naming them is an error that says so); Injection, Injectable Solution, Prefilled Syringe, Cartridge and Auto-Injector injection; a Pack by
  the dose form inside it); strength converted exactly: MG/HR to mcg/hr (0.025 MG/HR is 25 mcg/hr),
  MG/ACTUAT to mcg per actuation, MG and MG/ML unchanged. Two rows of one ingredient in one drug are
  added ({merged}). Corrected: {corrected}. Left out ({skipped_count} rows, a dose form no table has a factor for): {skipped}.
...
"""

OMTK_NOTES = ("CDC's Opioid Management Terminology Knowledgebase (OMTK), the OMTKData library of the "
              "CQL implementation guide opioid-mme-r4, as exported in uwcirg/cosri-pain-management-summary "
              "src/utils/MMECalculator/OMTKData.js (snapshot of 2026-04-14); names and codes are NLM's "
              "RxNorm. Built from an older RxNorm release: newer products are not here (a site adds them "
              "with its own list).")


def merge(rows):
    """One row per RxCUI; two rows of one ingredient add their strengths."""
    by_code, merged = {}, []
    for r in rows:
        have = by_code.get(r["rxcui"])
        if have is None:
            by_code[r["rxcui"]] = r
            continue
        if (have["ingredient"], have["form"], have["unit"]) != (r["ingredient"], r["form"], r["unit"]):
            sys.exit("make-rxnorm-list: RxCUI %s lists two different opioid rows" % r["rxcui"])
        have["amount"] += r["amount"]
        merged.append("%s %s: %s %s" % (r["rxcui"], r["product"], plain(have["amount"]), r["unit"]))
    return sorted(by_code.values(), key=lambda r: int(r["rxcui"])), merged


def main():
    ap = argparse.ArgumentParser(description="RxNorm drug-ingredient CSV -> product list")
    ap.add_argument("csv")
    ap.add_argument("--id", default="rxnorm-omtk")
    ap.add_argument("--version", default="1")
    ap.add_argument("--title", default="RxNorm opioid products of CDC's OMTK")
    ap.add_argument("--source", default="https://github.com/uwcirg/cosri-pain-management-summary/"
                    "blob/master/src/utils/MMECalculator/OMTKData.js")
    ap.add_argument("--effective", default="2026-04-14")
    ap.add_argument("--notes", default=OMTK_NOTES)
    a = ap.parse_args()
    with open(a.csv, newline="", encoding="utf-8") as f:
        data = list(csv.DictReader(f))
    rows, skipped, corrected = [], [], []
    for row in data:
        if row["dose_form"] in SKIPPED_FORMS:
            skipped.append(row)
        else:
            rows.append(convert(row, corrected))
    rows, merged = merge(rows)
    for r in skipped:
        print("make-rxnorm-list: left out %s %s (%s)" % (r["rxcui"], r["drug_name"], r["dose_form"]),
              file=sys.stderr)
    text = ", ".join("%s (%s)" % (r["drug_name"], r["rxcui"]) for r in skipped) or "none"
    out = sys.stdout
    out.write(HEADER.format(input=a.csv.replace("/work/shared/", "../shared/"), id=a.id,
                            version=a.version, title=a.title, count=len(rows), source=a.source,
                            effective=a.effective, notes=a.notes, merged="; ".join(merged) or "none",
                            corrected="; ".join(corrected) or "none",
                            skipped_count=len(skipped), skipped=text))
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["rxcui", "ingredient", "form", "strength", "unit", "product", "dose_form"])
    for r in rows:
        w.writerow([r["rxcui"], r["ingredient"], r["form"], plain(r["amount"]), r["unit"],
                    r["product"], r["dose_form"]])


if __name__ == "__main__":
    main()
