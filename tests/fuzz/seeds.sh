#!/bin/sh
# Assembles the seed corpora of the fuzz targets from the project's test data, into OUT/<target>:
# the shipped and test tables, the CSV files of the tests, the conformance vectors, and the
# hand-written seeds in tests/fuzz/seeds. usage: tests/fuzz/seeds.sh OUT
set -e
out=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"
for t in table regimen csv batch patients agree ndc fhir; do
    mkdir -p "$out/$t"
    [ -d "$root/tests/fuzz/seeds/$t" ] && cp "$root/tests/fuzz/seeds/$t"/* "$out/$t/" 2>/dev/null || true
done
n=0
for f in "$root"/conversion-tables/*.yaml "$root"/tests/data/valid/*.yaml "$root"/tests/data/invalid/*.yaml; do
    n=$((n + 1)); cp "$f" "$out/table/data-$n.yaml"
done
# CSV files of every kind: claims, regimens, fills, agreement and vectors.
n=0
for f in "$root"/tests/cli/cases/*/*.csv "$root"/tests/data/agree/*.csv "$root"/tests/vectors/*.csv \
         "$root"/tests/fuzz/seeds/batch/* "$root"/tests/fuzz/seeds/patients/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    head -c 8192 "$f" > "$out/csv/data-$n.csv"
    cp "$out/csv/data-$n.csv" "$out/batch/data-$n.csv"
    cp "$out/csv/data-$n.csv" "$out/agree/data-$n.csv"
done
# Regimens: every clinical vector written as an order a clinician types is in seeds/regimen;
# the vectors' drug names make more.
for f in "$root"/tests/vectors/*.csv; do
    awk -F, 'NR > 1 && $4 == "clinical" && $5 != "" {
        s = $5 " " $7 " " $8; if ($11 != "") s = s " q" $11 "h"; if ($12 == "yes") s = s " prn"; print s }' "$f"
done | sort -u | head -300 | awk -v d="$out/regimen" '{ f = sprintf("%s/vec-%03d", d, NR); printf "%s", $0 > f; close(f) }'
# NDC: the head of the shipped list (mode byte 0), codes (1) and descriptions (2).
{ printf '\000'; head -40 "$root/conversion-tables/cdc-ndc-2018.ndc"; } > "$out/ndc/list-head"
awk -F, '/^[0-9]/ && NR % 997 == 0 { print $1 }' "$root/conversion-tables/cdc-ndc-2018.ndc" | head -40 |
    awk -v d="$out/ndc" '{ f = sprintf("%s/code-%03d", d, NR); printf "\001%s", $0 > f; close(f) }'
# FHIR: the golden cases' JSON, as a document (mode byte 0) and as a bare Dosage (1).
n=0
for f in "$root"/tests/cli/cases/fhir-*/*.json; do
    n=$((n + 1))
    { printf '\000'; cat "$f"; } > "$out/fhir/case-$n.json"
done
# RxNorm: the head of the shipped RxNorm list (mode byte 3), its codes (4), and its names as
# descriptions (2: "72 HR ... MG/HR Transdermal System", "[Brand]", "{...} Pack").
{ printf '\003'; head -40 "$root/conversion-tables/rxnorm-omtk.rxnorm"; } > "$out/ndc/rxnorm-head"
awk -F, '/^[0-9]/ && NR % 37 == 0 { print $1 }' "$root/conversion-tables/rxnorm-omtk.rxnorm" |
    awk -v d="$out/ndc" '{ f = sprintf("%s/rxcui-%03d", d, NR); printf "\004%s", $0 > f; close(f) }'
awk -F, '/^[0-9]/ && NR % 23 == 0 { print $6 }' "$root/conversion-tables/rxnorm-omtk.rxnorm" |
    awk -v d="$out/ndc" '{ f = sprintf("%s/rxname-%03d", d, NR); printf "\002%s", $0 > f; close(f) }'
echo "seeds: $(find "$out" -type f | wc -l) files in $out"
