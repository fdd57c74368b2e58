#!/bin/sh
# Limits and hostile input, as the README's "Reliability" section states them: each gets a clear,
# located message and an exit status, never a crash, a hang or unbounded memory. `timeout` only
# guards against a hang (no timing goal is tested); memory is checked where a limit promises it.
# usage: tests/cli/limits.sh path/to/medcalc
medcalc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*" >&2; }
equal() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
# has NAME WHERE TEXT: WHERE (out, err, or a value) contains TEXT
has() {
    case "$2" in out) v=$out ;; err) v=$err ;; *) v=$2 ;; esac
    case "$v" in *"$3"*) ok ;; *) bad "$1: lacks '$3' in: $(printf '%s' "$v" | head -c 600)" ;; esac
}

# run NAME WANT_STATUS ARGS...: medcalc with stdout in $out, stderr in $err, a hang guard.
run() {
    name=$1 want=$2
    shift 2
    timeout 300 "$medcalc" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    out=$(cat "$tmp/out") err=$(cat "$tmp/err")
    if [ "$got" = "$want" ]; then ok; else bad "$name: exit $got, want $want; stderr: $(head -c 400 "$tmp/err")"; fi
}
# rows FILE: data rows of a CSV output (lines after the header; no field here spans lines)
rows() { tail -n +2 "$1" | wc -l | tr -d ' '; }

py() { python3 - "$tmp" "$@"; }

# --- CSV input: records, fields, bytes ------------------------------------------------------------
py <<'PY'
import sys
d = sys.argv[1]
hdr = b'id,drug,strength,unit,quantity,days_supply\n'
def row(i, drug=b'oxycodone'):
    return b'%d,%s,10,mg,120,30\n' % (i, drug)
def write(name, data):
    open(d + '/' + name, 'wb').write(data)
write('longline.csv', hdr + row(1) + b'2,' + b'x' * (10 << 20) + b',10,mg,120,30\n' + row(3))
write('record-limit.csv', hdr + row(1) + b'2,' + b'x' * ((1 << 20) - 16) + b',10,mg,1,1\n' + row(3))
write('fields.csv', hdr + row(1) + b'2' + b',x' * 1100 + b'\n' + row(3))
extra = b''.join(b',c%d' % i for i in range(1018))
write('fields-1024.csv', hdr.rstrip(b'\n') + extra + b'\n' + row(1).rstrip(b'\n') + b',' * 1018 + b'\n')
write('nul.csv', hdr + row(1) + b'2,oxy\0codone,10,mg,120,30\n' + row(3))
write('bom.csv', b'\xef\xbb\xbf' + hdr + row(1))
write('lf.csv', hdr + row(1) + row(2, b'morphine') + b'3,"fentanyl",25,mcg/hr,10,30\n')
write('crlf.csv', open(d + '/lf.csv', 'rb').read().replace(b'\n', b'\r\n'))
write('cr.csv', open(d + '/lf.csv', 'rb').read().replace(b'\n', b'\r'))
write('truncated.csv', hdr + row(1) + b'2,oxycodone,10,mg,120,30')
write('quote.csv', hdr + row(1) + b'2,"oxycodone,10,mg,120,30\n' + row(3) + row(4))
write('stray.csv', hdr + row(1) + b'2,oxy"codone,10,mg,120,30\n' + row(3))
write('latin1.csv', hdr + b'1,oxycod\xf3ne,10,mg,120,30\n2,\xff\xfe,10,mg,120,30\n' +
      b'3,oxycodone,10,mg,120,30\n'.replace(b'3,', b'3\xe9,'))
PY

# A 10 MB line is one error row at the byte past the limit; the buffer stays bounded.
run long-line 1 batch -q "$tmp/longline.csv"
equal long-line-rows "$(rows "$tmp/out")" 3
has long-line out ',error,"line 3, column 1048577: record longer than 1048576 bytes'
has long-line out "3,oxycodone,10,mg,120,30,60,1.5,ok,"
# Memory: the reader holds at most one record (1 MiB) and a read; ASan builds (which keep freed
# memory in quarantine) are allowed more. The figure is the peak resident size of the process.
# (Not when medcalc is a wrapper script, as under make valgrind.)
if head -c 4 "$medcalc" | grep -q ELF && /usr/bin/time -f %M true >/dev/null 2>&1; then
    /usr/bin/time -f %M -o "$tmp/rss" "$medcalc" batch -q "$tmp/longline.csv" >/dev/null 2>&1
    limit=64000
    nm "$medcalc" 2>/dev/null | grep -q __asan_init && limit=512000
    rss=$(tail -1 "$tmp/rss")
    if [ "$rss" -lt "$limit" ]; then ok; else bad "long-line: peak RSS ${rss} KB over ${limit} KB"; fi
fi
run record-limit 1 batch -q "$tmp/record-limit.csv"
equal record-limit-rows "$(rows "$tmp/out")" 3
has record-limit out ",error,column drug is longer than 1024 bytes (the most a field may hold)"
# An rxcui field: too long (refused by name, like any field), or not an RxCUI (a row error
# naming the value); each row still gives one result.
{ echo "rxcui,quantity,days_supply"; printf '%01100d,60,30\n' 7; echo "12345678901,60,30"
  echo "-5,60,30"; echo "245134,60,30"; } > "$tmp/rxcui-limits.csv"
run rxcui-limits 1 batch -q "$tmp/rxcui-limits.csv"
equal rxcui-limits-rows "$(rows "$tmp/out")" 4
has rxcui-limits out ",error,column rxcui is longer than 1024 bytes (the most a field may hold)"
has rxcui-limits out "12345678901,60,30,,,error,rxcui '12345678901' is not an RxCUI: expected 1 to 10 digits"
has rxcui-limits out "-5,60,30,,,error,rxcui '-5' is not an RxCUI"
has rxcui-limits out "245134,60,30,360,7.2,ok,rxcui 245134 (rxnorm-omtk@1): fentanyl patch 25 mcg/hr"
run fields 1 batch -q "$tmp/fields.csv"
equal fields-rows "$(rows "$tmp/out")" 3
has fields out "line 3, column 2049: record has more than 1024 fields"
run fields-1024 0 batch -q "$tmp/fields-1024.csv"
has fields-1024 out ",60,1.5,ok,"
run nul 1 batch -q "$tmp/nul.csv"
equal nul-rows "$(rows "$tmp/out")" 3
has nul out ',error,"line 3, column 6: NUL byte in record"'
has nul out "3,oxycodone,10,mg,120,30,60,1.5,ok,"
run bom 0 batch -q "$tmp/bom.csv"
has bom out "1,oxycodone,10,mg,120,30,60,1.5,ok,"
run lf 0 batch -q "$tmp/lf.csv"
lf=$out
run crlf 0 batch -q "$tmp/crlf.csv"
equal crlf-same "$out" "$lf"
run cr 0 batch -q "$tmp/cr.csv"
equal cr-same "$out" "$lf"
run truncated 0 batch -q "$tmp/truncated.csv"
has truncated out "2,oxycodone,10,mg,120,30,60,1.5,ok,"
# An unterminated quote is reported where it opened; the lines it swallowed are read again.
run quote 1 batch -q "$tmp/quote.csv"
equal quote-rows "$(rows "$tmp/out")" 4
has quote out 'line 3, column 3: unterminated quoted field opened at line 3 column 3'
has quote out "4,oxycodone,10,mg,120,30,60,1.5,ok,"
run stray-quote 1 batch -q "$tmp/stray.csv"
has stray-quote out 'line 3, column 6: quote inside an unquoted field'
equal stray-quote-rows "$(rows "$tmp/out")" 3

# Bytes that are not UTF-8 pass through CSV as they are, and JSON output stays valid JSON.
run latin1 1 batch -q "$tmp/latin1.csv"
equal latin1-rows "$(rows "$tmp/out")" 3
run latin1-json 1 batch -q --format json "$tmp/latin1.csv"
py <<'PY' && ok || bad "latin1-json: not valid UTF-8 JSON"
import json, sys
lines = open(sys.argv[1] + '/out', 'rb').read().decode('utf-8').splitlines()
rows = [json.loads(l) for l in lines]
assert len(rows) == 3 and rows[0]['drug'] == 'oxycod\ufffdne', rows
assert rows[2]['id'] == '3\ufffd' and rows[2]['status'] == 'ok', rows[2]
PY
run latin1-calc 1 --format json "oxycod$(printf '\363')ne 10 mg q6h"
py <<'PY' && ok || bad "latin1-calc: not valid UTF-8 JSON"
import json, sys
json.loads(open(sys.argv[1] + '/out', 'rb').read().decode('utf-8'))
PY

# --- the route and substance columns, and unit lists: bounded, every row answered -----------------
py <<'PY'
import sys
d = sys.argv[1]
hdr = b'id,drug,form,route,strength,unit,quantity,days_supply\n'
rows = [b'1,oxycodone,TABLET,ORAL,10,mg/1,120,30',
        b'2,oxycodone,TABLET,' + b'R' * 2000 + b',10,mg,120,30',
        b'3,oxycodone,TABLET,' + b'ORAL;' * 200 + b',10,mg,120,30',
        b'4,oxycodone,TABLET,' + b';' * 1000 + b',10,mg,120,30',
        b'5,oxycodone,TABLET,' + b'X' * 63 + b',10,mg,120,30',
        b'6,oxycodone,TABLET,ORAL,10,' + b'mg/1; ' * 150 + b',120,30',
        b'7,oxycodone,TABLET,ORAL,' + b'1;' * 20 + b'1,mg,120,30',
        b'8,fentanyl,SPRAY,NASAL; ORAL,100,ug/1,60,30',
        b'9,oxycodone,TABLET,ORAL,10,mg,120,30']
open(d + '/route.csv', 'wb').write(hdr + b'\n'.join(rows) + b'\n')
PY
run route 1 batch -q "$tmp/route.csv"
equal route-rows "$(rows "$tmp/out")" 9
has route out "1,oxycodone,TABLET,ORAL,10,mg/1,120,30,60,1.5,ok,"
has route out ",error,column route is longer than 1024 bytes (the most a field may hold)"
has route out "3,oxycodone,TABLET,ORAL;"
has route out ",60,1.5,ok,"
has route out ",error,\"unknown route 'XXX"
has route out "has 21 parts but 'oxycodone' has 1 ingredients"
has route out ",error,column unit is longer than 63 bytes (the most it may hold)"
has route out "allows both nasal-spray and oral-spray"
has route out "9,oxycodone,TABLET,ORAL,10,mg,120,30,60,1.5,ok,"

# --- numbers: each field's range, no NaN, infinity, sign, exponent -------------------------------
cat > "$tmp/numbers.csv" <<'CSV'
id,drug,strength,unit,quantity,days_supply
1,oxycodone,10,mg,120,30
2,oxycodone,10,mg,0,30
3,oxycodone,10,mg,-1,30
4,oxycodone,10,mg,nan,30
5,oxycodone,10,mg,inf,30
6,oxycodone,10,mg,1e3,30
7,oxycodone,10,mg,100000,30
8,oxycodone,10,mg,100000.01,30
9,oxycodone,10,mg,120,0
10,oxycodone,10,mg,120,3661
11,oxycodone,100001,mg,120,30
12,oxycodone,0,mg,120,30
13,oxycodone,99999999999999999999,mg,120,30
14,oxycodone,0x10,mg,120,30
15,oxycodone,.5,mg,120,30
16,oxycodone,10,mg,120,3660
17,oxycodone,10,mg,120,0.5
CSV
run numbers 1 batch -q "$tmp/numbers.csv"
equal numbers-rows "$(rows "$tmp/out")" 17
has numbers out "2,oxycodone,10,mg,0,30,,,error,quantity '0' is out of range: expected more than 0 and at most 100000"
has numbers out "3,oxycodone,10,mg,-1,30,,,error,quantity '-1' is not a plain number"
has numbers out "4,oxycodone,10,mg,nan,30,,,error,quantity 'nan' is not a plain number"
has numbers out "5,oxycodone,10,mg,inf,30,,,error,quantity 'inf' is not a plain number"
has numbers out "6,oxycodone,10,mg,1e3,30,,,error,quantity '1e3' is not a plain number"
has numbers out "7,oxycodone,10,mg,100000,30,50000,1.5,ok,"
has numbers out "8,oxycodone,10,mg,100000.01,30,,,error,quantity '100000.01' is out of range"
has numbers out "9,oxycodone,10,mg,120,0,,,error,days_supply '0' is out of range: expected more than 0 and at most 3660"
has numbers out "10,oxycodone,10,mg,120,3661,,,error,days_supply '3661' is out of range"
has numbers out "11,oxycodone,100001,mg,120,30,,,error,strength '100001' is out of range"
has numbers out "12,oxycodone,0,mg,120,30,,,error,strength '0' is out of range"
has numbers out "13,oxycodone,99999999999999999999,mg,120,30,,,error,strength '99999999999999999999' is not a plain number"
has numbers out "14,oxycodone,0x10,mg,120,30,,,error,strength '0x10' is not a plain number"
has numbers out "15,oxycodone,.5,mg,120,30,,,error,strength '.5' is not a plain number"
has numbers out "16,oxycodone,10,mg,120,3660,0.49,1.5,ok,"
cat > "$tmp/regimens.csv" <<CSV
id,regimen
1,oxycodone 10 mg q6h
2,oxycodone 1e308 mg q6h
3,oxycodone 10 mg q0h
4,oxycodone 100001 mg q6h
5,oxycodone 10 mg 97 times daily
6,oxycodone $(printf '%01100d' 0) mg q6h
7,oxycodone 10 mg q2161h
CSV
run regimen-numbers 1 batch -q "$tmp/regimens.csv"
equal regimen-numbers-rows "$(rows "$tmp/out")" 7
has regimen-numbers out "1,oxycodone 10 mg q6h,60,1.5,ok,"
for i in 2 3 4 5 6 7; do has "regimen-$i" out "
$i,"; done
equal regimen-number-errors "$(grep -c ',error,' "$tmp/out")" 6
run regimen-long 1 "oxycodone 10 mg q6h $(printf '%01000d' 0)"
has regimen-long out "error: column 1001: the regimen is longer than 1000 bytes"

# --- dates and days supply of fills (patients) -------------------------------------------------------
cat > "$tmp/dates.csv" <<'CSV'
patient_id,fill_date,days_supply,drug,strength,unit,quantity
A,1899-12-31,30,oxycodone,10,mg,120
A,2200-01-01,30,oxycodone,10,mg,120
A,2025-02-29,30,oxycodone,10,mg,120
A,2024-02-29,30,oxycodone,10,mg,120
A,2024-03-01,0,oxycodone,10,mg,120
A,2024-03-01,3661,oxycodone,10,mg,120
A,2024-03-01,7.5,oxycodone,10,mg,120
B,1900-01-01,3660,morphine,10,mg,120
B,2199-12-31,1,morphine,10,mg,120
CSV
run dates 1 patients "$tmp/dates.csv"
has dates err "dates.csv:2: patient A: row not used: fill_date '1899-12-31' is not a date written YYYY-MM-DD (1900-2199)"
has dates err "dates.csv:3: patient A: row not used: fill_date '2200-01-01'"
has dates err "dates.csv:4: patient A: row not used: fill_date '2025-02-29'"
has dates err "dates.csv:6: patient A: row not used: days_supply '0' is out of range"
has dates err "dates.csv:7: patient A: row not used: days_supply '3661' is out of range"
has dates err "dates.csv:8: patient A: row not used: days_supply '7.5'"
has dates err "9 records, 2 patients, 6 rows not used, 0 records not attributed"
has dates out "A,2024-02-29,2024-03-29,30,30,60,"
# The widest span the dates allow (1900-01-01 to 2199-12-31, 109573 days) is one patient.
has dates out "B,1900-01-01,2199-12-31,109573,3661,"
# Early refills shifted forward can push a patient past the longest series (120000 days): that
# patient is reported, its records counted as not attributed, and the next patients go on.
{
    echo "patient_id,fill_date,days_supply,drug,strength,unit,quantity"
    echo "A,2025-01-01,30,oxycodone,10,mg,120"
    echo "E,1900-01-01,3660,morphine,30,mg,60"
    for i in 1 2 3 4 5; do echo "E,2199-12-31,3660,morphine,30,mg,60"; done
    echo "F,2025-01-01,30,oxycodone,10,mg,120"
} > "$tmp/span.csv"
for cmd in patients report; do
    run "span-$cmd" 1 $cmd --shift-early-refills "$tmp/span.csv"
    has "span-$cmd" err "span.csv: patient E: not summarised: with early refills shifted, the fills span more than 120000 days; its 6 records are not attributed"
done
run span-patients 1 patients --shift-early-refills "$tmp/span.csv"
has span-summary err "8 records, 2 patients, 0 rows not used, 6 records not attributed"
equal span-rows "$(printf '%s\n' "$out" | cut -d, -f1 | tr '\n' ' ')" "patient_id A F "
# An interval under a quarter hour is more than 96 doses a day: the row is an error, like "100
# times a day", never a number (q0.1h would be 240 doses a day, 3600 MME/day). A day's total past
# what 64-bit hundredths hold cannot then be reached from a file of any sane size; the library's
# guard has its unit test (test_patient totals_too_large_to_hold).
{
    echo "patient_id,fill_date,days_supply,regimen"
    echo "G,2025-01-01,30,oxycodone 10 mg q0.1h"
    echo "H,2025-01-01,30,morphine 10 mg q6h"
} > "$tmp/huge.csv"
for cmd in patients report; do
    run "short-interval-$cmd" 1 $cmd "$tmp/huge.csv"
    has "short-interval-$cmd" err "interval (hours) '0.1' is out of range: expected at least 0.25"
done
run short-interval-patients 1 patients "$tmp/huge.csv"
# G is listed with its one row rejected (rows 1, rows_rejected 1) and no first day
equal short-interval-rows "$(printf '%s\n' "$out" | grep '^G,' | cut -d, -f2,20,21)" ",1,1"
run short-interval-one-off 1 "oxycodone 10 mg q0.1h"
has short-interval-one-off out "interval (hours) '0.1' is out of range"
run as-of-bad 2 patients --as-of 2025-13-01 "$tmp/dates.csv"
has as-of-bad err "2025-13-01"

# --- tables given by path are untrusted -----------------------------------------------------------------
mkdir "$tmp/dir"
ln -s dir "$tmp/todir.yaml"
ln -s nowhere.yaml "$tmp/dangling.yaml"
ln -s loop2.yaml "$tmp/loop1.yaml"
ln -s loop1.yaml "$tmp/loop2.yaml"
mkfifo "$tmp/fifo.yaml" 2>/dev/null
py <<'PY'
import sys
d = sys.argv[1]
def write(name, text):
    open(d + '/' + name, 'wb').write(text if isinstance(text, bytes) else text.encode())
head = 'id: t\nversion: "1"\ntitle: t\nguideline: g\nsource: s\neffective: 2022-01-01\n'
# Billion laughs: nine levels of aliases, each nine times the one before.
lol = head + 'notes: &a0 "lol"\n' + ''.join(
    'n%d: &a%d [%s]\n' % (i, i, ','.join(['*a%d' % (i - 1)] * 9)) for i in range(1, 10))
write('laughs.yaml', lol)
write('flow-deep.yaml', head + 'notes: ' + '[' * 100000 + ']' * 100000 + '\n')
write('block-deep.yaml', head + ''.join('  ' * i + 'k%d:\n' % i for i in range(40)))
write('big.yaml', '# ' + 'x' * ((16 << 20) + 1) + '\n')
write('nodes.yaml', head + 'notes:\n' + '- 1\n' * 1000001)
write('keys.yaml', head + 'notes:\n' + ''.join('  k%d: 1\n' % i for i in range(1025)))
keys = ''.join('  k%04d: 1\n' % i for i in range(1023))
write('many-mappings.yaml', head + 'notes:\n' + ('-\n' + keys) * 480)
write('nul.yaml', head.encode() + b'notes: a\0b\n')
write('latin1.yaml', head.encode() + b'notes: caf\xe9\n')
write('huge-factor.yaml', head + 'factors:\n  - {ingredient: oxycodone, unit: mg, factor: 999999999999999999}\n'
      'thresholds:\n  - {mme: 90, comparator: ">=", level: high, summary: a, summarises: s}\n')
PY
table() { # table NAME FILE WANT_TEXT: --table FILE refused (exit 3) with WANT_TEXT
    run "table-$1" 3 --table "$2" "oxycodone 10 mg q6h"
    has "table-$1" err "$3"
    run "check-$1" 3 tables check "$2"
}
table dir "$tmp/dir/" "is a directory"
table symlink-dir "$tmp/todir.yaml" "todir.yaml: is a directory"
table dangling "$tmp/dangling.yaml" "dangling.yaml: cannot open the table file: No such file or directory"
table loop "$tmp/loop1.yaml" "loop1.yaml: cannot open the table file: Too many levels of symbolic links"
[ -p "$tmp/fifo.yaml" ] && table fifo "$tmp/fifo.yaml" "is not a regular file"
table dev-zero /dev/zero "is not a regular file"
table dev-null /dev/null "is not a regular file"
table billion-laughs "$tmp/laughs.yaml" "laughs.yaml:7:8: YAML anchors (&name) are not allowed"
table flow-deep "$tmp/flow-deep.yaml" "flow-deep.yaml:7:39: YAML nested too deeply (limit 32 levels)"
table block-deep "$tmp/block-deep.yaml" "YAML nested too deeply (limit 32 levels)"
table big "$tmp/big.yaml" "file is 16777220 bytes; a table may be at most 16777216 bytes"
table nodes "$tmp/nodes.yaml" "too many YAML nodes (limit 1000000)"
table keys "$tmp/keys.yaml" "keys.yaml:1032:3: too many keys in one mapping"
table many-mappings "$tmp/many-mappings.yaml" "'notes' must be a single value"
table nul "$tmp/nul.yaml" "NUL byte in the file"
table latin1 "$tmp/latin1.yaml" "latin1.yaml:7:11: YAML syntax: incomplete UTF-8 octet sequence: a table is UTF-8 text"
table huge-factor "$tmp/huge-factor.yaml" "huge-factor.yaml:8:47: factor 999999999999999999 is above 1000"

# --- one patient's many regimens ---------------------------------------------------------------------
# 10,000 regimens in one one-off are all reported, each in its place, with their total, in text
# and JSON. (Each regimen's texts once asked the library to compute the whole set again, six
# times a regimen: 10,000 took over ten minutes. `timeout` is a hang guard, not a goal.)
problems=$(py "$medcalc" <<'PY'
import json, subprocess, sys
medcalc = sys.argv[2]
regimens = ['oxycodone 10 mg q6h', 'morphine 15 mg q4h'] * 5000
def medcalc_run(*args):
    p = subprocess.run(['timeout', '300', medcalc, *args, *regimens], capture_output=True)
    if p.returncode != 0:
        print('exit %d: %s' % (p.returncode, p.stderr[:400]))
    return p.stdout.decode()
doc = json.loads(medcalc_run('--format', 'json'))
got = [(r['input'], r['status'], r['mme_per_day']) for r in doc['regimens']]
want = [(r, 'ok', 60 if r.startswith('oxy') else 90) for r in regimens]
if got != want:
    print('json regimens differ: %d of %d' % (len(got), len(want)))
if (doc['total_mme_per_day'], doc['complete']) != (750000, True):
    print('json total: %r, complete %r' % (doc['total_mme_per_day'], doc['complete']))
text = medcalc_run()
lines = text.split('\n')
if lines.count('  oxycodone: 10 mg x 4/day = 40 mg/day x 1.5 = 60 MME/day') != 5000 or \
   lines.count('  morphine: 15 mg x 6/day = 90 mg/day x 1 = 90 MME/day') != 5000:
    print('text: the regimens are not all there')
if 'total: 750000 MME/day' not in lines:
    print('text: no total of 750000: %s' % text[-600:])
PY
)
equal many-regimens "$problems" ""

# --- output that cannot be written --------------------------------------------------------------------
if [ -w /dev/full ]; then
    printf 'patient_id,fill_date,days_supply,drug,strength,unit,quantity\nA,2024-03-01,30,oxycodone,10,mg,120\n' > "$tmp/fills.csv"
    for cmd in "batch $tmp/fills.csv" "patients $tmp/fills.csv" "patients --daily $tmp/fills.csv" \
               "report $tmp/fills.csv" "report --format json $tmp/fills.csv" "tables" "vectors" \
               "oxycodone 10 mg q6h" "compare oxycodone 10 mg q6h"; do
        # shellcheck disable=SC2086
        run "full: $cmd" 4 $cmd -o /dev/full
        has "full: $cmd" err "/dev/full failed: No space left on device"
        # shellcheck disable=SC2086
        timeout 300 "$medcalc" $cmd > /dev/full 2>"$tmp/err"
        equal "stdout full: $cmd" "$?" 4
        has "stdout full: $cmd" "$(cat "$tmp/err")" "writing standard output failed: No space left on device"
    done
fi

echo "limits tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
