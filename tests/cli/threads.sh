#!/bin/sh
# -j N changes nothing but the speed: medcalc batch, patients, report, agree, compare --batch
# and vectors with -j 2 and -j 3 write byte for byte the standard output, standard error and
# exit status of -j 1 (patients and report: every input of their tests with a patient_id column,
# in every output form, and generated claims; agree and compare: see the end). batch on
#  - every CSV input file of the tests (golden cases, data cases, fuzz seeds and regressions,
#    conformance vectors), as CSV and as JSON;
#  - standard input;
#  - generated files of several megabytes, so that the input is cut into many pieces: plain
#    claims; quoted fields holding commas, quotes and line ends; CRLF and bare CR line ends;
#    blank lines; and files damaged at random (stray quotes that swallow lines, quotes left
#    open to the end, NUL bytes, overlong records) where the cut must fall back to one reader.
# With CLI_QUICK set (make test), the generated multi-megabyte inputs are left out: the test
# inputs alone, which are smaller than one piece, check the single-piece path; make check runs all.
# usage: tests/cli/threads.sh path/to/medcalc
medcalc=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# same FILE ARGS...: runs batch ARGS FILE with -j 1, 2 and 3 and compares everything.
same() {
    file=$1; shift
    "$medcalc" batch -j 1 "$@" "$file" > "$tmp/out1" 2> "$tmp/err1"
    echo $? > "$tmp/st1"
    for j in 2 3; do
        "$medcalc" batch -j $j "$@" "$file" > "$tmp/out$j" 2> "$tmp/err$j"
        echo $? > "$tmp/st$j"
        if cmp -s "$tmp/out1" "$tmp/out$j" && cmp -s "$tmp/err1" "$tmp/err$j" &&
           cmp -s "$tmp/st1" "$tmp/st$j"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL batch -j $j $* $file: differs from -j 1" >&2
            cmp "$tmp/out1" "$tmp/out$j" >&2
            diff "$tmp/err1" "$tmp/err$j" >&2
        fi
    done
}

for f in $(find "$root/tests/cli/cases" "$root/tests/data" "$root/tests/fuzz/seeds" \
                "$root/tests/fuzz/regressions" "$root/tests/vectors" -name '*.csv' | sort); do
    same "$f"
    same "$f" --format json
done

if [ -z "${CLI_QUICK:-}" ]; then # generated files: make check only
# Generated inputs, each a few megabytes (the input is cut about every 128 KiB).
python3 - "$tmp" <<'PY'
import random, sys
tmp = sys.argv[1]
rng = random.Random(15)
DRUGS = ['oxycodone,,10,mg', 'morphine,tablet,15,mg', 'fentanyl,patch,25,mcg/hr',
         'methadone,,10,mg', 'hydrocodone/apap,,10/325,mg', 'alprazolam,,1,mg',
         'tramadol,,50,mg', 'oxycodone,,ten,mg']
HEAD = 'id,drug,form,strength,unit,quantity,days_supply,note\n'

def row(i, note=''):
    return '%d,%s,%d,%d,%s\n' % (i, DRUGS[i % len(DRUGS)], 30 + i % 90, 1 + i % 30, note)

def write(name, lines, size=3_500_000):
    out, n, i = [HEAD], len(HEAD), 0
    while n < size:
        line = lines(i)
        out.append(line)
        n += len(line)
        i += 1
    open('%s/%s.csv' % (tmp, name), 'wb').write(''.join(out).encode('latin-1'))

write('plain', lambda i: row(i))
write('quoted', lambda i: row(i, '"a, ""b""\nc"') if i % 7 == 0 else row(i))
write('crlf', lambda i: row(i).replace('\n', '\r\n' if i % 5 else '\r'))
write('blank', lambda i: row(i) + ('\n\n' if i % 11 == 0 else ''))
write('bom', lambda i: ('\xef\xbb\xbf' if i == 0 else '') + row(i))
for k in range(4):
    bad = set(rng.randrange(20000, 60000) for _ in range(3))
    kind = ['"x', 'x"y', '\0', 'z' * 1_100_000][k]
    write('damaged%d' % k, lambda i: row(i, kind) if i in bad else
          (row(i, '"q\nq"') if i % 13 == 0 else row(i)))
# a quote opened and never closed: everything after it is read again line by line
write('open', lambda i: row(i, '"never closed') if i == 30000 else row(i))
PY
for f in "$tmp"/plain.csv "$tmp"/quoted.csv "$tmp"/crlf.csv "$tmp"/blank.csv "$tmp"/bom.csv \
         "$tmp"/damaged*.csv "$tmp"/open.csv; do
    same "$f"
done
same "$tmp/quoted.csv" --format json

# Standard input, from a pipe.
cat "$tmp/quoted.csv" | "$medcalc" batch -j 1 - > "$tmp/pipe1" 2> "$tmp/perr1"
cat "$tmp/quoted.csv" | "$medcalc" batch -j 2 - > "$tmp/pipe2" 2> "$tmp/perr2"
if cmp -s "$tmp/pipe1" "$tmp/pipe2" && cmp -s "$tmp/perr1" "$tmp/perr2"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL batch -j 2 - (standard input) differs from -j 1" >&2
fi
# The test means something: the big files have many rows, and some of them are errors.
rows=$(grep -c ',error,' "$tmp/pipe1")
if [ "$(wc -l < "$tmp/pipe1")" -gt 30000 ] && [ "$rows" -gt 1000 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL the generated input is too small to test the cuts" >&2
fi
fi # CLI_QUICK
# A bad -j is a usage error.
"$medcalc" batch -j 0 "$tmp/plain.csv" > /dev/null 2> "$tmp/err"
if [ $? -eq 2 ] && grep -q 'threads must be a number from 1' "$tmp/err"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL batch -j 0 is not refused" >&2
fi
# --- patients and report: -j 2 and -j 3 against -j 1 -------------------------------------------
# Sorted input without quotes is cut where the patient changes; everything else is read by one
# thread, and must come out the same too.
# same_cmd CMD FILE ARGS...: medcalc CMD -j 1/2/3 ARGS FILE, everything compared (FILE "":
# no operand).
same_cmd() {
    cmd=$1 file=$2; shift 2
    "$medcalc" "$cmd" -j 1 "$@" ${file:+"$file"} > "$tmp/out1" 2> "$tmp/err1"
    echo $? > "$tmp/st1"
    for j in 2 3; do
        "$medcalc" "$cmd" -j $j "$@" ${file:+"$file"} > "$tmp/out$j" 2> "$tmp/err$j"
        echo $? > "$tmp/st$j"
        if cmp -s "$tmp/out1" "$tmp/out$j" && cmp -s "$tmp/err1" "$tmp/err$j" &&
           cmp -s "$tmp/st1" "$tmp/st$j"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL $cmd -j $j $* $file: differs from -j 1" >&2
            cmp "$tmp/out1" "$tmp/out$j" >&2
            diff "$tmp/err1" "$tmp/err$j" | head -5 >&2
        fi
    done
}

# every_form FILE: patients (CSV, JSON, daily) and report (CSV, JSON, text, HTML).
every_form() {
    same_cmd patients "$1"
    same_cmd patients "$1" --format json
    same_cmd patients "$1" --daily
    same_cmd report "$1" --format csv
    same_cmd report "$1" --format json
    same_cmd report "$1" --format text
    same_cmd report "$1" --format html --as-of 2025-12-31
}

for f in $(grep -l patient_id $(find "$root/tests/cli/cases" "$root/tests/data" \
               "$root/tests/fuzz/seeds" "$root/tests/fuzz/regressions" -name '*.csv') | sort); do
    every_form "$f"
done

if [ -z "${CLI_QUICK:-}" ]; then # generated files: make check only
# Generated claims sorted by patient, a few megabytes each (cut about every 128 KiB): rows
# rejected and records nobody owns (no id, too few fields) among them; a first megabyte with no
# patient at all (the header waits for the first patient); CRLF and bare CR line ends; blank
# lines; a patient of 4 MB (longer than a piece may wait: the rest goes to one thread); a quote
# (one thread), also one only megabytes in; and the same rows out of order (read into memory,
# one thread).
python3 - "$tmp" <<'PY'
import random, sys
tmp = sys.argv[1]
rng = random.Random(15)
HEAD = 'patient_id,prescriber_id,pharmacy_id,fill_date,drug,form,strength,unit,quantity,days_supply\n'
DRUGS = ['oxycodone,tablet,10,mg', 'morphine,tablet,15,mg', 'fentanyl,patch,25,mcg/hr',
         'methadone,,10,mg', 'hydrocodone/apap,,10/325,mg', 'alprazolam,,1,mg',
         'tramadol,,50,mg', 'oxycodone,,ten,mg', 'nosuchdrug,,5,mg']

def fill(p, k, pre=None):
    d = DRUGS[(p * 7 + k) % len(DRUGS)]
    return 'P%07d,D%03d,R%02d,2025-%02d-%02d,%s,%d,%d\n' % (
        p, pre if pre is not None else (p + k) % 150, k % 9, 1 + k % 12, 1 + (p + k) % 28, d,
        30 + k % 90, 30)

def claims(name, size=2_500_000, first=None, lines=None, per=lambda p: 1 + p % 9):
    out, n, p = [HEAD], len(HEAD), 0
    while n < size:
        if first is not None and n < first:
            line = ',D1,R1,2025-01-01,oxycodone,,10,mg,90,30\n'  # no patient_id
        else:
            p += 1
            line = ''.join(fill(p, k) for k in range(per(p)))
            if lines:
                line = lines(p, line)
        out.append(line)
        n += len(line)
    open('%s/%s.csv' % (tmp, name), 'wb').write(''.join(out).encode('latin-1'))
    return out

rows = claims('claims', lines=lambda p, l: l + ('P%07d,D1\n' % p if p % 97 == 0 else '') +
              (',,,,,,,,,\n' if p % 89 == 0 else ''))
claims('nobody-first', first=1_200_000)
claims('crlf', lines=lambda p, l: l.replace('\n', '\r\n'))
claims('cr', lines=lambda p, l: l.replace('\n', '\r') if p % 50 == 0 else l)
claims('blank', lines=lambda p, l: l + ('\n' if p % 11 == 0 else ''))
claims('big-patient', size=6_000_000, per=lambda p: 70000 if p == 300 else 1 + p % 9)
claims('quoted', lines=lambda p, l: l.replace(',D', ',"D', 1).replace(',R', '",R', 1)
       if p % 40 == 0 else l)
# one quoted record only, megabytes in: the order check, read in spans, must still see it
claims('late-quote', lines=lambda p, l: l.replace(',D', ',"D', 1).replace(',R', '",R', 1)
       if p == 6500 else l)
body = rows[1:]
rng.shuffle(body)
open('%s/shuffled.csv' % tmp, 'w').write(HEAD + ''.join(body))
PY
every_form "$tmp/claims.csv"
for f in nobody-first crlf cr blank big-patient quoted late-quote shuffled; do
    same_cmd patients "$tmp/$f.csv"
    same_cmd report "$tmp/$f.csv" --format json
done
# Care events (issue 14): every patient's events given by whichever thread reads the patient,
# and the practice's care and quality measures merged exactly (a bad row too).
awk -F, 'NR == 1 { print "patient_id,date,event"; next }
         $1 != last { last = $1; n++; print $1 "," $4 ",review"; if (n % 3 == 0) print $1 "," $4 ",uds" }
         END { print "P1,2025-02-30,review" }' "$tmp/claims.csv" > "$tmp/events.csv"
same_cmd patients "$tmp/claims.csv" --events "$tmp/events.csv"
same_cmd report "$tmp/claims.csv" --events "$tmp/events.csv" --format json
# ER/LA new starts (methadone and fentanyl patches among the generated drugs) are merged too: the
# practice's numerator, from -j 3, is not zero (the comparison above then means something).
"$medcalc" report -j 3 --format json "$tmp/claims.csv" 2>/dev/null |
    grep -o '"practice":{.*' | grep -o '"new_start_er_la":{"numerator":[0-9]*' > "$tmp/erla"
if grep -q '"numerator":[1-9]' "$tmp/erla"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL report -j 3: no ER/LA new start in the generated claims" >&2
fi
# Standard input, from a pipe, and the summary saying what was done.
for j in 1 2; do
    cat "$tmp/claims.csv" | "$medcalc" patients -j $j - > "$tmp/pipe$j" 2> "$tmp/perr$j"
done
if cmp -s "$tmp/pipe1" "$tmp/pipe2" && cmp -s "$tmp/perr1" "$tmp/perr2"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL patients -j 2 - (standard input) differs from -j 1" >&2
fi
# The test means something: many patients, rows not used and records nobody owns.
if [ "$(wc -l < "$tmp/pipe1")" -gt 5000 ] && grep -q 'row not used' "$tmp/perr1" &&
   grep -q 'record not attributed' "$tmp/perr1"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL the generated claims are too small to test the cuts" >&2
fi
fi # CLI_QUICK

# --- agree, compare --batch and vectors: -j 2 and -j 3 against -j 1 --------------------------
# agree: every input of the tests with a reported or expected value, in every output form
# (--sites reads with one thread whatever -j says: the same output); compare --batch: every
# input with a regimen or drug column; vectors: every table and method. Then generated files of
# 1.3 MB (cut about every 128 KiB: ten pieces; agree checks each row under every table, so
# bigger files only make the test slow): sites, values that agree or not, rows that cannot
# be read, quoted fields holding commas and line ends; one damaged (a quote left open: the rest
# is read by one reader); and standard input.
tests_csv=$(find "$root/tests/cli/cases" "$root/tests/data" "$root/tests/fuzz/seeds" \
                 "$root/tests/fuzz/regressions" "$root/tests/vectors" -name '*.csv' | sort)
for f in $(grep -l 'reported_mme\|expected_mme' $tests_csv); do
    for form in csv json text; do
        same_cmd agree "$f" --format "$form"
    done
    same_cmd agree "$f" --sites
done
for f in $(grep -l 'regimen\|drug' $tests_csv); do
    same_cmd compare "" --batch "$f"
    same_cmd compare "" --batch "$f" --format json
done
for args in "" "--method supply" "--table cdc-2022" "--table $root/tests/data/valid/minimal.yaml"; do
    # $args split on purpose; the file operand is empty (vectors takes none)
    "$medcalc" vectors -j 1 $args > "$tmp/out1" 2> "$tmp/err1"; echo $? > "$tmp/st1"
    for j in 2 3; do
        "$medcalc" vectors -j $j $args > "$tmp/out$j" 2> "$tmp/err$j"; echo $? > "$tmp/st$j"
        if cmp -s "$tmp/out1" "$tmp/out$j" && cmp -s "$tmp/err1" "$tmp/err$j" &&
           cmp -s "$tmp/st1" "$tmp/st$j" && [ "$(wc -l < "$tmp/out1")" -gt 10 ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1)); echo "FAIL vectors -j $j $args: differs from -j 1" >&2
        fi
    done
done

if [ -z "${CLI_QUICK:-}" ]; then # generated files: make check only
python3 - "$tmp" <<'PY'
import random, sys
tmp = sys.argv[1]
rng = random.Random(15)
REGS = ['oxycodone 10 mg q6h', 'morphine 30 mg q12h', 'fentanyl 25 mcg/hr patch q72h',
        'methadone 10 mg q8h', 'hydrocodone 10 mg q4h prn', 'nosuchdrug 5 mg q6h',
        '"oxycodone, 5 mg\nq6h"', 'alprazolam 1 mg q8h']
VALUES = ['60', '90', '45', '60.04', '', 'excluded', 'not_opioid', 'x', '0']

def write(name, size=1_300_000, damaged=None):
    out, n, i = ['site,regimen,reported_mme\n'], 0, 0
    while n < size:
        line = 'S%d,%s,%s\n' % (rng.randrange(60), REGS[i % len(REGS)], rng.choice(VALUES))
        if i % 997 == 0:
            line = 'S1,only two fields\n'
        if i == damaged:
            line = 'S2,"never closed,60\n'
        out.append(line)
        n += len(line)
        i += 1
    open('%s/%s.csv' % (tmp, name), 'w').write(''.join(out))

write('agree')
write('agree-damaged', damaged=20000)
# compare computes every row under every table: cut once, before its damage
write('compare', size=1_300_000, damaged=36000)
PY
for form in csv text; do
    same_cmd agree "$tmp/agree.csv" --format "$form"
done
same_cmd agree "$tmp/agree-damaged.csv"
same_cmd compare "" --batch "$tmp/compare.csv"
for j in 1 2; do
    cat "$tmp/agree.csv" | "$medcalc" agree -j $j - > "$tmp/pipe$j" 2> "$tmp/perr$j"
    echo $? >> "$tmp/perr$j"
done
if cmp -s "$tmp/pipe1" "$tmp/pipe2" && cmp -s "$tmp/perr1" "$tmp/perr2"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL agree -j 2 - (standard input) differs from -j 1" >&2
fi
# A full disk: the same message and exit status (4) whatever -j is.
if [ -w /dev/full ]; then
    for cmd in "agree $tmp/agree.csv" "compare --batch $tmp/compare.csv"; do
        $medcalc $cmd -j 1 > /dev/full 2> "$tmp/ferr1"
        $medcalc $cmd -j 1 > /dev/full 2> /dev/null; echo $? >> "$tmp/ferr1"
        $medcalc $cmd -j 2 > /dev/full 2> "$tmp/ferr2"
        $medcalc $cmd -j 2 > /dev/full 2> /dev/null; echo $? >> "$tmp/ferr2"
        if cmp -s "$tmp/ferr1" "$tmp/ferr2" && [ "$(tail -n 1 "$tmp/ferr2")" = 4 ] &&
           grep -q 'writing standard output failed: No space left on device' "$tmp/ferr2"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1)); echo "FAIL $cmd -j 2 > /dev/full differs from -j 1" >&2
        fi
    done
fi
# The test means something: many rows, disagreements of several causes, a summary of 60 sites.
if [ "$(wc -l < "$tmp/pipe1")" -gt 30000 ] && grep -q ',no,input,' "$tmp/pipe1" &&
   grep -q ',no,unexplained,' "$tmp/pipe1" && [ "$(grep -c '^  S' "$tmp/perr1")" -eq 60 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL the generated agree input is too small to test the cuts" >&2
fi
fi # CLI_QUICK

echo "threads cli tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
