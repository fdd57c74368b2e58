#!/bin/sh
# Data-driven cases:
#  valid/*.yaml    must load (medcalc tables check exits 0);
#  invalid/*.yaml  must fail with exit 3 and a message holding the .expected file's
#                  "LINE:COL text" (the location and a fragment of the message).
# Whole outputs of medcalc (batch CSV and JSON among them) are the golden cases of
# tests/cli/cases, run by tests/cli/golden.sh.
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
echo "data cases: $pass passed, $fail failed"
[ "$fail" = 0 ]
