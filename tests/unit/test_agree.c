/* Another calculator's values against ours (agree.c, explain.c): values produced with the other
 * tables and with known conventions are diagnosed row by row; our own vectors agree 100%. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

/* The parser the regimens below are read with (made by the group setup): an input it gives
 * points into it and is valid until the next regimen(). */
static med_regimen *R;

static int group_setup(void **state)
{
    (void)state;
    return med_regimen_new(&R) == MED_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    med_regimen_free(R);
    R = NULL;
    return 0;
}

static med_input regimen(const char *text)
{
    med_error e;
    if (med_regimen_parse(R, text, &e) != MED_OK)
        fail_msg("%s: %s", text, e.message);
    return *med_regimen_input(R);
}

static med_input fill(const char *drug, const char *strength, const char *unit, const char *qty,
                      const char *days)
{
    med_input in = MED_INPUT_INIT;
    in.drug = drug;
    in.strength = strength;
    in.unit = unit;
    in.quantity = qty;
    in.days_supply = days;
    return in;
}

/* One diagnosis: the input, the row's table (NULL: the checker's default), the reported value,
 * the cause we must name (NONE: agrees) and words the explanation must hold. */
typedef struct diagnosis {
    const char *site, *table, *text; /* text: a regimen, or NULL for the fill below */
    const char *drug, *strength, *unit, *qty, *days;
    const char *reported;
    med_cause cause;
    const char *says;
} diagnosis;

static const diagnosis CASES[] = {
    {"north", NULL, "oxycodone 10 mg q6h", 0, 0, 0, 0, 0, "60", MED_CAUSE_NONE, NULL},
    {"north", NULL, "oxycodone 10 mg q6h", 0, 0, 0, 0, 0, "60.04", MED_CAUSE_NONE, NULL},
    /* values produced with the other tables */
    {"north", NULL, "hydromorphone 2 mg q4h", 0, 0, 0, 0, 0, "48", MED_CAUSE_FACTOR,
     "cdc-2016@1, cms-2018@1, hedis-2025@1, wa-amdg-2015@1 (clinical method)"},
    {"north", NULL, "tramadol 50 mg qid", 0, 0, 0, 0, 0, "20", MED_CAUSE_FACTOR,
     "tramadol oral factor 0.1 there, 0.2 here"},
    {"north", NULL, "methadone 10 mg tid", 0, 0, 0, 0, 0, "240", MED_CAUSE_TIER,
     "cdc-2016@1, wa-amdg-2015@1"},
    {"north", NULL, "methadone 10 mg tid", 0, 0, 0, 0, 0, "90", MED_CAUSE_FACTOR,
     "cms-2018@1, hedis-2025@1"},
    {"east", NULL, NULL, "benzhydrocodone/acetaminophen", "6.12/325", "mg", "120", "30", "29.38",
     MED_CAUSE_NO_FACTOR,
     "reproduced with cdc-2022@1 falling back to hedis-2025@1 (supply); also by hedis-2025@1 "
     "(supply)"},
    {"east", NULL, "tramadol 50 mg qid", 0, 0, 0, 0, 0, "error", MED_CAUSE_NO_FACTOR,
     "no factor in cdc-2016@1, wa-amdg-2015@1"},
    /* conventions */
    {"north", "cdc-2016", "methadone 10 mg bid", 0, 0, 0, 0, 0, "160", MED_CAUSE_TIER,
     "the patient's total daily dose"},
    {"south", "cdc-2016", NULL, "methadone", "10", "mg", "61", "30", "81.33", MED_CAUSE_TIER,
     "cut to a whole number"},
    {"south", "cdc-2016", NULL, "methadone", "10", "mg", "61", "30", "80", MED_CAUSE_ROUNDING,
     "the daily dose 20.33 mg rounded to a whole number (20 mg/day) gives 80"},
    {"south", NULL, "fentanyl 25 mcg/hr patch q48h", 0, 0, 0, 0, 0, "90", MED_CAUSE_PATCH,
     "under the supply method gives 90"},
    {"south", NULL, "fentanyl 25 mcg/hr patch", 0, 0, 0, 0, 0, "180", MED_CAUSE_PATCH,
     "the patch-day factor 7.2 applied to the 25 mcg/hr rate"},
    {"south", NULL, NULL, "fentanyl patch", "25", "mcg/hr", "15", "30", "60", MED_CAUSE_PATCH,
     "by its mcg/hr rate alone"},
    {"south", NULL, NULL, "oxycodone", "10", "mg", "100", "30", "49.5", MED_CAUSE_ROUNDING,
     "(33 mg/day) gives 49.5"},
    {"south", NULL, NULL, "hydromorphone", "2", "mg", "100", "30", "33", MED_CAUSE_ROUNDING,
     "our 33.33 MME/day rounded to a whole number is 33"},
    {"south", NULL, NULL, "hydromorphone", "2", "mg", "100", "30", "33.3", MED_CAUSE_NONE, NULL},
    /* statuses */
    {"east", NULL, "buprenorphine 8 mg daily", 0, 0, 0, 0, 0, "0", MED_CAUSE_EXCLUDED,
     "not zero"},
    {"east", NULL, "buprenorphine 8 mg daily", 0, 0, 0, 0, 0, "240", MED_CAUSE_EXCLUDED,
     "no shipped table gives it a factor"},
    {"east", NULL, "buprenorphine 8 mg daily", 0, 0, 0, 0, 0, "excluded", MED_CAUSE_NONE, NULL},
    {"east", NULL, "buprenorphine 8 mg daily", 0, 0, 0, 0, 0, "", MED_CAUSE_NONE, NULL},
    {"east", "cdc-2016", "tramadol 50 mg qid", 0, 0, 0, 0, 0, "error", MED_CAUSE_NONE, NULL},
    {"east", NULL, "alprazolam 1 mg bid", 0, 0, 0, 0, 0, "0", MED_CAUSE_NONE, NULL},
    {"east", NULL, "oxycodone 10 mg q6h", 0, 0, 0, 0, 0, "75", MED_CAUSE_UNEXPLAINED,
     "implies a factor of 1.875"},
    {"west", NULL, "oxycodone 10 mg q6h", 0, 0, 0, 0, 0, "sixty", MED_CAUSE_INPUT, "'sixty'"},
    {"west", "cdc-1999", "oxycodone 10 mg q6h", 0, 0, 0, 0, 0, "60", MED_CAUSE_INPUT,
     "no embedded table 'cdc-1999'"},
    {"west", "cdc-2022@9", "oxycodone 10 mg q6h", 0, 0, 0, 0, 0, "60", MED_CAUSE_INPUT,
     "version 1 here, not 9"},
};

static void diagnosed_row_by_row(void **state)
{
    (void)state;
    med_agree *a = NULL;
    med_error e;
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        const diagnosis *d = &CASES[i];
        med_input in = d->text ? regimen(d->text) : fill(d->drug, d->strength, d->unit, d->qty,
                                                          d->days);
        const med_agreement *r = NULL;
        assert_int_equal(med_agree_check(a, &in, d->reported, d->site, d->table,
                                         MED_METHOD_AUTO, &r),
                         MED_OK);
        assert_non_null(r);
        if (r->cause != d->cause || r->agrees != (d->cause == MED_CAUSE_NONE))
            fail_msg("case %zu (%s, reported %s): cause %s, agrees %d, want %s: %s", i,
                     d->text ? d->text : d->drug, d->reported, med_cause_string(r->cause),
                     r->agrees, med_cause_string(d->cause), r->explanation);
        if (d->says && strstr(r->explanation, d->says) == NULL)
            fail_msg("case %zu: explanation '%s' lacks '%s'", i, r->explanation, d->says);
        assert_string_equal(r->site, d->site);
    }
    /* the summary per site: rows, agreement, most common cause */
    const med_agree_site *s;
    assert_int_equal(med_agree_site_count(a), 4);
    assert_non_null(s = med_agree_get_site(a, 0));
    assert_string_equal(s->site, "north");
    assert_int_equal(s->rows, 7);
    assert_int_equal(s->agree, 2);
    assert_int_equal(s->common_cause, MED_CAUSE_FACTOR);
    assert_int_equal(s->common_cause_rows, 3);
    assert_string_equal(s->rate, "28.6");
    assert_non_null(s = med_agree_get_site(a, 1));
    assert_string_equal(s->site, "east");
    assert_non_null(s = med_agree_get_site(a, 3));
    assert_string_equal(s->site, "west");
    assert_int_equal(s->common_cause, MED_CAUSE_INPUT);
    assert_string_equal(s->rate, "0");
    assert_null(med_agree_get_site(a, 4));
    assert_non_null(s = med_agree_get_total(a));
    assert_int_equal(s->rows, sizeof CASES / sizeof *CASES);
    med_agree_free(a);
}

/* The difference is reported - ours, with the percentage of ours. */
static void difference_text(void **state)
{
    (void)state;
    med_agree *a = NULL;
    const med_agreement *r = NULL;
    med_error e;
    med_input in = regimen("hydromorphone 2 mg q4h");
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    assert_int_equal(med_agree_check(a, &in, " 48 ", NULL, NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_non_null(r);
    assert_string_equal(r->difference, "-12");
    assert_string_equal(r->relative, "-20%");
    assert_string_equal(r->reported, "48");
    assert_true(r->reported_value);
    assert_int_equal(r->reported_hundredths, 4800);
    assert_string_equal(r->site, "");
    assert_string_equal(r->table_id, "cdc-2022");
    assert_int_equal(med_agree_check(a, &in, "60", NULL, NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_non_null(r);
    assert_string_equal(r->difference, "0");
    assert_true(r->agrees);
    /* Past 64 bits at x100: the percentage is exact, not a product cut to 64 bits; a value
     * whose hundredths 64 bits cannot hold is refused as too large, never wrapped. */
    assert_int_equal(med_agree_check(a, &in, "1000000000000060", NULL, NULL, MED_METHOD_AUTO,
                                     &r), MED_OK);
    assert_string_equal(r->difference, "+1000000000000000");
    assert_string_equal(r->relative, "+1666666666666666.7%");
    assert_int_equal(med_agree_check(a, &in, "100000000000000000", NULL, NULL, MED_METHOD_AUTO,
                                     &r), MED_OK);
    assert_false(r->reported_value);
    assert_int_equal(r->cause, MED_CAUSE_INPUT);
    assert_non_null(strstr(r->explanation, "too large to compare exactly"));
    assert_int_equal(med_agree_check(NULL, &in, "60", NULL, NULL, MED_METHOD_AUTO, &r),
                     MED_ERR_ARGUMENT);
    med_agree_free(a);
}

/* A reported value that is a plain number but cannot be held exactly says which it is, however
 * many digits it has: too large past 92233720368547758.07 MME/day (17 digits and 19, 25 or 40
 * alike), too many digits for a smaller one, and only a text that is no number says so. */
static void reported_too_large_or_too_long(void **state)
{
    (void)state;
    static const struct {
        const char *reported, *says;
    } VALUES[] = {
        {"100000000000000000", "is too large to compare exactly (at most 92233720368547758.07"},
        {"92233720368547758.08", "is too large to compare exactly"},
        {"92233720368547758.075", "is too large to compare exactly"},
        {"1000000000000000000", "is too large to compare exactly"},
        {"1234567890123456789012345", "is too large to compare exactly"},
        {"1234567890123456789012345678901234567890", "is too large to compare exactly"},
        {"00000000000000000000000000000000000000001000000000000000000", "is too large"},
        {"92233720368547758.074", "has more digits than can be compared exactly (at most 18)"},
        {"60.0000000000000000001", "has more digits than can be compared exactly"},
        {"0000000000000000000060", "has more digits than can be compared exactly"},
        {"1e30", "is not a plain number"},
        {"1000000000000000000x", "is not a plain number"},
        {"10000000000000000000.", "is not a plain number"},
    };
    med_agree *a = NULL;
    const med_agreement *r = NULL;
    med_error e;
    med_input in = regimen("hydromorphone 2 mg q4h");
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    for (size_t i = 0; i < sizeof VALUES / sizeof *VALUES; i++) {
        assert_int_equal(med_agree_check(a, &in, VALUES[i].reported, NULL, NULL,
                                         MED_METHOD_AUTO, &r), MED_OK);
        assert_false(r->reported_value);
        assert_int_equal(r->cause, MED_CAUSE_INPUT);
        if (strstr(r->explanation, VALUES[i].says) == NULL)
            fail_msg("'%s': %s", VALUES[i].reported, r->explanation);
    }
    med_agree_free(a);
}

/* A fixed table and method override the rows'; a tolerance is honoured. */
static void fixed_table_and_tolerance(void **state)
{
    (void)state;
    med_table *t = NULL;
    med_agree *a = NULL;
    const med_agreement *r = NULL;
    med_error e;
    med_tolerance tol = {MED_TOLERANCE_VERSION, 0.5, 0};
    med_input in = fill("hydromorphone", "2", "mg", "100", "30");
    assert_int_equal(med_table_load_embedded("cdc-2016", &t, &e), MED_OK);
    assert_int_equal(med_agree_new(t, MED_METHOD_CLINICAL, &tol, &a, &e), MED_OK);
    assert_int_equal(med_agree_check(a, &in, "26.5", "x", "cdc-2022", MED_METHOD_SUPPLY, &r),
                     MED_OK);
    assert_non_null(r);
    assert_string_equal(r->table_id, "cdc-2016");
    assert_int_equal(r->ours.method, MED_METHOD_CLINICAL);
    assert_string_equal(med_agree_text(a, MED_TEXT_MME), "26.67");
    assert_int_equal(r->ours.mme_hundredths, 2667);
    assert_true(r->agrees); /* within 0.5 */
    med_tolerance bad = {MED_TOLERANCE_VERSION, -1, 0};
    med_agree *b = NULL;
    assert_int_equal(med_agree_new(t, MED_METHOD_AUTO, &bad, &b, &e), MED_ERR_RANGE);
    assert_null(b);
    med_agree_free(a);
    med_table_free(t);
}

static void rows_and_header(void **state)
{
    (void)state;
    med_agree *a = NULL;
    const med_agreement *r = NULL;
    med_error e;
    const char *bad[] = {"regimen", "site"};
    const char *none[] = {"patient", "reported_mme"};
    const char *header[] = {"Site", " regimen ", "reported_mme", "method"};
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    assert_int_equal(med_agree_header(a, bad, 2, &e), MED_ERR_INVALID);
    assert_non_null(strstr(e.message, "reported_mme"));
    assert_int_equal(med_agree_header(a, none, 2, &e), MED_ERR_INVALID);
    assert_non_null(strstr(e.message, "regimen"));
    assert_int_equal(med_agree_header(a, header, 4, &e), MED_OK);
    const char *ok[] = {"A", "fentanyl 25 mcg/hr patch q48h", "90", "supply"};
    assert_int_equal(med_agree_row(a, ok, 4, 2, &r), MED_OK);
    assert_non_null(r);
    assert_true(r->agrees);
    assert_string_equal(r->site, "A");
    const char *shortrow[] = {"A", "oxycodone 10 mg q6h"};
    assert_int_equal(med_agree_row(a, shortrow, 2, 3, &r), MED_OK);
    assert_non_null(r);
    assert_false(r->agrees);
    assert_int_equal(r->cause, MED_CAUSE_INPUT);
    assert_non_null(strstr(r->explanation, "2 fields"));
    const char *badmethod[] = {"B", "oxycodone 10 mg q6h", "60", "guess"};
    assert_int_equal(med_agree_row(a, badmethod, 4, 4, &r), MED_OK);
    assert_non_null(r);
    assert_int_equal(r->cause, MED_CAUSE_INPUT);
    assert_non_null(strstr(r->explanation, "guess"));
    med_error broken;
    memset(&broken, 0, sizeof broken);
    snprintf(broken.message, sizeof broken.message, "unterminated quoted field");
    r = NULL;
    med_agree_record_error(a, &broken, &r);
    assert_non_null(r);
    assert_int_equal(r->cause, MED_CAUSE_INPUT);
    assert_int_equal(med_agree_record_error_checked(NULL, &broken, &r), MED_ERR_ARGUMENT);
    assert_int_equal(med_agree_record_error_checked(a, NULL, &r), MED_ERR_ARGUMENT);
    const med_agree_site *s = med_agree_get_total(a);
    assert_non_null(s);
    assert_int_equal(s->rows, 4);
    assert_int_equal(s->agree, 1);
    assert_int_equal(s->by_cause[MED_CAUSE_INPUT], 3);
    assert_int_equal(med_agree_site_count(a), 3); /* A, B and the record without a site */
    med_agree_free(a);
}

static const char SITE[] = "id: site\nversion: \"4\"\ntitle: t\nsource: s\neffective: 2025-01-01\n"
                           "...\n"
                           "ndc,ingredient,form,strength,unit\n"
                           "99998000101,tapentadol,oral,50,mg\n";

/* One row of an ndc,product,drug,strength,unit,quantity,days_supply,reported_mme file; the
 * verdict is borrowed from the checker until its next row (our texts: med_agree_text()). */
static const med_agreement *claim(med_agree *a, const char *ndc, const char *product,
                                  const char *drug, const char *strength, const char *reported)
{
    const char *fields[] = {ndc, product, drug, strength, strength[0] ? "mg" : "", "120", "30",
                            reported};
    const med_agreement *r = NULL;
    assert_int_equal(med_agree_row(a, fields, 8, 2, &r), MED_OK);
    assert_non_null(r);
    return r;
}

/* NDC and description columns are read as a batch reads them, with the lists it would use. */
static void ndc_rows(void **state)
{
    (void)state;
    med_agree *a = NULL;
    med_ndc_list *site = NULL;
    const med_agreement *r;
    med_error e;
    const char *plain[] = {"regimen", "reported_mme"};
    const char *header[] = {"ndc",  "product",      "drug",       "strength",
                            "unit", "quantity", "days_supply", "reported_mme"};
    assert_int_equal(med_ndc_list_load_buffer(SITE, strlen(SITE), "site.ndc", &site, &e), MED_OK);
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    assert_int_equal(med_agree_header(a, plain, 2, &e), MED_OK);
    assert_int_equal(med_agree_ndc_list_count(a), 0); /* no ndc column: no list loaded */
    assert_int_equal(med_agree_add_ndc_list(a, site, &e), MED_OK);
    assert_int_equal(med_agree_ndc_list_count(a), 0);
    assert_int_equal(med_agree_header(a, header, 8, &e), MED_OK);
    assert_int_equal(med_agree_ndc_list_count(a), 2);
    assert_ptr_equal(med_agree_ndc_list(a, 1), site);
    assert_null(med_agree_ndc_list(a, 2));
    r = claim(a, "00406-0552-62", "", "", "", "30"); /* oxycodone 5 mg, 4 a day */
    assert_true(r->agrees);
    assert_non_null(strstr(med_agree_text(a, MED_TEXT_MESSAGE), "ndc 00406055262 (cdc-ndc-2018@2): oxycodone oral"));
    r = claim(a, "99998-0001-01", "", "", "", "80"); /* tapentadol 50 mg, 4 a day */
    assert_true(r->agrees);
    assert_non_null(strstr(med_agree_text(a, MED_TEXT_MESSAGE), "(site@4): tapentadol oral 50 mg"));
    r = claim(a, "00406-0552-62", "", "", "10", "30");
    assert_int_equal(r->cause, MED_CAUSE_INPUT);
    assert_non_null(strstr(r->explanation, "but the row says strength 10 mg"));
    r = claim(a, "99998-0002-01", "", "oxycodone", "5", "30");
    assert_true(r->agrees);
    assert_non_null(strstr(med_agree_text(a, MED_TEXT_MESSAGE), "computed from the drug, strength and unit columns"));
    r = claim(a, "", "OXYCODONE HCL 5 MG TAB", "", "", "30");
    assert_true(r->agrees);
    r = claim(a, "", "", "OXYCODONE HCL 5 MG TAB", "", "30");
    assert_true(r->agrees);
    r = claim(a, "", "", "", "", "30");
    assert_int_equal(r->cause, MED_CAUSE_INPUT);
    assert_non_null(strstr(r->explanation, "column drug is empty"));
    assert_int_equal(med_agree_add_ndc_list(a, NULL, &e), MED_ERR_ARGUMENT);
    med_agree_free(a);
    med_ndc_list_free(site);
}

/* What a vectors file gives as the expected value: the MME text, or the status word. */
static void expected_text(const med_table *t, const med_vector *v, const med_result *x, char *buf,
                          size_t cap)
{
    if (x->status == MED_RESULT_OK)
        med_compute_text(t, &v->input, v->method, MED_TEXT_MME, buf, cap);
    else
        snprintf(buf, cap, "%s", med_result_status_string(x->status));
}

/* The done-when of issue 4: our own vectors agree 100% for every table and method. */
static void own_vectors_agree(void **state)
{
    (void)state;
    for (const char *const *id = med_embedded_table_ids(); *id; id++) {
        med_table *t = NULL;
        med_agree *a = NULL;
        med_vector_list *list = NULL;
        med_error e;
        assert_int_equal(med_table_load_embedded(*id, &t, &e), MED_OK);
        assert_int_equal(med_vectors_new(t, MED_METHOD_AUTO, &list), MED_OK);
        size_t n = med_vectors_count(list);
        assert_true(n > 0);
        assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
        for (size_t i = 0; i < n; i++) {
            const med_vector *v = med_vectors_get(list, i);
            med_result x = MED_RESULT_INIT;
            const med_agreement *r = NULL;
            char want[32];
            assert_non_null(v);
            assert_int_equal(med_compute(t, &v->input, v->method, &x), MED_OK);
            expected_text(t, v, &x, want, sizeof want);
            assert_int_equal(med_agree_check(a, &v->input, want, NULL, *id, v->method, &r),
                             MED_OK);
            assert_non_null(r);
            if (!r->agrees)
                fail_msg("%s %s: %s", *id, v->name, r->explanation);
        }
        const med_agree_site *s = med_agree_get_total(a);
        assert_non_null(s);
        assert_int_equal(s->agree, n);
        assert_string_equal(s->rate, "100");
        med_agree_free(a);
        med_vectors_free(list);
        med_table_free(t);
    }
}

/* A disagreement changes a decision only when a threshold of the reference table lies between
 * the two values: a rounding that crosses none never does, a patch misapplied across 90 does. */
static void decision_changes(void **state)
{
    (void)state;
    med_table *cms = NULL;
    med_agree *a = NULL;
    const med_agreement *r = NULL;
    med_error e;
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    med_input in = regimen("oxycodone 7.3 mg q6h"); /* 43.8 */
    assert_int_equal(med_agree_check(a, &in, "44", "s", NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_int_equal(r->cause, MED_CAUSE_ROUNDING);
    assert_false(r->changes_decision);
    assert_int_equal(r->crossed_count, 0);
    assert_string_equal(r->thresholds_crossed, "");
    in = regimen("fentanyl 25 mcg/hr patch"); /* 60; 7.2 on the rate gives 180 */
    assert_int_equal(med_agree_check(a, &in, "180", "s", NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_int_equal(r->cause, MED_CAUSE_PATCH);
    assert_true(r->changes_decision);
    assert_int_equal(r->crossed_count, 1); /* 60 is already at or above 50 */
    assert_int_equal(r->crossed[0]->mme_hundredths, 9000);
    assert_string_equal(r->thresholds_crossed, ">=90 high");
    /* reported below ours, across both 50 and 90 */
    in = regimen("oxycodone 20 mg q6h"); /* 120 */
    assert_int_equal(med_agree_check(a, &in, "40", "s", NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_string_equal(r->thresholds_crossed, ">=50 caution; >=90 high");
    /* nothing reported for 120: counts as 0 */
    assert_int_equal(med_agree_check(a, &in, "", "s", NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_int_equal(r->crossed_count, 2);
    /* an unreadable value or an agreement changes nothing */
    assert_int_equal(med_agree_check(a, &in, "lots", "s", NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_false(r->changes_decision);
    assert_int_equal(med_agree_check(a, &in, "120.04", "s", NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_false(r->changes_decision);
    /* within the tolerance, but on the other side of 90: it agrees and changes a decision */
    in = regimen("morphine 29.99 mg tid"); /* 89.97 */
    assert_int_equal(med_agree_check(a, &in, "90", "s", NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_true(r->agrees);
    assert_true(r->changes_decision);
    assert_string_equal(r->thresholds_crossed, ">=90 high");
    const med_agree_site *s = med_agree_get_site(a, 0);
    assert_int_equal(s->decision_changes, 4);
    assert_int_equal(med_agree_get_total(a)->decision_changes, 4);
    med_agree_free(a);
    /* the reference table's thresholds: cms-2018 has 90 and 200, no 50 */
    assert_int_equal(med_table_load_embedded("cms-2018", &cms, &e), MED_OK);
    assert_int_equal(med_agree_new(cms, MED_METHOD_AUTO, NULL, &a, &e), MED_OK);
    in = regimen("oxycodone 20 mg q6h");
    assert_int_equal(med_agree_check(a, &in, "40", "s", NULL, MED_METHOD_AUTO, &r), MED_OK);
    assert_string_equal(r->thresholds_crossed, ">=90 care-coordination");
    med_agree_free(a);
    med_table_free(cms);
}

/* Rows counted by two checkers, each a piece of the file, merged in the file's order: the
 * summary a single checker gives (sites in order of first appearance, counts, rates, causes). */
static void merged_pieces(void **state)
{
    (void)state;
    const char *header[] = {"site", "regimen", "reported_mme"};
    const char *rows[][3] = {{"B", "oxycodone 10 mg q6h", "60"},
                             {"A", "oxycodone 10 mg q6h", "90"},
                             {"B", "morphine 30 mg q12h", "60"},
                             {"C", "oxycodone 10 mg q6h", "45"},
                             {"A", "fentanyl 25 mcg/hr patch q72h", "60"},
                             {"D", "oxycodone 10 mg q6h", "60"}};
    med_agree *whole = NULL, *first = NULL, *second = NULL;
    const med_agreement *r = NULL;
    med_error e;
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &whole, &e), MED_OK);
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &first, &e), MED_OK);
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &second, &e), MED_OK);
    assert_int_equal(med_agree_header(whole, header, 3, &e), MED_OK);
    assert_int_equal(med_agree_header(first, header, 3, &e), MED_OK);
    assert_int_equal(med_agree_header(second, header, 3, &e), MED_OK);
    for (long i = 0; i < 6; i++) {
        assert_int_equal(med_agree_row(whole, rows[i], 3, i + 2, &r), MED_OK);
        assert_int_equal(med_agree_row(i < 2 ? first : second, rows[i], 3, i + 2, &r), MED_OK);
    }
    med_agree *merged = NULL;
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &merged, &e), MED_OK);
    assert_int_equal(med_agree_merge(merged, first, &e), MED_OK);
    assert_int_equal(med_agree_merge(merged, second, &e), MED_OK);
    assert_int_equal(med_agree_merge(merged, merged, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_agree_site_count(merged), 4);
    for (size_t i = 0; i <= 4; i++) {
        const med_agree_site *a = i < 4 ? med_agree_get_site(whole, i) : med_agree_get_total(whole);
        const med_agree_site *b = i < 4 ? med_agree_get_site(merged, i)
                                        : med_agree_get_total(merged);
        assert_string_equal(a->site, b->site);
        assert_int_equal(a->rows, b->rows);
        assert_int_equal(a->agree, b->agree);
        assert_string_equal(a->rate, b->rate);
        assert_int_equal(a->common_cause, b->common_cause);
        assert_int_equal(a->common_cause_rows, b->common_cause_rows);
        assert_int_equal(a->decision_changes, b->decision_changes);
        assert_memory_equal(a->by_cause, b->by_cause, MED_CAUSE_COUNT * sizeof *a->by_cause);
    }
    assert_string_equal(med_agree_get_site(merged, 0)->site, "B");
    assert_int_equal(med_agree_get_total(merged)->rows, 6);
    assert_true(med_agree_get_total(merged)->agree < 6); /* the test holds disagreements */
    /* Cleared, a checker counts from zero, keeping its header. */
    med_agree_clear(second);
    assert_int_equal(med_agree_site_count(second), 0);
    assert_int_equal(med_agree_get_total(second)->rows, 0);
    assert_int_equal(med_agree_row(second, rows[0], 3, 2, &r), MED_OK);
    assert_int_equal(med_agree_get_total(second)->rows, 1);
    /* Fingerprints cannot be merged. */
    med_agree *fp = NULL;
    assert_int_equal(med_agree_new(NULL, MED_METHOD_AUTO, NULL, &fp, &e), MED_OK);
    assert_int_equal(med_agree_keep_fingerprints(fp, &e), MED_OK);
    assert_int_equal(med_agree_merge(fp, first, &e), MED_ERR_ARGUMENT);
    assert_non_null(strstr(e.message, "fingerprints"));
    med_agree_free(fp);
    med_agree_free(merged);
    med_agree_free(whole);
    med_agree_free(first);
    med_agree_free(second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diagnosed_row_by_row),      cmocka_unit_test(difference_text),
        cmocka_unit_test(reported_too_large_or_too_long),
        cmocka_unit_test(fixed_table_and_tolerance), cmocka_unit_test(rows_and_header),
        cmocka_unit_test(own_vectors_agree),         cmocka_unit_test(ndc_rows),
        cmocka_unit_test(decision_changes),          cmocka_unit_test(merged_pieces),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
