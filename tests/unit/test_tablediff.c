/* Read access to a table's entries (tableinfo.c) and the table diff (tablediff.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"
#include "inputs.h"

static med_table *load_text(const char *yaml)
{
    med_table *t = NULL;
    med_error e;
    if (med_table_load_buffer(yaml, strlen(yaml), "<test>", &t, &e) != MED_OK)
        fail_msg("loading test table: %d:%d: %s", e.line, e.column, e.message);
    return t;
}

static void factors_as_printed(void **state)
{
    (void)state;
    med_table *t = load("cdc-2016");
    const med_factor_info *f;
    const med_tier_info *ti;
    int seen_methadone = 0, seen_patch = 0;
    assert_int_equal(med_table_factor_count(t), 9);
    for (size_t i = 0; i < med_table_factor_count(t); i++) {
        assert_non_null(f = med_table_factor(t, i));
        if (strcmp(f->ingredient, "methadone") == 0) {
            seen_methadone = 1;
            assert_null(f->factor_text);
            assert_int_equal(f->tier_count, 4);
            assert_string_equal(f->per, "dose");
            assert_non_null(ti = med_table_tier(t, i, 1));
            assert_string_equal(ti->above, "20");
            assert_string_equal(ti->at_most, "40");
            assert_string_equal(ti->factor_text, "8");
            assert_non_null(ti = med_table_tier(t, i, 3));
            assert_null(ti->at_most);
            assert_string_equal(ti->factor_text, "12");
            assert_null(med_table_tier(t, i, 4));
        }
        if (strcmp(f->form, "patch") == 0) {
            seen_patch = 1;
            assert_string_equal(f->factor_text, "2.4");
            assert_string_equal(f->per, "rate");
            assert_string_equal(f->unit, "mcg/hr");
            assert_string_equal(f->patch_hours, "72");
            assert_non_null(f->note);
        }
    }
    assert_true(seen_methadone && seen_patch);
    assert_null(med_table_factor(t, 9));
    assert_null(med_table_tier(t, 0, 0)); /* codeine has no tiers */
    med_table_free(t);
}

static void exclusions_and_absences(void **state)
{
    (void)state;
    med_table *t = load("cdc-2016");
    const med_exclusion_info *x;
    const med_absence_info *a;
    assert_int_equal(med_table_exclusion_count(t), 1);
    assert_non_null(x = med_table_exclusion(t, 0));
    assert_string_equal(x->ingredient, "buprenorphine");
    assert_null(x->form);
    assert_non_null(strstr(x->reason, "buprenorphine"));
    assert_null(med_table_exclusion(t, 1));
    assert_int_equal(med_table_absence_count(t), 1);
    assert_non_null(a = med_table_absence(t, 0));
    assert_string_equal(a->ingredient, "tramadol");
    assert_null(med_table_absence(t, 1));
    assert_non_null(med_table_notes(t));
    assert_int_equal(med_table_factor_count(NULL), 0);
    assert_null(med_table_notes(NULL));
    med_table_free(t);
}

/* The done-when of issue 4: the diff lists exactly the factors that changed. */
static void cdc_2016_to_2022(void **state)
{
    (void)state;
    med_table *a = load("cdc-2016"), *b = load("cdc-2022");
    med_table_diff *d = NULL;
    const med_table_change *c[3];
    assert_int_equal(med_table_diff_new(a, b, 0, &d), MED_OK);
    assert_non_null(d);
    assert_int_equal(med_table_diff_count(d), 3);
    for (size_t i = 0; i < 3; i++)
        assert_non_null(c[i] = med_table_diff_get(d, i));
    assert_null(med_table_diff_get(d, 3));
    assert_string_equal(c[0]->ingredient, "hydromorphone");
    assert_string_equal(c[0]->before, "4 per mg/day");
    assert_string_equal(c[0]->after, "5 per mg/day");
    assert_string_equal(c[1]->ingredient, "methadone");
    assert_non_null(strstr(c[1]->before, "tiers (0, 20] 4; (20, 40] 8"));
    assert_string_equal(c[1]->after, "4.7 per mg/day");
    assert_string_equal(c[2]->ingredient, "tramadol");
    assert_string_equal(c[2]->before, "absent (no factor)");
    assert_string_equal(c[2]->after, "0.2 per mg/day");
    for (int i = 0; i < 3; i++) {
        assert_int_equal(c[i]->kind, MED_DIFF_CHANGED);
        assert_string_equal(c[i]->form, "oral");
        assert_false(c[i]->equivalent);
    }
    med_table_diff_free(d);
    med_table_free(a);
    med_table_free(b);
}

static void same_table_and_capacity(void **state)
{
    (void)state;
    med_table *a = load("cms-2018");
    med_table_diff *d = NULL;
    assert_int_equal(med_table_diff_new(a, a, 0, &d), MED_OK);
    assert_non_null(d);
    assert_int_equal(med_table_diff_count(d), 0);
    assert_null(med_table_diff_get(d, 0));
    med_table_diff_free(d);
    d = NULL;
    assert_int_equal(med_table_diff_new(a, a, 1, &d), MED_OK);
    size_t all = med_table_diff_count(d);
    assert_true(all > med_table_factor_count(a)); /* factors, the exclusion and the absences */
    for (size_t i = 0; i < all; i++) {
        assert_non_null(med_table_diff_get(d, i));
        assert_int_equal(med_table_diff_get(d, i)->kind, MED_DIFF_SAME);
    }
    med_table_diff_free(d);
    assert_string_equal(med_diff_kind_string(MED_DIFF_ADDED), "added");
    /* 1.0: the diff holds its changes, so there is no caller array to be missing (0.x refused
     * out NULL with capacity 3); a missing table or output is refused. */
    d = NULL;
    assert_int_equal(med_table_diff_new(NULL, a, 0, &d), MED_ERR_ARGUMENT);
    assert_null(d);
    assert_int_equal(med_table_diff_new(a, NULL, 0, &d), MED_ERR_ARGUMENT);
    assert_null(d);
    assert_int_equal(med_table_diff_new(a, a, 0, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_table_diff_count(NULL), 0);
    assert_null(med_table_diff_get(NULL, 0));
    med_table_diff_free(NULL);
    med_table_free(a);
}

static const med_table_change *find(const med_table_diff *d, const char *ingredient,
                                    const char *form)
{
    for (size_t i = 0; i < med_table_diff_count(d); i++) {
        const med_table_change *c = med_table_diff_get(d, i);
        assert_non_null(c);
        if (strcmp(c->ingredient, ingredient) == 0 && strcmp(c->form, form) == 0)
            return c;
    }
    fail_msg("no change for %s %s", ingredient, form);
    return NULL;
}

/* 2.4 per mcg/hr and 7.2 per patch-day over 72 h are the same patch convention written twice. */
static void patch_equivalence(void **state)
{
    (void)state;
    med_table *a = load("cdc-2022"), *b = load("cms-2018");
    med_table_diff *d = NULL;
    assert_int_equal(med_table_diff_new(a, b, 0, &d), MED_OK);
    const med_table_change *p = find(d, "fentanyl", "patch");
    assert_int_equal(p->kind, MED_DIFF_CHANGED);
    assert_true(p->equivalent);
    assert_int_equal(find(d, "levorphanol", "oral")->kind, MED_DIFF_ADDED);
    assert_int_equal(find(d, "fentanyl", "buccal")->kind, MED_DIFF_ADDED);
    assert_int_equal(find(d, "methadone", "oral")->kind, MED_DIFF_CHANGED);
    med_table_diff_free(d);
    med_table_free(a);
    med_table_free(b);
}

static const char SITE_TABLE[] =
    "id: site-x\nversion: \"3\"\ntitle: t\nguideline: g\nsource: s\neffective: 2024-01-01\n"
    "factors:\n"
    "  - {ingredient: morphine, unit: mg, factor: 1.0}\n"
    "  - {ingredient: fentanyl, form: patch, unit: mcg/hr, factor: 3, per: rate, "
    "patch_hours: 72}\n"
    "thresholds:\n  - {mme: 90, comparator: \">=\", level: high, summary: a, summarises: s}\n";

/* A site's table: "1.0" is the same number as "1"; a patch at 3 per mcg/hr is a new factor. */
static void site_table(void **state)
{
    (void)state;
    med_table *a = load("cdc-2022"), *b = load_text(SITE_TABLE);
    med_table_diff *d = NULL;
    assert_int_equal(med_table_diff_new(a, b, 0, &d), MED_OK);
    size_t n = med_table_diff_count(d);
    const med_table_change *p = find(d, "fentanyl", "patch");
    assert_int_equal(p->kind, MED_DIFF_CHANGED);
    assert_false(p->equivalent);
    assert_int_equal(find(d, "oxycodone", "oral")->kind, MED_DIFF_REMOVED);
    assert_int_equal(find(d, "buprenorphine", "all")->kind, MED_DIFF_REMOVED);
    for (size_t i = 0; i < n; i++)
        assert_false(strcmp(med_table_diff_get(d, i)->ingredient, "morphine") == 0);
    med_table_diff_free(d);
    med_table_free(a);
    med_table_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(factors_as_printed),     cmocka_unit_test(exclusions_and_absences),
        cmocka_unit_test(cdc_2016_to_2022),       cmocka_unit_test(same_table_and_capacity),
        cmocka_unit_test(patch_equivalence),      cmocka_unit_test(site_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
