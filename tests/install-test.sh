#!/bin/sh
# Installs into a temporary DESTDIR, builds a program outside the tree against the installed
# library with pkg-config, checks it computes what the CLI computes, then uninstalls and checks
# that nothing is left behind.
set -eu
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
prefix=/opt/libmed-test
make --no-print-directory -s install DESTDIR="$root" PREFIX="$prefix" >/dev/null
lib="$root$prefix/lib"
export PKG_CONFIG_PATH="$lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$root"
cat > "$root/example.c" <<'C'
/* The stable core only (no MED_EXPERIMENTAL): parse, compute, ask for the text. */
#include <med.h>
#include <stdio.h>
int main(void)
{
    med_table *t;
    med_error e;
    med_regimen *reg;
    med_result r = MED_RESULT_INIT;
    char mme[32];
    if (med_table_load_embedded("cdc-2022", &t, &e) != MED_OK)
        return 2;
    if (med_regimen_new(&reg) != MED_OK || med_regimen_parse(reg, "oxycodone 10 mg q6h", &e) != MED_OK)
        return 3;
    const med_input *in = med_regimen_input(reg);
    if (med_compute(t, in, MED_METHOD_CLINICAL, &r) != MED_OK || r.status != MED_RESULT_OK)
        return 4;
    med_compute_text(t, in, MED_METHOD_CLINICAL, MED_TEXT_MME, mme, sizeof mme);
    printf("%s\n", mme);
    med_regimen_free(reg);
    med_table_free(t);
    return 0;
}
C
cc -std=c11 -Wall -Wextra -Werror -o "$root/example" "$root/example.c" $(pkg-config --cflags --libs libmed)
got=$(LD_LIBRARY_PATH="$lib" "$root/example")
cli=$("$root$prefix/bin/medcalc" --format csv "oxycodone 10 mg q6h" | awk -F, 'NR == 2 {print $7}')
fail=0
[ "$got" = "60" ] || { echo "installed library computed '$got', expected 60" >&2; fail=1; }
[ "$got" = "$cli" ] || { echo "library says '$got' but the CLI says '$cli'" >&2; fail=1; }
readelf -d "$lib/libmed.so" | grep -q 'SONAME.*libmed.so.1]' || { echo "SONAME is not libmed.so.1" >&2; fail=1; }
for f in bin/medcalc include/med.h lib/libmed.a lib/pkgconfig/libmed.pc share/man/man1/medcalc.1 share/man/man3/libmed.3; do
    [ -e "$root$prefix/$f" ] || { echo "not installed: $f" >&2; fail=1; }
done
make --no-print-directory -s uninstall DESTDIR="$root" PREFIX="$prefix" >/dev/null
left=$(find "$root$prefix" -type f -o -type l)
[ -z "$left" ] || { echo "uninstall left: $left" >&2; fail=1; }
if [ "$fail" = 0 ]; then echo "install and pkg-config: 1 passed, 0 failed"; else echo "install and pkg-config: 0 passed, 1 failed"; fi
exit "$fail"
