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
        const med_factor_info *f = med_table_factor(t, i);
        FUZZ_CHECK(f != NULL, "factor in range");
        FUZZ_CHECK(f->ingredient && f->form && f->unit && f->per && f->patch_hours,
                   "factor fields set");
        for (size_t k = 0; k < f->tier_count; k++)
            FUZZ_CHECK(med_table_tier(t, i, k) != NULL, "tier in range");
        FUZZ_CHECK(med_table_tier(t, i, f->tier_count) == NULL, "no tier past the count");
    }
    FUZZ_CHECK(med_table_factor(t, n) == NULL, "no factor past the count");
    size_t nx = med_table_exclusion_count(t);
    for (size_t i = 0; i < nx; i++)
        FUZZ_CHECK(med_table_exclusion(t, i) != NULL, "exclusion in range");
    FUZZ_CHECK(med_table_exclusion(t, nx) == NULL, "no exclusion past the count");
    size_t na = med_table_absence_count(t);
    for (size_t i = 0; i < na; i++)
        FUZZ_CHECK(med_table_absence(t, i) != NULL, "absence in range");
    FUZZ_CHECK(med_table_absence(t, na) == NULL, "no absence past the count");
    size_t th = med_table_threshold_count(t);
    FUZZ_CHECK(th <= MED_MAX_THRESHOLDS, "at most MED_MAX_THRESHOLDS thresholds");
    for (size_t i = 0; i < th; i++) {
        const med_threshold *x = med_table_threshold(t, i);
        FUZZ_CHECK(x != NULL, "threshold in range");
        FUZZ_CHECK(x->mme_text && x->level && x->advice, "threshold fields set");
        (void)med_threshold_crossed(x, 9000);
        FUZZ_CHECK(med_threshold_crossed(x, x->mme_hundredths) == (x->comparator == MED_CMP_GE),
                   "a threshold's own value crosses it exactly when it is >=");
    }
    FUZZ_CHECK(med_table_threshold(t, th) == NULL, "threshold past the end refused");
}

/* Conformance vectors of the fuzzed table, each computed under it (the arithmetic meets the
 * table's own numbers: huge factors, tiny tiers, odd patch hours). */
static void compute_vectors(const med_table *t)
{
    med_vector_list *list = NULL;
    if (med_vectors_new(t, MED_METHOD_AUTO, &list) != MED_OK)
        return;
    size_t got = med_vectors_count(list);
    if (got > 4096)
        got = 4096;
    for (size_t i = 0; i < got; i++) {
        const med_vector *v = med_vectors_get(list, i);
        FUZZ_CHECK(v != NULL && v->name != NULL, "vector in range");
        med_result r = MED_RESULT_INIT;
        FUZZ_CHECK(med_compute(t, &v->input, v->method, &r) == MED_OK, "compute");
        fuzz_check_computed(t, &v->input, 0, 0, v->method, &r);
        if (i == 0)
            fuzz_check_text_promise(t, &v->input, v->method, MED_TEXT_ARITHMETIC);
    }
    if (got > 1) {
        med_total total = MED_TOTAL_INIT;
        size_t k = got < 8 ? got : 8;
        med_input in[8];
        med_result rs[8];
        for (size_t i = 0; i < k; i++) {
            in[i] = med_vectors_get(list, i)->input;
            rs[i] = (med_result)MED_RESULT_INIT;
        }
        FUZZ_CHECK(med_compute_set(t, in, k, MED_METHOD_AUTO, rs, &total) == MED_OK, "set");
        for (size_t i = 0; i < k; i++)
            fuzz_check_computed(t, in, k, i, MED_METHOD_AUTO, &rs[i]);
        for (size_t f = 0; f < total.flag_count; f++)
            FUZZ_CHECK(med_total_flag(t, &total, f) != NULL, "each flag is a threshold");
    }
    med_vectors_free(list);
}

static void diff(const med_table *t)
{
    med_table_diff *d = NULL, *again = NULL;
    if (med_table_diff_new(shipped(), t, 1, &d) != MED_OK)
        return;
    size_t count = med_table_diff_count(d);
    for (size_t i = 0; i < count; i++) {
        const med_table_change *c = med_table_diff_get(d, i);
        FUZZ_CHECK(c != NULL && c->ingredient && c->form && c->before && c->after,
                   "a change in range, its texts set");
    }
    FUZZ_CHECK(med_table_diff_get(d, count) == NULL, "no change past the count");
    if (med_table_diff_new(shipped(), t, 1, &again) == MED_OK)
        FUZZ_CHECK(med_table_diff_count(again) == count, "diff twice gives the same count");
    med_table_diff_free(again);
    med_table_diff_free(d);
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
    const med_table_info *info = med_table_get_info(t);
    FUZZ_CHECK(info && info->id && info->version && info->digest && strlen(info->digest) == 64,
               "info");
    walk_entries(t);
    compute_vectors(t);
    diff(t);
    med_table_free(t);
    return 0;
}
