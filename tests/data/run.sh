#!/bin/sh
# Data-driven cases:
#  valid/*.yaml    must load (medcalc tables check exits 0);
#  invalid/*.yaml  must fail with exit 3 and a message holding the .expected file's
#                  "LINE:COL text" (the location and a fragment of the message);
#  csv/*.csv       medcalc batch output must equal the .expected file exactly and exit with the
#                  status in the .status file (0 when absent). An .args file adds options.
medcalc=$1
dir=$(dirname "$0")
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
for f in "$dir"/valid/*.yaml; do
    if "$medcalc" tables check "$f" >/dev/null 2>&1; then ok; else bad "$f should load"; "$medcalc" tables check "$f"; fi
done
for f in "$dir"/invalid/*.yaml; do
    exp=$(cat "${f%.yaml}.expected")
    loc=${exp%% *} text=${exp#* }
    err=$("$medcalc" tables check "$f" 2>&1 >/dev/null); rc=$?
    case "$loc" in *:*) ;; *) text=$exp; loc="" ;; esac
    if [ "$rc" -ne 3 ]; then bad "$f: exit $rc, want 3 ($err)"; continue; fi
    case "$err" in *"$f:$loc"*"$text"*) ok ;; *) bad "$f: got '$err', want '$f:$loc' and '$text'" ;; esac
done
for f in "$dir"/csv/*.csv; do
    [ -e "$f" ] || continue
    base=${f%.csv}
    args=""; [ -f "$base.args" ] && args=$(cat "$base.args")
    want=0; [ -f "$base.status" ] && want=$(cat "$base.status")
    out=$("$medcalc" batch --quiet $args "$f" 2>/dev/null); rc=$?
    if [ "$rc" != "$want" ]; then bad "$f: exit $rc, want $want"; continue; fi
    if [ "$out" = "$(cat "$base.expected")" ]; then ok; else
        bad "$f: output differs"; printf '%s\n' "$out" | diff "$base.expected" - >&2 | head -20
    fi
done
echo "data cases: $pass passed, $fail failed"
[ "$fail" = 0 ]
