#!/usr/bin/env python3
"""A deterministic synthetic practice for the dashboard test: claims of PATIENTS patients over
14 months (2024-01 to 2025-02), sorted by patient and date as an extract usually is.

usage: gen-practice.py [PATIENTS] [SEED] > practice.csv

The mix: short acute courses (most patients), long-term therapy at low and at high doses, some
high-dose patients tapered from mid-2024 (so the run chart has something to show), a share on a
benzodiazepine too, fentanyl patches and methadone, a few patients seeing many prescribers and
pharmacies. Prescribers have panels of different sizes (a few too small to judge) and habits
(one prescribes high doses more often, one less).
"""
import datetime
import random
import sys

START = datetime.date(2024, 1, 1)
END = datetime.date(2025, 2, 28)
# prescriber: weight of their panel, how likely a long-term patient is at a high dose
PRESCRIBERS = [("D01", 14, .25), ("D02", 12, .25), ("D03", 11, .75), ("D04", 10, .25),
               ("D05", 10, .08), ("D06", 9, .25), ("D07", 8, .25), ("D08", 8, .3),
               ("D09", 7, .2), ("D10", 6, .25), ("D11", 5, .25), ("D12", 4, .3),
               ("D13", 3, .25), ("D14", 2, .25), ("D15", 1, .9), ("D16", 1, .25)]
PHARMACIES = ["R%02d" % i for i in range(1, 13)]
# drug, form, strength, unit, units a day (None: a patch changed every 72 hours)
LOW = [("oxycodone", "tablet", "5", "mg", 3), ("oxycodone", "tablet", "5", "mg", 4),
       ("oxycodone", "tablet", "10", "mg", 2),
       ("hydrocodone/acetaminophen", "tablet", "5", "mg", 4),
       ("hydrocodone/acetaminophen", "tablet", "7.5", "mg", 3),
       ("hydrocodone/acetaminophen", "tablet", "10", "mg", 4),
       ("tramadol", "tablet", "50", "mg", 3), ("tramadol", "tablet", "50", "mg", 4),
       ("morphine", "tablet", "15", "mg", 2), ("codeine/acetaminophen", "tablet", "30", "mg", 4),
       ("fentanyl", "patch", "12", "mcg/hr", None), ("tapentadol", "tablet", "50", "mg", 2)]
HIGH = [("oxycodone", "tablet", "15", "mg", 4), ("morphine", "tablet", "30", "mg", 3),
        ("hydromorphone", "tablet", "4", "mg", 4), ("oxycodone", "tablet", "20", "mg", 4),
        ("oxycodone", "tablet", "30", "mg", 3), ("morphine", "tablet", "60", "mg", 2),
        ("hydromorphone", "tablet", "8", "mg", 3), ("tapentadol", "tablet", "100", "mg", 4),
        ("fentanyl", "patch", "25", "mcg/hr", None), ("fentanyl", "patch", "50", "mcg/hr", None),
        ("methadone", "tablet", "10", "mg", 2), ("methadone", "tablet", "5", "mg", 3)]
BENZOS = [("alprazolam", "0.5"), ("clonazepam", "1"), ("lorazepam", "1"), ("diazepam", "5")]


def row(out, pid, prescriber, pharmacy, day, drug, form, strength, unit, qty, days):
    out.append((pid, day, f"{pid},{prescriber},{pharmacy},{day.isoformat()},{drug},{form},"
                          f"{strength},{unit},{qty},{days}"))


def opioid(out, rnd, pid, prescriber, pharmacy, day, regimen, days):
    drug, form, strength, unit, per_day = regimen
    qty = days // 3 + (days % 3 > 0) if per_day is None else days * per_day
    row(out, pid, prescriber, pharmacy, day, drug, form, strength, unit, qty, days)


def acute(out, rnd, pid, prescriber, pharmacy):
    day = START + datetime.timedelta(days=rnd.randrange((END - START).days - 10))
    for _ in range(rnd.choice([1, 1, 1, 2])):
        opioid(out, rnd, pid, prescriber, pharmacy, day, rnd.choice(LOW), rnd.choice([3, 5, 7]))
        day += datetime.timedelta(days=rnd.choice([7, 10, 20]))


def long_term(out, rnd, pid, prescriber, pharmacy, high, many):
    regimen = rnd.choice(HIGH if high else LOW)
    taper = high and rnd.random() < .5 and datetime.date(2024, rnd.randint(5, 12), 1)
    day = START + datetime.timedelta(days=rnd.randrange(120))
    stop = END - datetime.timedelta(days=rnd.choice([0, 0, 0, 60, 150]))
    benzo = rnd.random() < .18 and rnd.choice(BENZOS)
    while day <= stop:
        if taper and day >= taper and regimen in HIGH:
            regimen = rnd.choice(LOW)
        who = rnd.choice(PRESCRIBERS)[0] if many else prescriber
        where = rnd.choice(PHARMACIES) if many else pharmacy
        opioid(out, rnd, pid, who, where, day, regimen, 30)
        if benzo:
            row(out, pid, who, where, day + datetime.timedelta(days=rnd.choice([0, 2])),
                benzo[0], "tablet", benzo[1], "mg", 30, 30)
        day += datetime.timedelta(days=30 - rnd.choice([0, 0, 1, 3]))


def main():
    patients = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    weights = [w for _, w, _ in PRESCRIBERS]
    out = []
    for n in range(1, patients + 1):
        pid = "P%04d" % n
        prescriber, _, high_rate = rnd.choices(PRESCRIBERS, weights)[0]
        pharmacy = rnd.choice(PHARMACIES)
        kind = rnd.random()
        if kind < .5:
            acute(out, rnd, pid, prescriber, pharmacy)
        else:
            long_term(out, rnd, pid, prescriber, pharmacy, rnd.random() < high_rate,
                      rnd.random() < .03)
    print("patient_id,prescriber_id,pharmacy_id,fill_date,drug,form,strength,unit,quantity,"
          "days_supply")
    for _, _, line in sorted(out, key=lambda r: (r[0], r[1])):
        print(line)


if __name__ == "__main__":
    main()
