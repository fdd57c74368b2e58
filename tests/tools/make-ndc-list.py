#!/usr/bin/env python3
"""Writes conversion-tables/cdc-ndc-2018.ndc from CDC's September 2018 NDC compilation.

usage: python3 tests/tools/make-ndc-list.py ../shared/data/cdc-ndc-2018 > conversion-tables/cdc-ndc-2018.ndc

Run once; the output is committed. Input: opioids.csv and benzodiazepines.csv, the "Opioids" and
"Benzos" sheets of CDC_Oral_Morphine_Milligram_Equivalents_Sept_2018.xlsx (see that folder's
README.md). Output: the NDC list format of conversion-tables/README.md, a YAML header ended by a
line "..." and a CSV body, one row per NDC, sorted by NDC. Every value comes from the CDC row:
  ingredient  the Drug column without its " SA"/" LA" suffix, lowercased (the vocabulary's name)
  form        Master_Form (and, where it is ambiguous, the product) mapped by FORMS below
  strength    Strength_Per_Unit exactly as CDC prints it
  unit        UOM mapped by UNITS below
  product, generic, dose_form   PRODNME, GENNME and Master_Form unchanged
The factor column is not carried: the factor always comes from the selected conversion table.
Rows that cannot be given a strength and a unit are left out and named on standard error and in
the header's notes. Anything unexpected (a new Master_Form or UOM) stops the script.
"""
import csv
import os
import sys

# Master_Form -> canonical form, for forms whose meaning does not depend on the product.
FORMS = {
    "Tablet": "oral",
    "Tablet, Extended Release": "oral",
    "Tablet, Disintegrating": "oral",
    "Tablet for Suspension": "oral",
    "Capsule": "oral",
    "Capsule, Extended Release": "oral",
    "Capsule, Extended Release, 24": "oral",
    "Solution": "oral",
    "Liquid": "oral",
    "Suspension": "oral",
    "Syrup": "oral",
    "Patch, Extended Release": "patch",
    "Lozenge/Troche": "buccal",
    "Film": "film",
    "Suppository": "rectal",
    "Gel/Jelly": "rectal",
}
# UOM -> unit. A spray's strength is per actuation, so its unit is the mass per unit dispensed.
UNITS = {"MG": "mg", "MCG": "mcg", "MCG/HR": "mcg/hr", "MG/ML": "mg/mL", "MCG/SPRAY": "mcg"}
# Forms CDC's file lists that none of our canonical forms describe: left out, with the reason.
SKIPPED_FORMS = {"Implant", "Extended Release Subcutaneous"}


def form_of(row, ingredient):
    """The canonical form; the cases Master_Form alone does not settle are decided by product."""
    master, product = row["Master_Form"], row["PRODNME"].upper()
    if master == "Tablet" and ingredient in ("fentanyl", "buprenorphine"):
        # CDC's fentanyl tablets are Abstral (sublingual) and Fentora (buccal); every
        # buprenorphine tablet in the file is sublingual (Subutex, Zubsolv, generics).
        return "buccal"
    if master == "Spray":
        if "SUBSYS" in product:
            return "oral-spray"  # fentanyl sublingual spray
        if "LAZANDA" in product or ingredient == "butorphanol":
            return "nasal-spray"  # fentanyl nasal spray; butorphanol is sold only as a nasal spray
        sys.exit("make-ndc-list: spray %s (%s) is neither oral nor nasal by any rule" %
                 (row["NDC"], row["PRODNME"]))
    if master not in FORMS:
        sys.exit("make-ndc-list: unknown Master_Form '%s' (NDC %s)" % (master, row["NDC"]))
    return FORMS[master]


def ingredient_of(row):
    drug = row["Drug"].strip()
    for suffix in (" SA", " LA"):
        if drug.endswith(suffix):
            drug = drug[: -len(suffix)]
    return drug.lower()


# Strengths CDC prints that cannot be right, corrected and said so in the header's notes:
# NDC -> (strength, why).
CORRECTIONS = {
    "12634061604": ("0.5", "HYDROCODONE BITARTRATE-ACETAMINOPHEN Solution, printed 7.5 MG/ML:"
                    " the label strength 7.5 mg per 15 mL read as per mL; every other"
                    " hydrocodone/acetaminophen solution of the list is 0.5 or 0.667 mg/mL and"
                    " no oral hydrocodone liquid of 7.5 mg/mL is marketed; taken as 7.5 mg/15 mL"),
}


def convert(row, skipped, corrected):
    ing = ingredient_of(row)
    fix = CORRECTIONS.get(row["NDC"])
    if fix:
        row = dict(row, Strength_Per_Unit=fix[0])
        corrected.append("%s %s" % (row["NDC"], fix[1]))
    if row["Master_Form"] in SKIPPED_FORMS or not row["Strength_Per_Unit"] or not row["UOM"]:
        skipped.append(row)
        return None
    if row["UOM"] not in UNITS:
        sys.exit("make-ndc-list: unknown UOM '%s' (NDC %s)" % (row["UOM"], row["NDC"]))
    if len(row["NDC"]) != 11 or not row["NDC"].isdigit():
        sys.exit("make-ndc-list: NDC '%s' is not 11 digits" % row["NDC"])
    form, unit = form_of(row, ing), UNITS[row["UOM"]]
    if (unit == "mcg/hr") != (form == "patch"):
        sys.exit("make-ndc-list: NDC %s: unit %s with form %s" % (row["NDC"], unit, form))
    return [row["NDC"], ing, form, row["Strength_Per_Unit"], unit, row["PRODNME"].strip(),
            row["GENNME"].strip(), row["Master_Form"]]


HEADER = """\
# NDC product list: a National Drug Code -> ingredient, form, strength per unit and unit.
# Generated once by tests/tools/make-ndc-list.py from CDC's Sept 2018 compilation (../shared/data/cdc-ndc-2018/);
# do not edit by hand. Format: conversion-tables/README.md ("NDC product lists").
id: cdc-ndc-2018
version: "2"
title: CDC NDC list of opioid analgesics and benzodiazepines, 2018 version ({count} NDCs)
source: https://www.cdc.gov/drugoverdose/data-files/CDC_Oral_Morphine_Milligram_Equivalents_Sept_2018.xlsx
effective: 2018-09-01
notes: >-
  CDC, "CDC compilation of benzodiazepines, muscle relaxants, stimulants, zolpidem, and opioid
  analgesics with oral morphine milligram equivalent conversion factors, 2018 version" (September
  2018; NDCs up to May 2018), sheets Opioids ({opioids} rows) and Benzos ({benzos} rows). The
  effective date is the first day of the month the file is dated, not a date it prints. CDC
  stopped publishing the list with the 2022 guideline; NDCs of later products are not here (a
  site adds them with its own list). ingredient is CDC's Drug column without SA/LA; strength is
  Strength_Per_Unit as printed (a few liquids carry CDC's rounded quotient, e.g.
  0.6666666666666666 mg/mL for 10 mg/15 mL); unit is UOM (MCG/SPRAY written as mcg per unit).
  Forms from Master_Form: tablets, capsules, solutions, liquids, syrups, suspensions oral;
  Patch patch; Lozenge/Troche buccal; Film film (CMS's fentanyl film row; buprenorphine
  films); Suppository and Gel/Jelly rectal; fentanyl and buprenorphine Tablet buccal (all are
  sublingual or buccal tablets); Spray by product: SUBSYS oral-spray, LAZANDA and butorphanol
  nasal-spray. CDC's factor column is not carried: the factor comes from the selected table.
  Left out ({skipped_count} rows, no strength or unit, or a form no table has a factor for):
  {skipped}. Corrected: {corrected}.
...
"""


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-ndc-list.py DIR  (the folder with opioids.csv and benzodiazepines.csv)")
    rows, skipped, corrected, counts = [], [], [], {}
    for name in ("opioids.csv", "benzodiazepines.csv"):
        with open(os.path.join(sys.argv[1], name), newline="", encoding="ascii") as f:
            data = list(csv.DictReader(f))
        counts[name] = len(data)
        for row in data:
            out = convert(row, skipped, corrected)
            if out:
                rows.append(out)
    rows.sort(key=lambda r: r[0])
    if len({r[0] for r in rows}) != len(rows):
        sys.exit("make-ndc-list: an NDC appears twice")
    for r in skipped:
        print("make-ndc-list: left out %s %s (%s, strength '%s', UOM '%s')" %
              (r["NDC"], r["PRODNME"], r["Master_Form"], r["Strength_Per_Unit"], r["UOM"]),
              file=sys.stderr)
    names = sorted({"%s %s" % (r["PRODNME"].title(), r["Master_Form"].lower()) for r in skipped})
    text = ", ".join("%s (%s)" % (n, ", ".join(r["NDC"] for r in skipped
                                             if "%s %s" % (r["PRODNME"].title(), r["Master_Form"].lower()) == n))
                     for n in names)
    out = sys.stdout
    out.write(HEADER.format(count=len(rows), opioids=counts["opioids.csv"],
                            benzos=counts["benzodiazepines.csv"], skipped_count=len(skipped),
                            skipped=text or "none", corrected="; ".join(corrected) or "none"))
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["ndc", "ingredient", "form", "strength", "unit", "product", "generic", "dose_form"])
    w.writerows(rows)


if __name__ == "__main__":
    main()
