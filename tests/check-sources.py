#!/usr/bin/env python3
"""Walks every shipped table and rules file (conversion-tables/*.yaml, the bytes the library
embeds) and fails on a threshold or rule flag whose words are neither a quote with its location
nor a summary labelled with what it summarises, and on a 'source' that is neither an address nor
a named document. With a medcalc path, also checks that every embedded table id has its file.

usage: tests/check-sources.py CONVERSION_TABLES_DIR [MEDCALC]"""
import glob
import os
import re
import subprocess
import sys

import yaml

URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")
PAGE = re.compile(r"\bp\.\s*\d+|\bpage \d+|of the PDF", re.I)
problems = []


def named_document(text):
    """A named document: a title of two or more words, not a placeholder."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9'-]*", text)
    return len(words) >= 2 and text.strip().lower() not in ("tbd", "unknown", "n/a", "none")


def check_source(where, value):
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: source is empty")
    elif value.startswith(("http://", "https://")):
        if not URL.match(value):
            problems.append(f"{where}: source '{value}' is not a well-formed address")
    elif not named_document(value):
        problems.append(f"{where}: source '{value}' is neither an address nor a named document")


def check_words(where, entry):
    if "advice" in entry:
        problems.append(f"{where}: has 'advice'; write 'quote'+'location' or 'summary'+'summarises'")
    quote, summary = entry.get("quote"), entry.get("summary")
    if not quote and not summary:
        problems.append(f"{where}: neither a quote nor a labelled summary")
    if quote and not entry.get("location"):
        problems.append(f"{where}: quote without its location")
    if summary and not entry.get("summarises"):
        problems.append(f"{where}: summary without what it summarises")
    for key in ("location", "summarises"):
        if entry.get(key) and PAGE.search(entry[key]):
            problems.append(f"{where}: {key} cites a page number; cite the recommendation or section")
    if "source" in entry:
        check_source(where, entry["source"])


def walk(path):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if "source" in doc:
        check_source(f"{name}: top-level", doc["source"])
    for i, t in enumerate(doc.get("thresholds") or []):
        check_words(f"{name}: threshold {t.get('mme')} (#{i + 1})", t)
    for fl in doc.get("flags") or []:
        check_words(f"{name}: flag {fl.get('name')}", fl)
    for fl in doc.get("point_of_care") or []:
        check_words(f"{name}: point-of-care flag {fl.get('name')}", fl)
        if "source" not in fl:
            problems.append(f"{name}: point-of-care flag {fl.get('name')}: no source")
    if isinstance(doc.get("long_term"), dict) and "source" in doc["long_term"]:
        check_source(f"{name}: long_term", doc["long_term"]["source"])
    # the registry's rules: every care gap and the naloxone products say where they come from
    for g in doc.get("care_gaps") or []:
        if "source" not in g:
            problems.append(f"{name}: care gap {g.get('name')}: no source")
        check_words(f"{name}: care gap {g.get('name')}", g)
    if isinstance(doc.get("naloxone"), dict):
        if "source" not in doc["naloxone"]:
            problems.append(f"{name}: naloxone: no source")
        check_words(f"{name}: naloxone", doc["naloxone"])
    return doc.get("id")


def main():
    folder = sys.argv[1]
    files = sorted(glob.glob(os.path.join(folder, "*.yaml")))
    ids = {walk(p) for p in files}
    if len(sys.argv) > 2:
        out = subprocess.run([sys.argv[2], "tables"], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            if line and not line[0].isspace() and line.split()[0] not in ids:
                problems.append(f"embedded table {line.split()[0]} has no file in {folder}")
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    print(f"sources: {len(files)} files walked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
