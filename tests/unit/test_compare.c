/* One input under every shipped table and both methods (compare.c), and the tolerance. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"

#define NTABLES 5

typedef struct fixture {
    med_table *tables[NTABLES]; /* in med_embedded_table_ids() order: cdc-2022 first */
    med_regimen *regimen;       /* the parser of the inputs */
    med_comparison *comparison; /* the last compare() */
    const med_comparison_summary *c; /* its summary */
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    if (med_regimen_new(&f.regimen) != MED_OK)
        return -1;
    size_t i = 0;
    for (const char *const *id = med_embedded_table_ids(); *id && i < NTABLES; id++, i++) {
        med_error e;
        if (med_table_load_embedded(*id, &f.tables[i], &e) != MED_OK)
            return -1;
    }
    *state = &f;
    return i == NTABLES ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    med_comparison_free(f->comparison);
    med_regimen_free(f->regimen);
    for (size_t i = 0; i < NTABLES; i++)
        med_table_free(f->tables[i]);
    return 0;
}

/* The input of an order, borrowed from the fixture's parser until its next parse. */
static med_input regimen(fixture *f, const char *text)
{
    med_error e;
    if (med_regimen_parse(f->regimen, text, &e) != MED_OK)
        fail_msg("%s: %s", text, e.message);
    return *med_regimen_input(f->regimen);
}

static void compare(fixture *f, const char *text, med_method m)
{
    med_input in = regimen(f, text);
    med_comparison_free(f->comparison);
    f->comparison = NULL;
    assert_int_equal(med_compare((const med_table *const *)f->tables, NTABLES, &in, m, NULL,
                                 &f->comparison),
                     MED_OK);
    assert_non_null(f->comparison);
    f->c = med_comparison_get_summary(f->comparison);
    assert_non_null(f->c);
    assert_null(med_comparison_row(f->comparison, f->c->rows)); /* none past the end */
}

/* Row `i` of the last comparison. */
static const med_compare_row *nth(const fixture *f, size_t i)
{
    const med_compare_row *r = med_comparison_row(f->comparison, i);
    assert_non_null(r);
    return r;
}

/* The MME text of row `i` ("141"), as the 0.x row's result.mme_text. */
static const char *mme_text(const fixture *f, size_t i)
{
    return med_comparison_text(f->comparison, i, MED_TEXT_MME);
}

/* The index of the row of `table` under `m` (row i: table i/2, clinical then supply). */
static size_t row_index(const fixture *f, const char *table, med_method m)
{
    for (size_t i = 0; i < f->c->rows; i++) {
        const med_compare_row *r = nth(f, i);
        const med_table_info *info = med_table_get_info(r->table);
        assert_non_null(info);
        if (strcmp(info->id, table) == 0 && r->method == m)
            return i;
    }
    fail_msg("no row for %s", table);
    return 0;
}

static const med_compare_row *row(const fixture *f, const char *table, med_method m)
{
    return nth(f, row_index(f, table, m));
}

/* An MME/day in hundredths as text ("90", "2.67"). */
static const char *hundredths(int64_t h)
{
    static char bufs[4][32];
    static unsigned next;
    char *b = bufs[next++ % 4];
    assert_true(med_hundredths_format(h, b, sizeof bufs[0]) < sizeof bufs[0]);
    return b;
}

static void methadone_tiers_and_factors(void **state)
{
    fixture *f = *state;
    compare(f, "methadone 10 mg tid", MED_METHOD_AUTO);
    assert_int_equal(f->c->rows, 10);
    assert_int_equal(f->c->ok, 10);
    assert_string_equal(mme_text(f, 0), "141");
    assert_int_equal(nth(f, 0)->result.mme_hundredths, 14100);
    assert_false(nth(f, 0)->differs);
    assert_false(row(f, "cdc-2022", MED_METHOD_SUPPLY)->differs);
    assert_int_equal(row(f, "cdc-2016", MED_METHOD_CLINICAL)->cause, MED_CAUSE_TIER);
    assert_string_equal(mme_text(f, row_index(f, "cdc-2016", MED_METHOD_CLINICAL)), "240");
    assert_int_equal(row(f, "wa-amdg-2015", MED_METHOD_SUPPLY)->cause, MED_CAUSE_TIER);
    assert_int_equal(row(f, "cms-2018", MED_METHOD_CLINICAL)->cause, MED_CAUSE_FACTOR);
    assert_int_equal(row(f, "hedis-2025", MED_METHOD_SUPPLY)->cause, MED_CAUSE_FACTOR);
    assert_string_equal(hundredths(f->c->min_hundredths), "90");
    assert_string_equal(hundredths(f->c->max_hundredths), "240");
    assert_int_equal(f->c->ratio_hundredths, 267); /* 0.x ratio_text "2.67" */
    assert_true(f->c->disagree);
    assert_int_equal(f->c->causes, (1u << MED_CAUSE_TIER) | (1u << MED_CAUSE_FACTOR));
}

/* q48h: the clinical rate ignores the interval; the supply method counts a patch a day... */
static void patch_convention(void **state)
{
    fixture *f = *state;
    compare(f, "fentanyl 25 mcg/hr patch q48h", MED_METHOD_AUTO);
    assert_int_equal(f->c->rows, 10);
    for (size_t i = 0; i < f->c->rows; i++) {
        const med_compare_row *r = nth(f, i);
        int supply = r->method == MED_METHOD_SUPPLY;
        assert_string_equal(mme_text(f, i), supply ? "90" : "60");
        assert_int_equal(r->cause, supply ? MED_CAUSE_PATCH : MED_CAUSE_NONE);
    }
    assert_int_equal(f->c->causes, 1u << MED_CAUSE_PATCH);
    /* ...and at the tables' own 72 h wear time every table and method agrees. */
    compare(f, "fentanyl 25 mcg/hr patch q72h", MED_METHOD_AUTO);
    assert_false(f->c->disagree);
    assert_int_equal(f->c->ratio_hundredths, 100); /* 0.x ratio_text "1" */
}

static void no_factor_and_excluded(void **state)
{
    fixture *f = *state;
    compare(f, "tramadol 50 mg qid", MED_METHOD_CLINICAL);
    assert_int_equal(f->c->rows, 5);
    assert_int_equal(row(f, "cdc-2016", MED_METHOD_CLINICAL)->cause, MED_CAUSE_NO_FACTOR);
    assert_int_equal(row(f, "wa-amdg-2015", MED_METHOD_CLINICAL)->cause, MED_CAUSE_NO_FACTOR);
    assert_int_equal(row(f, "cms-2018", MED_METHOD_CLINICAL)->cause, MED_CAUSE_FACTOR);
    assert_int_equal(f->c->ok, 3);
    assert_string_equal(hundredths(f->c->min_hundredths), "20");
    compare(f, "buprenorphine 8 mg daily", MED_METHOD_AUTO);
    assert_int_equal(f->c->ok, 0);
    assert_false(f->c->disagree); /* excluded everywhere: the tables agree */
    assert_int_equal(f->c->ratio_hundredths, -1); /* 0.x ratio_text "" */
    assert_int_equal(f->c->rows, 10);
    for (size_t i = 0; i < f->c->rows; i++)
        assert_int_equal(nth(f, i)->result.status, MED_RESULT_EXCLUDED);
}

static void all_agree(void **state)
{
    fixture *f = *state;
    compare(f, "oxycodone 10 mg q6h", MED_METHOD_AUTO);
    assert_false(f->c->disagree);
    assert_int_equal(f->c->causes, 0);
    assert_string_equal(hundredths(f->c->min_hundredths), "60");
    assert_string_equal(hundredths(f->c->max_hundredths), "60");
}

static void bad_arguments(void **state)
{
    fixture *f = *state;
    med_input in = regimen(f, "oxycodone 10 mg q6h");
    const med_table *const *t = (const med_table *const *)f->tables;
    const med_table *with_null[2] = {f->tables[0], NULL};
    med_comparison *c = NULL;
    /* 1.0: the comparison holds its rows, so there is no capacity to be too small (0.x refused
     * 9 rows for 10); a missing output, input or table is what is refused now. */
    assert_int_equal(med_compare(t, NTABLES, &in, MED_METHOD_AUTO, NULL, NULL), MED_ERR_ARGUMENT);
    assert_int_equal(med_compare(t, NTABLES, NULL, MED_METHOD_AUTO, NULL, &c), MED_ERR_ARGUMENT);
    assert_null(c);
    assert_int_equal(med_compare(with_null, 2, &in, MED_METHOD_AUTO, NULL, &c), MED_ERR_ARGUMENT);
    assert_null(c);
    assert_int_equal(med_compare(t, 0, &in, MED_METHOD_AUTO, NULL, &c), MED_ERR_ARGUMENT);
    assert_null(c);
    assert_int_equal(med_compare(NULL, 1, &in, MED_METHOD_AUTO, NULL, &c), MED_ERR_ARGUMENT);
    assert_null(c);
    assert_int_equal(med_compare(t, 1, &in, MED_METHOD_SUPPLY, NULL, &c), MED_OK);
    assert_non_null(c);
    assert_int_equal(med_comparison_get_summary(c)->rows, 1);
    assert_non_null(med_comparison_row(c, 0));
    assert_int_equal(med_comparison_row(c, 0)->method, MED_METHOD_SUPPLY);
    assert_null(med_comparison_row(c, 1));
    assert_string_equal(med_comparison_text(c, 1, MED_TEXT_MME), "");
    med_comparison_free(c);
    med_comparison_free(NULL);
}

static void tolerance(void **state)
{
    (void)state;
    med_tolerance t;
    med_error e;
    assert_int_equal(med_tolerance_parse("0.5", &t, &e), MED_OK);
    assert_true(t.absolute > 0.49 && t.absolute < 0.51 && t.relative < 1e-12);
    assert_int_equal(med_tolerance_parse("1%", &t, &e), MED_OK);
    assert_true(t.absolute < 1e-12 && t.relative > 0.0099 && t.relative < 0.0101);
    assert_int_equal(med_tolerance_parse("0.5,1%", &t, &e), MED_OK);
    assert_true(t.absolute > 0.49 && t.relative > 0.0099);
    assert_int_equal(med_tolerance_parse("1%,0.5", &t, &e), MED_OK);
    assert_int_equal(med_tolerance_parse("abc", &t, &e), MED_ERR_SYNTAX);
    assert_non_null(strstr(e.message, "abc"));
    assert_int_equal(med_tolerance_parse("", &t, &e), MED_ERR_SYNTAX);
    assert_int_equal(med_tolerance_parse("-1", &t, &e), MED_ERR_SYNTAX);
    assert_int_equal(med_tolerance_parse("1%,2%", &t, &e), MED_ERR_SYNTAX);
    assert_int_equal(med_tolerance_parse("101%", &t, &e), MED_ERR_RANGE);
    /* Defaults: 0.05 MME/day, or 0.1% of ours. */
    assert_true(med_tolerance_agrees(NULL, 6000, 6005));
    assert_true(med_tolerance_agrees(NULL, 6000, 5995));
    assert_true(med_tolerance_agrees(NULL, 6000, 6006)); /* 0.1% of 60 */
    assert_false(med_tolerance_agrees(NULL, 6000, 6007));
    assert_false(med_tolerance_agrees(NULL, 6033, 6000)); /* a result rounded to whole */
    assert_true(med_tolerance_agrees(NULL, 50000, 50050)); /* 0.1% of 500 */
    assert_false(med_tolerance_agrees(NULL, 50000, 50051));
    med_tolerance abs_only = {MED_TOLERANCE_VERSION, 0.5, 0};
    assert_true(med_tolerance_agrees(&abs_only, 6033, 6000));
    assert_false(med_tolerance_agrees(&abs_only, 6051, 6000));
    assert_string_equal(med_cause_string(MED_CAUSE_TIER), "tier");
    assert_string_equal(med_cause_string(MED_CAUSE_NO_FACTOR), "no_factor");
    assert_string_equal(med_cause_string(MED_CAUSE_UNEXPLAINED), "unexplained");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(methadone_tiers_and_factors), cmocka_unit_test(patch_convention),
        cmocka_unit_test(no_factor_and_excluded),      cmocka_unit_test(all_agree),
        cmocka_unit_test(bad_arguments),               cmocka_unit_test(tolerance),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
