#!/bin/sh
# Nothing is lost: random bytes of a valid claims file (with a route column) are corrupted (200 deterministic seeds) and
#  - medcalc batch still writes exactly one row per input record, in order (with -j 1, and
#    -j 2 writes the same bytes); every row whose line
#    was not touched is exactly what it was; a line given a byte that cannot be read (a comma, a
#    quote, a NUL) is an error row; the exit status is 1 exactly when some row is an error; the
#    JSON output is one valid JSON object per record;
#  - medcalc patients accounts for every record: the patients' rows plus the records attributed
#    to nobody are the records read, and every patient whose lines were not touched has exactly
#    the row it had (with one --as-of: by default the as-of day is the input's latest fill date,
#    which a corrupted date of another patient may move); -j 2 writes the same bytes as -j 1.
# usage: tests/cli/property.sh path/to/medcalc [TRIALS]
medcalc=$1 trials=${2:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$medcalc" "$tmp" "$trials" <<'PY'
import csv, io, json, random, re, subprocess, sys

medcalc, tmp, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])
fails = []

def run(args, data):
    path = tmp + '/in.csv'
    open(path, 'wb').write(data)
    p = subprocess.run([medcalc] + args + [path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')

def csv_rows(out):
    return list(csv.reader(io.StringIO(out.decode('latin-1'), newline='')))

# drug, form, strength, unit, route (FDA ROUTENAME; "" for none)
DRUGS = [('oxycodone', '', '10', 'mg', 'ORAL'), ('morphine', 'tablet', '15', 'mg', ''),
         ('fentanyl', 'patch', '25', 'mcg/hr', 'TRANSDERMAL'), ('methadone', '', '10', 'mg', ''),
         ('hydrocodone/apap', '', '10/325', 'mg', 'ORAL'), ('alprazolam', '', '1', 'mg', 'ORAL'),
         ('buprenorphine', 'film', '8', 'mg', 'BUCCAL'), ('tramadol', '', '50', 'mg', ''),
         ('MORPHINE SULFATE', 'SOLUTION', '100', 'mg/5mL', 'ORAL')]

def claims():
    lines = [b'id,drug,form,strength,unit,route,quantity,days_supply\n']
    for i in range(40):
        d, f, s, u, r = DRUGS[i % len(DRUGS)]
        lines.append(('%d,%s,%s,%s,%s,%s,%d,%d\n' % (i + 1, d, f, s, u, r, 30 + i,
                                                   10 + i % 21)).encode())
    return lines

def fills():
    lines = [b'patient_id,prescriber_id,fill_date,days_supply,drug,form,strength,unit,route,'
             b'quantity\n']
    for i in range(40):
        d, f, s, u, r = DRUGS[i % len(DRUGS)]
        lines.append(('P%02d,D%d,2025-%02d-%02d,%d,%s,%s,%s,%s,%s,%d\n' % (
            i // 4, i % 3, 1 + i % 12, 1 + i % 28, 10 + i % 21, d, f, s, u, r, 30 + i)).encode())
    return lines

HARD = [b',', b'"', b'\0']
SOFT = [b'\xff', b'\x80', b'\xe9', b'x', b' ', b'-', b'.', b'9', b'/', b';', b'\t']

def corrupt(lines, rng):
    """Replaces 1-3 bytes of the data lines (never a line end; at most one quote, so that no
    quoted field can span lines). Returns the bytes, the touched line indexes (0 = first data
    line) and the lines that must be errors."""
    data = [bytearray(l) for l in lines]
    touched, hard, quote = {}, set(), False
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(1, len(data))
        j = rng.randrange(0, len(data[i]) - 1)
        pool = HARD + SOFT if not quote else [b',', b'\0'] + SOFT
        c = rng.choice(pool)
        quote = quote or c == b'"'
        if data[i][j] != c[0]:
            touched.setdefault(i - 1, []).append(c in HARD)
        data[i][j] = c[0]
    for i, kinds in touched.items():
        if kinds == [True]:
            hard.add(i)
    return b''.join(data), touched, hard

def check_batch(rng, trial, lines, base):
    data, touched, hard = corrupt(lines, rng)
    rc, out, err = run(['batch', '-q', '-j', '1'], data)
    rows = csv_rows(out)[1:]
    where = 'batch trial %d' % trial
    # Threads change nothing: -j 2 writes the very same bytes and exits the same.
    if run(['batch', '-q', '-j', '2'], data) != (rc, out, err):
        fails.append('%s: -j 2 differs from -j 1' % where)
    if len(rows) != len(lines) - 1:
        return fails.append('%s: %d rows for %d records' % (where, len(rows), len(lines) - 1))
    for i, row in enumerate(rows):
        if i not in touched and row != base[i]:
            fails.append('%s: untouched record %d changed: %r, was %r' % (where, i + 1, row, base[i]))
        if i in hard and row[-2] != 'error':
            fails.append('%s: record %d with an unreadable byte is not an error: %r' % (where, i + 1, row))
    errors = any(r[-2] == 'error' for r in rows)
    if rc != (1 if errors else 0):
        fails.append('%s: exit %d with%s error rows' % (where, rc, '' if errors else ' no'))
    if hard and rc == 0:
        fails.append('%s: exit 0 with an unreadable record' % where)
    if trial % 5 == 0:
        rc2, out, _ = run(['batch', '-q', '--format', 'json'], data)
        try:
            objs = [json.loads(l) for l in out.decode('utf-8').splitlines()]
            if len(objs) != len(lines) - 1 or rc2 != rc:
                fails.append('%s: json: %d rows, exit %d' % (where, len(objs), rc2))
        except ValueError as e:
            fails.append('%s: json output not valid: %s' % (where, e))

SUMMARY = re.compile(r'(\d+) records, (\d+) patients, (\d+) rows not used, (\d+) records not attributed')

def check_patients(rng, trial, lines, base):
    data, touched, hard = corrupt(lines, rng)
    rc, out, err = run(['patients', '--as-of', '2025-12-31', '-j', '1'], data)
    where = 'patients trial %d' % trial
    if run(['patients', '--as-of', '2025-12-31', '-j', '2'], data) != (rc, out, err):
        fails.append('%s: -j 2 differs from -j 1' % where)
    rows = csv_rows(out)
    if rc not in (0, 1) or not rows:
        return fails.append('%s: exit %d: %s' % (where, rc, err[-300:]))
    head, rows = rows[0], rows[1:]
    n = head.index('rows')
    m = SUMMARY.search(err)
    if not m:
        return fails.append('%s: no summary: %s' % (where, err[-300:]))
    records, patients, unused, unattributed = map(int, m.groups())
    counted = sum(int(r[n]) for r in rows)
    if records != len(lines) - 1 or counted + unattributed != records or patients != len(rows):
        fails.append('%s: %d records read of %d, %d in patients + %d not attributed, %d patients '
                     'for %d rows' % (where, records, len(lines) - 1, counted, unattributed,
                                      patients, len(rows)))
    # Patients that no touched line belonged to, before or after the corruption.
    affected = set()
    for i in touched:
        affected.add(lines[i + 1].split(b',')[0].decode('latin-1'))
        affected.add(data.split(b'\n')[i + 1].split(b',')[0].decode('latin-1'))
    got = {r[0]: r for r in rows}
    for pid, row in base.items():
        if pid not in affected and got.get(pid) != row:
            fails.append('%s: untouched patient %s changed: %r, was %r' % (where, pid, got.get(pid), row))
    if (rc != 0) != (unused + unattributed > 0):
        fails.append('%s: exit %d with %d unused and %d unattributed' % (where, rc, unused, unattributed))

c, f = claims(), fills()
rc, out, _ = run(['batch', '-q'], b''.join(c))
base_batch = csv_rows(out)[1:]
assert rc == 0 and len(base_batch) == 40, (rc, len(base_batch))
rc, out, _ = run(['patients', '--as-of', '2025-12-31'], b''.join(f))
base_patients = {r[0]: r for r in csv_rows(out)[1:]}
assert rc == 0 and len(base_patients) == 10, (rc, base_patients)
for trial in range(trials):
    rng = random.Random(trial)
    check_batch(rng, trial, c, base_batch)
    check_patients(rng, trial, f, base_patients)
for line in fails[:20]:
    print('FAIL ' + line, file=sys.stderr)
print('property tests: %d trials of batch and patients, %d failures' % (trials, len(fails)))
sys.exit(1 if fails else 0)
PY
