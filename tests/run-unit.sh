#!/bin/sh
# Runs each cmocka test binary; fails if any fails. Prints one closing line.
fail=0; ran=0
for t in "$@"; do
    ran=$((ran + 1))
    if ! "$t"; then echo "FAILED: $t" >&2; fail=$((fail + 1)); fi
done
echo "unit test programs: $((ran - fail)) passed, $fail failed"
[ "$fail" = 0 ]
