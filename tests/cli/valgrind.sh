#!/bin/sh
# The CLI tests with medcalc under valgrind memcheck: every invocation runs through a wrapper
# that logs memcheck's reports (invalid reads and writes, uninitialised values, leaks of any
# kind) to a file per process; any report fails the run. The million-row batch is left out
# (CLI_QUICK=1); property.sh runs 10 trials.
# usage: tests/cli/valgrind.sh path/to/medcalc [SCRIPT...]   (default: every CLI test script)
medcalc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
scripts=${*:-run.sh golden.sh patients.sh html.sh agree.sh limits.sh property.sh}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/logs" "$tmp/bin"
cat > "$tmp/bin/medcalc" <<SH
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=all \\
    --errors-for-leak-kinds=all --log-file="$tmp/logs/vg.%p" "$medcalc" "\$@"
SH
chmod +x "$tmp/bin/medcalc"
fail=0
for t in $scripts; do
    [ -f "$here/$t" ] || continue
    began=$(date +%s)
    if [ "$t" = property.sh ]; then
        sh "$here/$t" "$tmp/bin/medcalc" 10 || fail=1
    else
        CLI_QUICK=1 sh "$here/$t" "$tmp/bin/medcalc" || fail=1
    fi
    echo "  ($t under valgrind: $(($(date +%s) - began)) s)"
done
runs=$(ls "$tmp/logs" | wc -l)
reports=0
for f in "$tmp"/logs/vg.*; do
    [ -s "$f" ] || continue
    reports=$((reports + 1))
    [ "$reports" -le 3 ] && { echo "valgrind report:" >&2; head -40 "$f" >&2; }
done
echo "valgrind: $runs runs of medcalc, $reports with memcheck reports"
[ "$fail" = 0 ] && [ "$reports" = 0 ]
