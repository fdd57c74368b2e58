/* Site fingerprints (fingerprint.c): a site built from each embedded table and method, with and
 * without each rounding of the result, and one planted outlier, is named by that table, method
 * and rounding, with the outlier left; sites using a tier or patch convention are named with
 * it (a methadone tier by the patient's total among them), and so are sites rounding the daily
 * dose before the factor; a site mixing two tables is called mixed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

/* Fills chosen to tell the tables, methods and roundings apart: tapentadol (cdc-2016 against
 * wa-amdg-2015), benzhydrocodone (hedis-2025 against cms-2018), levorphanol (cdc-2022 has
 * none), hydromorphone, tramadol and methadone (factors and bands), a patch changed every 48 h
 * (the methods), values with two decimals (one decimal), and fractions of .5 and .75 (whole
 * against truncated); small values, so whole-number rounding is beyond the tolerance. */
typedef struct fill_row {
    const char *drug, *strength, *unit, *qty, *days;
} fill_row;

static const fill_row FILLS[] = {
    {"tapentadol", "50", "mg", "97", "30"},
    {"benzhydrocodone/acetaminophen", "6.12/325", "mg", "120", "30"},
    {"levorphanol", "2", "mg", "97", "30"},
    {"hydromorphone", "2", "mg", "97", "30"},
    {"tramadol", "50", "mg", "97", "30"},
    {"methadone", "10", "mg", "61", "30"},
    {"methadone", "10", "mg", "100", "30"},
    {"oxycodone", "5", "mg", "97", "30"},
    {"hydrocodone", "7.5", "mg", "95", "30"},
    {"morphine", "15", "mg", "97", "30"},
    {"fentanyl patch", "25", "mcg/hr", "15", "30"},
    {"fentanyl patch", "12", "mcg/hr", "15", "30"},
};
#define NFILLS (sizeof FILLS / sizeof *FILLS)
#define OUTLIER "77.77" /* for oxycodone 10 mg, 120 in 30 days: 60 under every table */

static med_input input_of(const fill_row *f)
{
    med_input in = MED_INPUT_INIT;
    in.drug = f->drug;
    in.strength = f->strength;
    in.unit = f->unit;
    in.quantity = f->qty;
    in.days_supply = f->days;
    return in;
}

static const fill_row OXY = {"oxycodone", "10", "mg", "120", "30"};

static int64_t rounded(int64_t h, med_rounding r)
{
    switch (r) {
    case MED_ROUNDING_ONE_DECIMAL: return (h + 5) / 10 * 10;
    case MED_ROUNDING_WHOLE: return (h + 50) / 100 * 100;
    case MED_ROUNDING_TRUNCATE: return h / 100 * 100;
    default: return h;
    }
}

/* What a calculator using table t, method m and rounding r reports for the fill. */
static void report(const med_table *t, med_method m, med_rounding r, const fill_row *f,
                   char *buf, size_t cap)
{
    med_result res = MED_RESULT_INIT;
    med_input in = input_of(f);
    assert_int_equal(med_compute(t, &in, m, &res), MED_OK);
    if (res.status == MED_RESULT_OK) {
        int64_t h = rounded(res.mme_hundredths, r);
        snprintf(buf, cap, "%" PRId64 ".%02" PRId64, h / 100, h % 100);
    } else if (res.status == MED_RESULT_ERROR) {
        snprintf(buf, cap, "%s", ""); /* no value */
    } else {
        snprintf(buf, cap, "%s", med_result_status_string(res.status));
    }
}

static void check(med_agree *a, const fill_row *f, const char *reported, const char *site)
{
    const med_agreement *r = NULL;
    med_input in = input_of(f);
    assert_int_equal(med_agree_check(a, &in, reported, site, NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_non_null(r);
}

static med_agree *checker(void)
{
    med_agree *a = NULL;
    med_error e;
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    assert_int_equal(med_agree_keep_fingerprints(a, &e), MED_OK);
    return a;
}

static const med_fingerprint *fingerprint(med_agree *a, size_t site)
{
    const med_fingerprint *f = NULL;
    med_error e;
    if (med_agree_fingerprint(a, site, &f, &e) != MED_OK)
        fail_msg("fingerprint: %s", e.message);
    assert_non_null(f);
    return f;
}

/* Every table, both methods, each rounding: one site each, the outlier planted third. */
static void each_table_method_rounding(void **state)
{
    (void)state;
    med_error e;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        med_table *t = NULL;
        assert_int_equal(med_table_load_embedded(*id, &t, &e), MED_OK);
        for (int m = MED_METHOD_CLINICAL; m <= MED_METHOD_SUPPLY; m++)
            for (int r = MED_ROUNDING_NONE; r <= MED_ROUNDING_TRUNCATE; r++) {
                med_agree *a = checker();
                char v[32];
                for (size_t i = 0; i < NFILLS; i++) {
                    report(t, (med_method)m, (med_rounding)r, &FILLS[i], v, sizeof v);
                    check(a, &FILLS[i], v, "site");
                    if (i == 2)
                        check(a, &OXY, OUTLIER, "site");
                }
                const med_fingerprint *f = fingerprint(a, 0);
                const med_calculator *c = &f->best;
                if (strcmp(c->table_id, *id) != 0 || c->method != (med_method)m ||
                    c->rounding != (med_rounding)r || c->tier_by_whole_dose ||
                    c->patch_day_on_rate || f->tie_count != 0)
                    fail_msg("site of %s %s rounding %s: fingerprint %s (%zu ties, first %s)",
                             *id, med_method_string((med_method)m),
                             med_rounding_string((med_rounding)r), c->text, f->tie_count,
                             f->tie_count ? f->ties[0].text : "-");
                assert_int_equal(f->rows, NFILLS + 1);
                assert_int_equal(c->rows, NFILLS);
                assert_int_equal(c->exact, NFILLS);
                assert_false(f->mixed);
                assert_int_equal(f->explained, NFILLS);
                assert_int_equal(f->left_count, 1);
                assert_int_equal(f->left[0].row, 4); /* planted after the third */
                assert_int_equal(f->left[0].cause, MED_CAUSE_UNEXPLAINED);
                med_agree_free(a);
            }
        med_table_free(t);
    }
}

/* A methadone tier chosen by the dose cut to whole mg; a patch-day factor on the rate. */
static void conventions(void **state)
{
    (void)state;
    med_error e;
    med_table *t = NULL;
    char v[32];
    assert_int_equal(med_table_load_embedded("cdc-2016", &t, &e), MED_OK);
    med_agree *a = checker();
    for (size_t i = 0; i < NFILLS; i++) {
        report(t, MED_METHOD_SUPPLY, MED_ROUNDING_NONE, &FILLS[i], v, sizeof v);
        /* 20.33 mg/day is in (20, 40] (factor 8); cut to 20 mg it is in (0, 20] (4) */
        check(a, &FILLS[i], i == 5 ? "81.33" : v, "tiers");
    }
    for (size_t i = 0; i < NFILLS; i++) {
        report(t, MED_METHOD_CLINICAL, MED_ROUNDING_WHOLE, &FILLS[i], v, sizeof v);
        /* 7.2 on 25 and 12 mcg/hr */
        check(a, &FILLS[i], i == 10 ? "180" : i == 11 ? "86" : v, "patches");
    }
    /* orders and fills together, each under its own method (medcalc's auto): 25 mcg/hr changed
     * every 48 h is 60 as an order (by its rate) and 90 as a fill (15 patches in 30 days) */
    med_table *t22 = NULL;
    assert_int_equal(med_table_load_embedded("cdc-2022", &t22, &e), MED_OK);
    med_input order = MED_INPUT_INIT;
    order.drug = "fentanyl patch";
    order.strength = "25";
    order.unit = "mcg/hr";
    order.every_hours = "48";
    for (int k = 0; k < 3; k++) {
        const med_agreement *r = NULL;
        assert_int_equal(med_agree_check(a, &order, "60", "auto", NULL, MED_METHOD_AUTO, &r),
                         MED_OK);
        report(t22, MED_METHOD_SUPPLY, MED_ROUNDING_NONE, &FILLS[10 + k % 2], v, sizeof v);
        check(a, &FILLS[10 + k % 2], v, "auto");
    }
    const med_fingerprint *f = fingerprint(a, 2);
    assert_string_equal(f->site, "auto");
    assert_int_equal(f->best.method, MED_METHOD_AUTO);
    assert_int_equal(f->best.rows, 6);
    assert_non_null(strstr(f->best.text, "clinical for orders, supply for fills"));
    med_table_free(t22);
    f = fingerprint(a, 0);
    assert_string_equal(f->site, "tiers");
    assert_string_equal(f->best.table_id, "cdc-2016");
    assert_int_equal(f->best.method, MED_METHOD_SUPPLY);
    assert_true(f->best.tier_by_whole_dose);
    assert_false(f->best.patch_day_on_rate);
    assert_int_equal(f->left_count, 0);
    assert_non_null(strstr(f->best.text, "methadone tier by the daily dose cut to whole mg"));
    f = fingerprint(a, 1);
    assert_string_equal(f->best.table_id, "cdc-2016");
    assert_int_equal(f->best.method, MED_METHOD_CLINICAL);
    assert_int_equal(f->best.rounding, MED_ROUNDING_WHOLE);
    assert_true(f->best.patch_day_on_rate);
    assert_int_equal(f->left_count, 0);
    med_agree_free(a);
    med_table_free(t);
}

/* What a calculator rounding the daily dose (to `decimals`: 0 or 1) before the factor reports
 * for the fill: the factor the table applies times the rounded dose; a patch (its rate) and a
 * fill without a value as they are. Not for methadone, whose tier the rounded dose may change. */
static void report_dose_rounded(const med_table *t, med_method m, int decimals,
                                const fill_row *f, char *buf, size_t cap)
{
    med_result res = MED_RESULT_INIT;
    med_input in = input_of(f);
    assert_int_equal(med_compute(t, &in, m, &res), MED_OK);
    if (res.status != MED_RESULT_OK || strcmp(res.dose_unit, "mcg/hr") == 0) {
        report(t, m, MED_ROUNDING_NONE, f, buf, cap);
        return;
    }
    int64_t d = res.daily_dose_hundredths;
    d = decimals ? (d + 5) / 10 * 10 : (d + 50) / 100 * 100;
    int64_t h = (int64_t)((double)d * res.factor + 0.5 + 1e-9);
    snprintf(buf, cap, "%" PRId64 ".%02" PRId64, h / 100, h % 100);
}

/* Every table, both methods, the daily dose rounded to a whole number and to one decimal before
 * the factor: one site each (the fills but methadone), the outlier planted third. */
static void each_table_dose_rounding(void **state)
{
    (void)state;
    med_error e;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        med_table *t = NULL;
        assert_int_equal(med_table_load_embedded(*id, &t, &e), MED_OK);
        for (int m = MED_METHOD_CLINICAL; m <= MED_METHOD_SUPPLY; m++)
            for (int d = 0; d <= 1; d++) {
                med_rounding want = d ? MED_ROUNDING_DOSE_ONE_DECIMAL : MED_ROUNDING_DOSE_WHOLE;
                med_agree *a = checker();
                char v[32];
                size_t n = 0;
                for (size_t i = 0; i < NFILLS; i++) {
                    if (strcmp(FILLS[i].drug, "methadone") == 0)
                        continue;
                    report_dose_rounded(t, (med_method)m, d, &FILLS[i], v, sizeof v);
                    check(a, &FILLS[i], v, "site");
                    if (++n == 3)
                        check(a, &OXY, OUTLIER, "site");
                }
                const med_fingerprint *f = fingerprint(a, 0);
                const med_calculator *c = &f->best;
                if (strcmp(c->table_id, *id) != 0 || c->method != (med_method)m ||
                    c->rounding != want || c->tier_by_whole_dose || c->tier_by_total ||
                    c->patch_day_on_rate || f->tie_count != 0)
                    fail_msg("site of %s %s rounding %s: fingerprint %s (%zu ties, first %s)",
                             *id, med_method_string((med_method)m), med_rounding_string(want),
                             c->text, f->tie_count, f->tie_count ? f->ties[0].text : "-");
                assert_int_equal(c->rows, n);
                assert_int_equal(c->exact, n);
                assert_false(f->mixed);
                assert_int_equal(f->left_count, 1);
                assert_int_equal(f->left[0].row, 4);
                assert_int_equal(f->left[0].cause, MED_CAUSE_UNEXPLAINED);
                assert_non_null(strstr(c->text, d ? "the daily dose rounded to one decimal"
                                                  : "the daily dose rounded to a whole number"));
                med_agree_free(a);
            }
        med_table_free(t);
    }
}

/* Methadone under cdc-2016 (supply): 10 mg, 61 in 30 days is 20.33 mg/day, tier (20, 40],
 * factor 8: 162.67. Its dose rounded to a whole number first is 20 mg/day, tier (0, 20],
 * factor 4: 80; to one decimal 20.3 mg/day, factor 8: 162.4 (and 100 in 30 days, 33.33 mg/day:
 * 33 x 8 = 264, 33.3 x 8 = 266.4). And a patient whose total daily
 * methadone is over 60 mg has factor 12 on every prescription: 244 and 400 (100 in 30 days).
 * Each site has the outlier too. */
static void methadone_conventions(void **state)
{
    (void)state;
    med_error e;
    med_table *t = NULL;
    char v[32];
    assert_int_equal(med_table_load_embedded("cdc-2016", &t, &e), MED_OK);
    med_agree *a = checker();
    static const char *const SITE[3] = {"total", "dose-whole", "dose-one-decimal"};
    static const char *const METHADONE[3][2] = {
        {"244", "400"}, {"80", "264"}, {"162.4", "266.4"}};
    for (int s = 0; s < 3; s++) {
        for (size_t i = 0; i < NFILLS; i++) {
            if (i == 5 || i == 6)
                snprintf(v, sizeof v, "%s", METHADONE[s][i - 5]);
            else if (s == 0)
                report(t, MED_METHOD_SUPPLY, MED_ROUNDING_NONE, &FILLS[i], v, sizeof v);
            else
                report_dose_rounded(t, MED_METHOD_SUPPLY, s - 1, &FILLS[i], v, sizeof v);
            check(a, &FILLS[i], v, SITE[s]);
            if (i == 2)
                check(a, &OXY, OUTLIER, SITE[s]);
        }
    }
    static const med_rounding ROUNDING[3] = {MED_ROUNDING_NONE, MED_ROUNDING_DOSE_WHOLE,
                                             MED_ROUNDING_DOSE_ONE_DECIMAL};
    for (int s = 0; s < 3; s++) {
        const med_fingerprint *f = fingerprint(a, (size_t)s);
        const med_calculator *c = &f->best;
        assert_string_equal(f->site, SITE[s]);
        if (strcmp(c->table_id, "cdc-2016") != 0 || c->method != MED_METHOD_SUPPLY ||
            c->rounding != ROUNDING[s] || c->tier_by_total != (s == 0) ||
            c->tier_by_whole_dose || c->patch_day_on_rate || f->tie_count != 0)
            fail_msg("site %s: fingerprint %s (%zu ties, first %s)", SITE[s], c->text,
                     f->tie_count, f->tie_count ? f->ties[0].text : "-");
        assert_int_equal(c->rows, NFILLS);
        assert_int_equal(c->exact, NFILLS);
        assert_int_equal(f->left_count, 1);
        assert_int_equal(f->left[0].row, 4 + (size_t)s * (NFILLS + 1));
        assert_int_equal(f->left[0].cause, MED_CAUSE_UNEXPLAINED);
    }
    assert_non_null(strstr(fingerprint(a, 0)->best.text,
                           "methadone tier by the patient's total daily methadone"));
    /* the prescription's own tier is a patient's total too: a site whose methadone is reported
     * by the prescription is named by the simpler convention, with no tie */
    for (size_t i = 0; i < NFILLS; i++) {
        report(t, MED_METHOD_SUPPLY, MED_ROUNDING_NONE, &FILLS[i], v, sizeof v);
        check(a, &FILLS[i], v, "prescription");
    }
    const med_fingerprint *f = fingerprint(a, 3);
    assert_false(f->best.tier_by_total);
    assert_int_equal(f->best.rounding, MED_ROUNDING_NONE);
    assert_int_equal(f->tie_count, 0);
    med_agree_free(a);
    med_table_free(t);
}

/* Half the rows from one table, half from another: mixed, with both named. A row left by the
 * calculator because of a rounding it does not use has cause rounding. */
static void mixed_site(void **state)
{
    (void)state;
    med_error e;
    med_table *a16 = NULL, *cms = NULL;
    char v[32];
    assert_int_equal(med_table_load_embedded("cdc-2016", &a16, &e), MED_OK);
    assert_int_equal(med_table_load_embedded("cms-2018", &cms, &e), MED_OK);
    med_agree *a = checker();
    /* rows where the two differ: levorphanol, tramadol, methadone twice; each table gives
     * one of each pair, so none reproduces more than half */
    static const size_t DIFFER[] = {2, 4, 5, 6};
    for (size_t k = 0; k < 4; k++) {
        size_t i = DIFFER[k];
        report(k % 2 ? cms : a16, MED_METHOD_SUPPLY, MED_ROUNDING_NONE, &FILLS[i], v, sizeof v);
        check(a, &FILLS[i], v, "mixed");
        report(k % 2 ? a16 : cms, MED_METHOD_SUPPLY, MED_ROUNDING_NONE, &FILLS[i], v, sizeof v);
        check(a, &FILLS[i], v, "mixed");
    }
    const med_fingerprint *f = fingerprint(a, 0);
    assert_true(f->mixed);
    assert_true(f->part_count >= 2 && f->part_count <= 3);
    assert_int_equal(f->rows, 8);
    assert_int_equal(f->best.rows, 4);
    assert_int_equal(f->explained, 8);
    assert_int_equal(f->left_count, 0);
    int saw16 = 0, sawcms = 0;
    for (size_t i = 0; i < f->part_count; i++) {
        saw16 |= strcmp(f->parts[i].table_id, "cdc-2016") == 0;
        sawcms |= strcmp(f->parts[i].table_id, "cms-2018") == 0;
    }
    assert_true(saw16 && sawcms);
    /* wa-amdg-2015 gives what cdc-2016 gives on these rows, hedis-2025 what cms-2018 gives: each
     * part's twin is listed as tied with it, not silently passed over */
    int tied[2] = {0, 0};
    for (size_t i = 0; i < f->tie_count; i++)
        if (f->ties[i].part < 2 && f->ties[i].rounding == MED_ROUNDING_NONE &&
            (strcmp(f->ties[i].table_id, "wa-amdg-2015") == 0 ||
             strcmp(f->ties[i].table_id, "hedis-2025") == 0))
            tied[f->ties[i].part] = 1;
    assert_true(tied[0] && tied[1]);

    /* whole numbers everywhere but one row reported to the hundredth */
    for (size_t i = 0; i < NFILLS; i++) {
        report(cms, MED_METHOD_SUPPLY, i == 8 ? MED_ROUNDING_NONE : MED_ROUNDING_WHOLE,
               &FILLS[i], v, sizeof v);
        check(a, &FILLS[i], v, "whole");
    }
    f = fingerprint(a, 1);
    assert_false(f->mixed);
    assert_int_equal(f->best.rounding, MED_ROUNDING_WHOLE);
    assert_int_equal(f->left_count, 1);
    assert_int_equal(f->left[0].cause, MED_CAUSE_ROUNDING);
    assert_false(f->left[0].changes_decision);
    med_agree_free(a);
    med_table_free(a16);
    med_table_free(cms);
}

/* Misuse is an error that says why; a checker without fingerprints is unchanged. */
static void errors(void **state)
{
    (void)state;
    med_error e;
    const med_fingerprint *f = NULL;
    med_agree *a = NULL;
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    check(a, &OXY, "60", "s");
    assert_int_equal(med_agree_fingerprint(a, 0, &f, &e), MED_ERR_ARGUMENT);
    assert_non_null(strstr(e.message, "med_agree_keep_fingerprints"));
    assert_int_equal(med_agree_keep_fingerprints(a, &e), MED_ERR_ARGUMENT);
    assert_non_null(strstr(e.message, "before"));
    med_agree_free(a);
    a = checker();
    check(a, &OXY, "60", "s");
    assert_int_equal(med_agree_fingerprint(a, 1, &f, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_agree_fingerprint(a, 0, &f, &e), MED_OK);
    assert_int_equal(f->rows, 1);
    assert_int_equal(med_agree_keep_fingerprints(NULL, &e), MED_ERR_ARGUMENT);
    assert_string_equal(med_rounding_string(MED_ROUNDING_TRUNCATE), "truncate");
    assert_string_equal(med_rounding_string(MED_ROUNDING_DOSE_WHOLE), "dose_whole");
    assert_string_equal(med_rounding_string(MED_ROUNDING_DOSE_ONE_DECIMAL), "dose_one_decimal");
    med_agree_free(a);
}

/* A site computing under cdc-2022 and filling its gaps from cms-2018 (levorphanol 11; no value
 * for benzhydrocodone, which hedis-2025 would give 1.2): named as that joined calculator, with
 * no tie; its base table alone is not (it gives no value for levorphanol). */
static void fallback_site(void **state)
{
    (void)state;
    med_error e;
    med_table *t = NULL;
    char v[32];
    assert_int_equal(med_table_load_with_fallback("cdc-2022", "cms-2018", &t, &e), MED_OK);
    med_agree *a = checker();
    for (size_t i = 0; i < NFILLS; i++) {
        report(t, MED_METHOD_SUPPLY, MED_ROUNDING_NONE, &FILLS[i], v, sizeof v);
        check(a, &FILLS[i], v, "fallback");
    }
    const med_fingerprint *f = fingerprint(a, 0);
    assert_string_equal(f->best.table_id, "cdc-2022");
    assert_non_null(f->best.fallback_id);
    assert_string_equal(f->best.fallback_id, "cms-2018");
    assert_string_equal(f->best.fallback_version, "1");
    assert_int_equal(f->best.rows, NFILLS);
    assert_int_equal(f->tie_count, 0);
    assert_false(f->mixed);
    assert_non_null(strstr(f->best.text, "cdc-2022@1 falling back to cms-2018@1"));
    med_agree_free(a);
    /* the strict site: cdc-2022 itself, no fallback named, no tie with a joined table */
    med_table *plain = NULL;
    assert_int_equal(med_table_load_embedded("cdc-2022", &plain, &e), MED_OK);
    a = checker();
    for (size_t i = 0; i < NFILLS; i++) {
        report(plain, MED_METHOD_SUPPLY, MED_ROUNDING_NONE, &FILLS[i], v, sizeof v);
        check(a, &FILLS[i], v, "strict");
    }
    f = fingerprint(a, 0);
    assert_string_equal(f->best.table_id, "cdc-2022");
    assert_null(f->best.fallback_id);
    assert_int_equal(f->tie_count, 0);
    med_agree_free(a);
    med_table_free(plain);
    med_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fallback_site),
        cmocka_unit_test(each_table_method_rounding),
        cmocka_unit_test(conventions),
        cmocka_unit_test(each_table_dose_rounding),
        cmocka_unit_test(methadone_conventions),
        cmocka_unit_test(mixed_site),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
