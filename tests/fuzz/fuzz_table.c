/* Fuzz target: a conversion table from untrusted YAML (med_table_load_buffer), and everything a
 * loaded table is then used for: its entries, conformance vectors computed under it, and a diff
 * against a shipped table. */
#include "fuzz.h"

static const med_table *shipped(void)
{
    static med_table *t;
    med_error e;
    if (t == NULL && med_table_load_embedded("cdc-2016", &t, &e) != MED_OK)
        abort();
    return t;
}

static void walk_entries(const med_table *t)
{
    size_t n = med_table_factor_count(t);
    for (size_t i = 0; i < n; i++) {
        med_factor_info f;
        FUZZ_CHECK(med_table_factor(t, i, &f) == MED_OK, "factor in range");
        FUZZ_CHECK(f.ingredient && f.form && f.unit && f.per, "factor fields set");
        for (size_t k = 0; k < f.tier_count; k++) {
            med_tier_info ti;
            FUZZ_CHECK(med_table_tier(t, i, k, &ti) == MED_OK, "tier in range");
        }
    }
    for (size_t i = 0; i < med_table_exclusion_count(t); i++) {
        med_exclusion_info x;
        FUZZ_CHECK(med_table_exclusion(t, i, &x) == MED_OK, "exclusion in range");
    }
    for (size_t i = 0; i < med_table_absence_count(t); i++) {
        med_absence_info x;
        FUZZ_CHECK(med_table_absence(t, i, &x) == MED_OK, "absence in range");
    }
    size_t th = med_table_threshold_count(t);
    for (size_t i = 0; i < th; i++) {
        med_threshold x;
        FUZZ_CHECK(med_table_threshold(t, i, &x) == MED_OK, "threshold in range");
        (void)med_threshold_crossed(&x, 9000);
    }
    FUZZ_CHECK(med_table_threshold(t, th, &(med_threshold){0}) == MED_ERR_ARGUMENT,
               "threshold past the end refused");
}

/* Conformance vectors of the fuzzed table, each computed under it (the arithmetic meets the
 * table's own numbers: huge factors, tiny tiers, odd patch hours). */
static void compute_vectors(const med_table *t)
{
    size_t count = 0;
    if (med_vectors(t, MED_METHOD_AUTO, NULL, 0, &count) != MED_OK || count == 0)
        return;
    if (count > 4096)
        count = 4096;
    med_vector *v = malloc(count * sizeof *v);
    size_t got = 0;
    if (v && med_vectors(t, MED_METHOD_AUTO, v, count, &got) == MED_OK) {
        med_result r;
        for (size_t i = 0; i < count && i < got; i++) {
            FUZZ_CHECK(med_compute(t, &v[i].input, v[i].method, &r) == MED_OK, "compute");
            fuzz_check_result(&r);
        }
        if (got > 1) {
            med_total total;
            size_t k = got < 8 ? got : 8;
            med_input in[8];
            med_result rs[8];
            for (size_t i = 0; i < k; i++)
                in[i] = v[i].input;
            FUZZ_CHECK(med_compute_set(t, in, k, MED_METHOD_AUTO, rs, &total) == MED_OK, "set");
        }
    }
    free(v);
}

static void diff(const med_table *t)
{
    size_t count = 0;
    if (med_table_diff(shipped(), t, 1, NULL, 0, &count) != MED_OK || count == 0)
        return;
    med_table_change *c = malloc(count * sizeof *c);
    size_t again = 0;
    if (c)
        FUZZ_CHECK(med_table_diff(shipped(), t, 1, c, count, &again) == MED_OK && again == count,
                   "diff twice gives the same count");
    free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    med_table *t = NULL;
    med_error e;
    med_status s = med_table_load_buffer((const char *)data, size, "<fuzz>", &t, &e);
    if (s != MED_OK) {
        FUZZ_CHECK(t == NULL, "no table on failure");
        fuzz_check_error(s, &e);
        return 0;
    }
    med_table_info info;
    med_table_get_info(t, &info);
    FUZZ_CHECK(info.id && info.version && info.digest && strlen(info.digest) == 64, "info");
    walk_entries(t);
    compute_vectors(t);
    diff(t);
    med_table_free(t);
    return 0;
}
