/* Calculation under the shipped tables: the worked examples of the reference notes (W#) and the
 * issue's examples, computed from structured inputs (no text parsing involved). */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"
#include "inputs.h"

/* med_compute_prepared gives what med_compute gave (`want`), member by member, and the prepared
 * input shares its table's strings. */
static void expect_prepared_same(const med_table *t, const med_input *in, med_method m,
                                 const med_result *want)
{
    med_prepared *p = NULL;
    med_result r = MED_RESULT_INIT;
    assert_int_equal(med_input_prepare(t, in, m, &p), MED_OK);
    assert_int_equal(med_compute_prepared(p, &r), MED_OK);
    assert_int_equal(r.status, want->status);
    assert_int_equal(r.method, want->method);
    assert_int_equal(r.error, want->error);
    assert_ptr_equal(r.ingredient, want->ingredient);
    assert_ptr_equal(r.drug_class, want->drug_class);
    assert_ptr_equal(r.form, want->form);
    assert_memory_equal(&r.daily_dose, &want->daily_dose, sizeof r.daily_dose);
    assert_int_equal(r.daily_dose_hundredths, want->daily_dose_hundredths);
    assert_ptr_equal(r.dose_unit, want->dose_unit);
    assert_memory_equal(&r.factor, &want->factor, sizeof r.factor);
    assert_ptr_equal(r.factor_text, want->factor_text);
    assert_ptr_equal(r.factor_per, want->factor_per);
    assert_memory_equal(&r.mme_per_day, &want->mme_per_day, sizeof r.mme_per_day);
    assert_int_equal(r.mme_hundredths, want->mme_hundredths);
    /* again: computing does not change the prepared input */
    assert_int_equal(med_compute_prepared(p, &r), MED_OK);
    assert_int_equal(r.mme_hundredths, want->mme_hundredths);
    med_prepared_free(p);
}

/* Computes and checks an OK result of exactly `hundredths`. */
static void expect_mme(const char *table, med_input in, med_method m, int64_t hundredths)
{
    med_table *t = load(table);
    med_result r = MED_RESULT_INIT;
    char message[512], mme[32], arithmetic[256];
    assert_int_equal(med_compute(t, &in, m, &r), MED_OK);
    expect_prepared_same(t, &in, m, &r);
    med_compute_text(t, &in, m, MED_TEXT_MESSAGE, message, sizeof message);
    med_compute_text(t, &in, m, MED_TEXT_MME, mme, sizeof mme);
    med_compute_text(t, &in, m, MED_TEXT_ARITHMETIC, arithmetic, sizeof arithmetic);
    if (r.status != MED_RESULT_OK)
        fail_msg("%s under %s: status %s: %s", in.drug, table, med_result_status_string(r.status),
                 message);
    if (r.mme_hundredths != hundredths)
        fail_msg("%s under %s: got %s MME/day (%s), want %lld.%02lld", in.drug, table, mme,
                 arithmetic, (long long)hundredths / 100, (long long)hundredths % 100);
    med_table_free(t);
}

static void expect_status(const char *table, med_input in, med_method m, med_result_status st,
                          const char *in_message)
{
    med_table *t = load(table);
    med_result r = MED_RESULT_INIT;
    char message[512];
    assert_int_equal(med_compute(t, &in, m, &r), MED_OK);
    expect_prepared_same(t, &in, m, &r);
    med_compute_text(t, &in, m, MED_TEXT_MESSAGE, message, sizeof message);
    if (r.status != st)
        fail_msg("%s under %s: status %s (%s), want %s", in.drug, table,
                 med_result_status_string(r.status), message, med_result_status_string(st));
    if (in_message && strstr(message, in_message) == NULL)
        fail_msg("message '%s' lacks '%s'", message, in_message);
    assert_true(r.mme_hundredths == 0);
    med_table_free(t);
}

#define CL MED_METHOD_CLINICAL
#define SU MED_METHOD_SUPPLY
#define AU MED_METHOD_AUTO

static void issue_examples(void **state)
{
    (void)state;
    expect_mme("cdc-2022", sched("oxycodone", "10", "mg", "", "", "6"), CL, 6000);
    expect_mme("cdc-2022", sched("fentanyl patch", "25", "mcg/hr", "", "", ""), CL, 6000);
    /* issue 12: two patches worn together count twice the rate, under either method */
    expect_mme("cdc-2022", sched("fentanyl patch", "50", "mcg/hr", "2", "", "72"), CL, 24000);
    expect_mme("cdc-2022", sched("fentanyl patch", "50", "mcg/hr", "2", "", ""), CL, 24000);
    expect_mme("cdc-2022", sched("fentanyl patch", "50", "mcg/hr", "2", "", "72"), SU, 24000);
    expect_mme("cdc-2022", sched("fentanyl patch", "50", "mcg/hr", "2", "", ""), SU, 24000);
    expect_mme("cms-2018", sched("fentanyl patch", "50", "mcg/hr", "2", "", "72"), CL, 24000);
    expect_mme("cdc-2022", sched("fentanyl patch", "50", "mcg/hr", "1", "", "72"), CL, 12000);
    expect_mme("cdc-2022", sched("methadone", "10", "mg", "", "3", ""), CL, 14100);
    expect_mme("cdc-2016", sched("methadone", "10", "mg", "", "3", ""), CL, 24000);
    expect_mme("cdc-2022", sched("tramadol", "50", "mg", "", "4", ""), CL, 4000);
    expect_mme("cms-2018", sched("tramadol", "50", "mg", "", "4", ""), CL, 2000);
    expect_status("cdc-2016", sched("tramadol", "50", "mg", "", "4", ""), CL, MED_RESULT_ERROR,
                  "cdc-2016");
    expect_status("cdc-2016", sched("tramadol", "50", "mg", "", "4", ""), CL, MED_RESULT_ERROR,
                  "tramadol");
    expect_mme("cdc-2022", sched("morphine ER", "30", "mg", "", "2", ""), CL, 6000);
    /* 25 x 10/30 x 7.2 is exactly 60, not 60.00000000000001 */
    expect_mme("cms-2018", fill("fentanyl", "patch", "25", "mcg/hr", "10", "30"), SU, 6000);
    /* A 25 mcg/hr patch, 15 patches / 30 days, is 90 MME/day under cms-2018 (supply). */
    expect_mme("cms-2018", fill("fentanyl", "patch", "25", "mcg/hr", "15", "30"), SU, 9000);
}

static void worked_examples_clinical(void **state)
{
    (void)state;
    const char *cdc[] = {"cdc-2016", "cdc-2022"};
    for (int i = 0; i < 2; i++) {
        /* W1: hydrocodone 5 mg + APAP, 4 times a day = 20 */
        expect_mme(cdc[i], sched("hydrocodone/acetaminophen", "5/300", "mg", "", "4", ""), CL, 2000);
        /* W2: oxycodone ER 10 mg BID = 30 */
        expect_mme(cdc[i], sched("oxycodone ER", "10", "mg", "", "2", ""), CL, 3000);
        /* W5 / W19: fentanyl 25 mcg/hr = 60 whatever the change interval */
        expect_mme(cdc[i], sched("fentanyl", "25", "mcg/hr", "", "", "72"), CL, 6000);
        expect_mme(cdc[i], sched("fentanyl", "25", "mcg/hr", "", "", "48"), CL, 6000);
        /* W9: fentanyl 75 mcg/hr q72h = 180 */
        expect_mme(cdc[i], sched("Duragesic", "75", "mcg/hr", "", "", "72"), CL, 18000);
        /* W10: oxycodone 10 mg q12h = 30; W11: morphine 20 mg daily = 20 */
        expect_mme(cdc[i], sched("oxycodone", "10", "mg", "", "", "12"), CL, 3000);
        expect_mme(cdc[i], sched("morphine", "20", "mg", "", "1", ""), CL, 2000);
        /* W14-W17 (Alabama Medicaid) */
        expect_mme(cdc[i], sched("hydrocodone/apap", "5/325", "mg", "10", "1", ""), CL, 5000);
        expect_mme(cdc[i], sched("Norco", "7.5/325", "mg", "", "6", ""), CL, 4500);
        expect_mme(cdc[i], sched("hydrocodone/apap", "10/325", "mg", "", "5", ""), CL, 5000);
        expect_mme(cdc[i], sched("oxycodone", "15", "mg", "", "2", ""), CL, 4500);
        expect_mme(cdc[i], sched("oxycodone", "10", "mg", "", "3", ""), CL, 4500);
    }
    /* W18: tramadol 50 mg x 4/day: 40 with 0.2 (cdc-2022), 20 with 0.1 */
    expect_mme("hedis-2025", sched("tramadol", "50", "mg", "", "4", ""), CL, 2000);
    /* the patch-day factor 7.2 still gives 60 for a 25 mcg/hr patch under the clinical method */
    expect_mme("cms-2018", sched("fentanyl", "25", "mcg/hr", "", "", ""), CL, 6000);
    expect_mme("hedis-2025", sched("fentanyl patch", "25", "mcg/hr", "", "", ""), CL, 6000);
}

static void worked_examples_supply(void **state)
{
    (void)state;
    const char *claims[] = {"cms-2018", "hedis-2025", "cdc-2022"};
    for (int i = 0; i < 3; i++) {
        /* W3: oxycodone 10 mg, 120 tablets / 30 days = 60 */
        expect_mme(claims[i], fill("oxycodone", "tablet", "10", "mg", "120", "30"), SU, 6000);
        /* W4: fentanyl 25 mcg/hr, 10 patches / 30 days = 60 */
        expect_mme(claims[i], fill("fentanyl", "patch", "25", "mcg/hr", "10", "30"), AU, 6000);
    }
    /* W13 / W13b: fentanyl 75 mcg/hr, one patch per 10 (12) days = 54 (45) */
    expect_mme("cms-2018", fill("fentanyl", "patch", "75", "mcg/hr", "3", "30"), SU, 5400);
    expect_mme("cms-2018", fill("fentanyl", "patch", "75", "mcg/hr", "2.5", "30"), SU, 4500);
    /* W7: butorphanol 10 mg/mL nasal spray, 2.5 mL over 30 days = 5.8333 -> 5.83 */
    expect_mme("cms-2018", fill("butorphanol", "nasal spray", "10", "mg/mL", "2.5", "30"), SU, 583);
    /* q48h patch: 60 by the clinical method, 90 by the supply method */
    expect_mme("cdc-2022", sched("fentanyl", "25", "mcg/hr", "", "", "48"), SU, 9000);
    /* liquids: strength per mL, quantity in mL (10 mg/5 mL, 150 mL over 5 days = 60 mg/day) */
    expect_mme("cdc-2022", fill("morphine", "oral solution", "10", "mg/5 mL", "150", "5"), SU,
               6000);
}

static void methadone_tiers(void **state)
{
    (void)state;
    /* W12: 10 / 30 / 50 / 70 mg/day -> 40 / 240 / 500 / 840 under cdc-2016 bands */
    expect_mme("cdc-2016", sched("methadone", "10", "mg", "", "1", ""), CL, 4000);
    expect_mme("cdc-2016", sched("methadone", "30", "mg", "", "1", ""), CL, 24000);
    expect_mme("cdc-2016", sched("methadone", "50", "mg", "", "1", ""), CL, 50000);
    expect_mme("cdc-2016", sched("methadone", "70", "mg", "", "1", ""), CL, 84000);
    /* W12b: the cliff at 20/21 mg/day; 20.5 mg/day is in (20, 40] and must get a factor */
    expect_mme("cdc-2016", sched("methadone", "20", "mg", "", "1", ""), CL, 8000);
    expect_mme("cdc-2016", sched("methadone", "20.5", "mg", "", "1", ""), CL, 16400);
    expect_mme("cdc-2016", sched("methadone", "21", "mg", "", "1", ""), CL, 16800);
    expect_mme("cdc-2016", sched("methadone", "40", "mg", "", "1", ""), CL, 32000);
    expect_mme("cdc-2016", sched("methadone", "40.01", "mg", "", "1", ""), CL, 40010);
    expect_mme("cdc-2016", sched("methadone", "60", "mg", "", "1", ""), CL, 60000);
    expect_mme("cdc-2016", sched("methadone", "61", "mg", "", "1", ""), CL, 73200);
    expect_mme("cdc-2016", sched("methadone", "81", "mg", "", "1", ""), CL, 97200);
    /* W12c: 70 mg/day = 329 (cdc-2022, 4.7) and 210 (cms-2018, 3) */
    expect_mme("cdc-2022", sched("methadone", "70", "mg", "", "1", ""), CL, 32900);
    expect_mme("cms-2018", sched("methadone", "70", "mg", "", "1", ""), CL, 21000);
}

/* cdc-2016 applies tiers to the patient's total daily methadone: 20 + 10 mg/day is 30 mg/day,
 * factor 8 for both parts (240), not 4 for each (120). */
static void methadone_tier_by_total(void **state)
{
    (void)state;
    med_table *t = load("cdc-2016");
    med_input in[2] = {sched("methadone", "10", "mg", "", "2", ""),
                       sched("methadone", "5", "mg", "", "2", "")};
    med_result r[2] = {MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    char message[512];
    assert_int_equal(med_compute_set(t, in, 2, CL, r, &total), MED_OK);
    assert_int_equal(r[0].mme_hundredths, 16000);
    assert_int_equal(r[1].mme_hundredths, 8000);
    assert_int_equal(total.mme_hundredths, 24000);
    size_t need = med_compute_set_text(t, in, 2, CL, 0, MED_TEXT_MESSAGE, message,
                                       sizeof message);
    assert_non_null(strstr(message, "total"));
    /* the same with a status; an index out of range is an error, not an empty text */
    char again[512];
    size_t len = 0;
    assert_int_equal(med_compute_set_text_checked(t, in, 2, CL, 0, MED_TEXT_MESSAGE, again,
                                                  sizeof again, &len),
                     MED_OK);
    assert_string_equal(again, message);
    assert_int_equal(len, need);
    assert_int_equal(med_compute_set_text_checked(t, in, 2, CL, 2, MED_TEXT_MESSAGE, again,
                                                  sizeof again, &len),
                     MED_ERR_ARGUMENT);
    assert_string_equal(again, "");
    assert_int_equal(len, 0);
    med_table_free(t);
}

static void excluded_and_not_opioid(void **state)
{
    (void)state;
    /* W6b: buprenorphine has no factor in cdc-2022 / cms-2018: excluded, never 0 */
    expect_status("cdc-2022", fill("buprenorphine", "patch", "5", "mcg/hr", "4", "28"), SU,
                  MED_RESULT_EXCLUDED, "buprenorphine");
    expect_status("cms-2018", fill("Butrans", "", "5", "mcg/hr", "4", "28"), SU,
                  MED_RESULT_EXCLUDED, "buprenorphine");
    expect_status("cdc-2022", fill("alprazolam", "tablet", "1", "mg", "60", "30"), SU,
                  MED_RESULT_NOT_OPIOID, "benzodiazepine");
    expect_status("cdc-2022", fill("Lyrica", "capsule", "75", "mg", "60", "30"), SU,
                  MED_RESULT_NOT_OPIOID, "gabapentinoid");
}

static void errors_are_explained(void **state)
{
    (void)state;
    expect_status("cdc-2022", sched("oxycodon", "10", "mg", "", "4", ""), CL, MED_RESULT_ERROR,
                  "did you mean 'oxycodone'");
    expect_status("cdc-2022", sched("fentanyl buccal", "200", "mcg", "", "4", ""), CL,
                  MED_RESULT_ERROR, "it lists: patch");
    expect_mme("cms-2018", sched("fentanyl buccal", "200", "mcg", "", "4", ""), CL, 10400);
    expect_status("cdc-2022", sched("levorphanol", "2", "mg", "", "3", ""), CL, MED_RESULT_ERROR,
                  "no factor for levorphanol");
    expect_status("cdc-2022", fill("oxycodone", "", "10", "mg", "0", "30"), SU, MED_RESULT_ERROR,
                  "quantity");
    expect_status("cdc-2022", fill("oxycodone", "", "10", "mg", "60", "-3"), SU, MED_RESULT_ERROR,
                  "days_supply");
    expect_status("cdc-2022", fill("oxycodone", "", "1e3", "mg", "60", "30"), SU,
                  MED_RESULT_ERROR, "strength");
    expect_status("cdc-2022", fill("oxycodone", "", "10", "furlongs", "60", "30"), SU,
                  MED_RESULT_ERROR, "unit");
    expect_status("cdc-2022", sched("oxycodone", "10", "mg", "", "", ""), CL, MED_RESULT_ERROR,
                  "frequency");
    expect_status("cdc-2022", fill("fentanyl", "patch", "25", "mg", "10", "30"), SU,
                  MED_RESULT_ERROR, "mcg/hr");
}

/* Thresholds compare the rounded value with each rule's own comparator. */
static void thresholds(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    struct { const char *mg; size_t flags; } cases[] = {
        {"49.99", 0}, {"50", 1}, {"89.99", 1}, {"90", 2}, {"120", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        med_input in = sched("morphine", cases[i].mg, "mg", "", "1", "");
        med_result r = MED_RESULT_INIT;
        med_total total = MED_TOTAL_INIT;
        assert_int_equal(med_compute_set(t, &in, 1, CL, &r, &total), MED_OK);
        if (total.flag_count != cases[i].flags)
            fail_msg("%s MME/day: %zu flags, want %zu", cases[i].mg, total.flag_count,
                     cases[i].flags);
    }
    med_table_free(t);
    t = load("wa-amdg-2015");
    med_input in = sched("morphine", "120", "mg", "", "1", "");
    med_result r = MED_RESULT_INIT;
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_compute_set(t, &in, 1, CL, &r, &total), MED_OK);
    assert_true(total.flag_count >= 1);
    const med_threshold *last = med_total_flag(t, &total, total.flag_count - 1);
    assert_non_null(last);
    assert_string_equal(last->mme_text, "120");
    assert_null(med_total_flag(t, &total, total.flag_count));
    med_table_free(t);
}

/* The total is the exact sum rounded once: three thirds make exactly 1. */
static void total_rounds_once(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in[3];
    for (int i = 0; i < 3; i++)
        in[i] = fill("morphine", "", "1", "mg", "1", "3");
    med_result r[3] = {MED_RESULT_INIT, MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    char text[32];
    assert_int_equal(med_compute_set(t, in, 3, SU, r, &total), MED_OK);
    assert_int_equal(r[0].mme_hundredths, 33);
    assert_int_equal(total.mme_hundredths, 100);
    assert_int_equal(med_hundredths_format(total.mme_hundredths, text, sizeof text), 1);
    assert_string_equal(text, "1");
    med_table_free(t);
}

/* An interval under a quarter hour is more doses a day than the 96 "doses per day" allows:
 * refused as a range error, never computed (q0.1h would be 240 doses, 3600 MME/day). With it,
 * no single order comes near what 64-bit hundredths hold (test_decimal covers that guard). */
static void interval_under_a_quarter_hour_refused(void **state)
{
    (void)state;
    static const char *const short_ones[] = {"0.1", "0.2499", "0.00000001"};
    for (size_t i = 0; i < sizeof short_ones / sizeof *short_ones; i++)
        expect_status("cdc-2022", sched("oxycodone", "10", "mg", "", "", short_ones[i]), CL,
                      MED_RESULT_ERROR, "is out of range: expected at least 0.25");
    expect_status("cdc-2022", sched("fentanyl patch", "25", "mcg/hr", "", "", "0.1"), CL,
                  MED_RESULT_ERROR, "interval (hours) '0.1' is out of range");
    expect_mme("cdc-2022", sched("oxycodone", "10", "mg", "", "", "0.25"), CL, 144000);
}

/* A set with a failed order has no total (version 2): complete 0, NaN, MED_TOTAL_NONE; the
 * computed part is kept apart and thresholds it already crosses are still flagged. */
static void incomplete_total_has_no_number(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in[3] = {sched("oxycodone", "10", "mg", "", "4", ""),
                       sched("oxycodon", "10", "mg", "", "4", ""),
                       sched("lorazepam", "1", "mg", "", "1", "")};
    med_result r[3] = {MED_RESULT_INIT, MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_compute_set(t, in, 3, CL, r, &total), MED_OK);
    assert_int_equal(total.complete, 0);
    assert_int_equal(total.errors, 1);
    assert_int_equal(total.mme_hundredths, MED_TOTAL_NONE);
    assert_true(isnan(total.mme_per_day));
    assert_int_equal(total.computed_hundredths, 6000);
    assert_int_equal(total.flag_count, 1); /* 60 already crosses 50 */
    assert_int_equal(med_total_flag(t, &total, 0)->mme_hundredths, 5000);
    assert_int_equal(total.coprescribed, MED_COPRESCRIBED_BENZODIAZEPINE);
    /* A version 1 caller keeps the old meaning: the sum of what was computed. */
    med_total v1 = MED_TOTAL_INIT;
    v1.version = 1;
    v1.complete = 7;
    assert_int_equal(med_compute_set(t, in, 3, CL, r, &v1), MED_OK);
    assert_int_equal(v1.mme_hundredths, 6000);
    assert_int_equal(v1.complete, 7); /* not written: not a member of version 1 */
    med_total bad = MED_TOTAL_INIT;
    bad.version = MED_TOTAL_VERSION + 1;
    assert_int_equal(med_compute_set(t, in, 3, CL, r, &bad), MED_ERR_VERSION);
    med_table_free(t);
}

/* A set whose every order is computed but whose sum passes what 64-bit hundredths hold
 * (92233720368547758.07 MME/day) has no total, and no order is counted as an error: ok is the
 * number of orders, errors 0, complete 0 (version 2 tells the two apart so); a version 1
 * caller, which has no `complete`, still sees errors 1 rather than a sum that reads as the
 * total. Each order: 100000 mg (1e8 mcg) x 1000 x 96/day x 1000 per mcg = 9.6e15 MME/day. */
static const char HUGE_TABLE[] =
    "id: site-huge\nversion: \"1\"\ntitle: t\nguideline: g\nsource: https://example.org/p\n"
    "effective: 2024-01-31\nfactors:\n  - {ingredient: morphine, unit: mcg, factor: 1000}\n"
    "thresholds:\n  - {mme: 50, comparator: \">=\", level: caution, summary: R., "
    "summarises: s}\n";

static void total_too_large_is_not_an_order_error(void **state)
{
    (void)state;
    med_table *t = NULL;
    med_error e;
    assert_int_equal(med_table_load_buffer(HUGE_TABLE, sizeof HUGE_TABLE - 1, "huge", &t, &e),
                     MED_OK);
    enum { N = 10 };
    med_input in[N + 1];
    med_result r[N + 1];
    static const med_result blank = MED_RESULT_INIT;
    for (int i = 0; i <= N; i++) {
        in[i] = sched("morphine", "100000", "mg", "1000", "96", "");
        r[i] = blank;
    }
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_compute_set(t, in, 9, CL, r, &total), MED_OK); /* 8.64e18: held */
    assert_int_equal(total.complete, 1);
    assert_int_equal(total.too_large, 0);
    assert_int_equal(total.mme_hundredths, 9 * INT64_C(960000000000000000));
    total = (med_total)MED_TOTAL_INIT;
    assert_int_equal(med_compute_set(t, in, N, CL, r, &total), MED_OK);
    for (int i = 0; i < N; i++)
        assert_int_equal(r[i].status, MED_RESULT_OK);
    assert_int_equal(total.ok, N);
    assert_int_equal(total.errors, 0);
    assert_int_equal(total.complete, 0);
    assert_int_equal(total.mme_hundredths, MED_TOTAL_NONE);
    assert_true(isnan(total.mme_per_day));
    assert_int_equal(total.computed_hundredths, 9 * INT64_C(960000000000000000)); /* at least */
    assert_int_equal(total.flag_count, 1);
    assert_int_equal(total.too_large, 1);
    /* with an order in error too: errors says the one, too_large (version 3) the other */
    in[N] = sched("oxycodone", "10", "mg", "", "4", ""); /* no factor in this table */
    total = (med_total)MED_TOTAL_INIT;
    assert_int_equal(med_compute_set(t, in, N + 1, CL, r, &total), MED_OK);
    assert_int_equal(total.errors, 1);
    assert_int_equal(total.complete, 0);
    assert_int_equal(total.too_large, 1);
    med_total v2 = MED_TOTAL_INIT;
    v2.version = 2;
    v2.too_large = 7;
    assert_int_equal(med_compute_set(t, in, N + 1, CL, r, &v2), MED_OK);
    assert_int_equal(v2.too_large, 7); /* not a member of version 2 */
    med_total v1 = MED_TOTAL_INIT;
    v1.version = 1;
    assert_int_equal(med_compute_set(t, in, N, CL, r, &v1), MED_OK);
    assert_int_equal(v1.ok, N);
    assert_int_equal(v1.errors, 1);
    med_table_free(t);
}

/* Co-prescribing needs a recognised opioid beside the other class; each class its own bit. */
static void coprescribed_classes(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_input in[3] = {sched("MS Contin", "30", "mg", "", "2", ""),
                       sched("gabapentin", "300", "mg", "", "3", ""),
                       sched("Ativan", "1", "mg", "", "1", "")};
    med_result r[3] = {MED_RESULT_INIT, MED_RESULT_INIT, MED_RESULT_INIT};
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_compute_set(t, in, 3, CL, r, &total), MED_OK);
    assert_int_equal(total.complete, 1);
    assert_int_equal(total.mme_hundredths, 6000);
    assert_int_equal(total.computed_hundredths, 6000);
    assert_int_equal(total.coprescribed,
                     MED_COPRESCRIBED_BENZODIAZEPINE | MED_COPRESCRIBED_GABAPENTINOID);
    assert_int_equal(med_compute_set(t, in, 2, CL, r, &total), MED_OK);
    assert_int_equal(total.coprescribed, MED_COPRESCRIBED_GABAPENTINOID);
    /* no opioid: nothing is co-prescribed */
    assert_int_equal(med_compute_set(t, in + 1, 2, CL, r, &total), MED_OK);
    assert_int_equal(total.coprescribed, 0u);
    med_table_free(t);
}

/* A prepared input: arguments and versions refused as med_compute refuses them; an input it
 * cannot compute is prepared and gives the same error; the caller's texts are not kept. */
/* Each number field's documented range (0, max], at both ends, whole and with decimals (a
 * whole number is compared with the bound as an integer, a fraction exactly). */
static void field_ranges_at_their_bounds(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_result r = MED_RESULT_INIT;
    struct { const char *strength, *per_dose, *doses, *every; int ok; } S[] = {
        {"100000", "", "", "6", 1},      {"100001", "", "", "6", 0},
        {"99999.99", "", "", "6", 1},    {"100000.01", "", "", "6", 0},
        {"0", "", "", "6", 0},           {"0.01", "", "", "6", 1},
        {"10", "1000", "", "6", 1},      {"10", "1001", "", "6", 0},
        {"10", "1000.5", "", "6", 0},    {"10", "", "96", "", 1},
        {"10", "", "97", "", 0},         {"10", "", "96.5", "", 0},
        {"10", "", "", "2160", 1},       {"10", "", "", "2161", 0},
        {"10", "", "", "2159.9", 1},     {"10", "", "", "0", 0},
    };
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
        med_input in = sched("oxycodone", S[i].strength, "mg", S[i].per_dose, S[i].doses,
                             S[i].every);
        assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
        if ((r.status == MED_RESULT_OK) != S[i].ok || (!S[i].ok && r.error != MED_ERR_RANGE))
            fail_msg("case %zu: status %d error %d", i, (int)r.status, (int)r.error);
    }
    struct { const char *qty, *days; int ok; } F[] = {
        {"100000", "30", 1}, {"100001", "30", 0}, {"60", "3660", 1}, {"60", "3661", 0},
        {"60", "3660.5", 0},
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) {
        med_input in = fill("oxycodone", NULL, "10", "mg", F[i].qty, F[i].days);
        assert_int_equal(med_compute(t, &in, MED_METHOD_SUPPLY, &r), MED_OK);
        if ((r.status == MED_RESULT_OK) != F[i].ok || (!F[i].ok && r.error != MED_ERR_RANGE))
            fail_msg("fill %zu: status %d error %d", i, (int)r.status, (int)r.error);
    }
    med_table_free(t);
}

/* A strength of one part is read where it is when it needs no trimming ("10"); blanks around
 * it are trimmed, and one too long for a part (MED_UNIT_MAX, 64 bytes with its NUL) is refused
 * by length whichever way it is read. */
static void strength_read_whole_or_trimmed(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_result r = MED_RESULT_INIT;
    const char *ok[] = {"10", " 10", "10 ", "\t10\t", "10.00"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        med_input in = sched("oxycodone", ok[i], "mg", "", "", "6");
        assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
        assert_int_equal(r.status, MED_RESULT_OK);
        assert_int_equal(r.mme_hundredths, 6000);
    }
    char longest[64], too_long[65];
    memset(longest, '0', sizeof longest - 1); /* 63 bytes: "000...010" fits */
    memcpy(longest + sizeof longest - 3, "10", 3);
    med_input in = sched("oxycodone", longest, "mg", "", "", "6");
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_ERROR); /* 63 digits: too many to read exactly */
    assert_int_equal(r.error, MED_ERR_SYNTAX);
    memset(too_long, '0', sizeof too_long - 1);
    memcpy(too_long + sizeof too_long - 3, "10", 3);
    in = sched("oxycodone", too_long, "mg", "", "", "6");
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_ERROR);
    assert_int_equal(r.error, MED_ERR_LIMIT);
    in = sched("oxycodone", " ", "mg", "", "", "6");
    assert_int_equal(med_compute(t, &in, CL, &r), MED_OK);
    assert_int_equal(r.error, MED_ERR_INVALID); /* no strength given */
    med_table_free(t);
}

static void prepared_inputs(void **state)
{
    (void)state;
    med_table *t = load("cdc-2022");
    med_prepared *p = NULL;
    med_result r = MED_RESULT_INIT;
    char drug[] = "oxycodone", strength[] = "10";
    med_input in = sched(drug, strength, "mg", "", "", "6");
    assert_int_equal(med_input_prepare(NULL, &in, CL, &p), MED_ERR_ARGUMENT);
    assert_int_equal(med_input_prepare(t, NULL, CL, &p), MED_ERR_ARGUMENT);
    assert_int_equal(med_input_prepare(t, &in, CL, NULL), MED_ERR_ARGUMENT);
    in.version = MED_INPUT_VERSION + 1;
    assert_int_equal(med_input_prepare(t, &in, CL, &p), MED_ERR_VERSION);
    assert_null(p);
    in.version = MED_INPUT_VERSION;
    assert_int_equal(med_input_prepare(t, &in, CL, &p), MED_OK);
    memset(drug, 'x', sizeof drug - 1); /* the caller's texts change: the prepared input not */
    memset(strength, '9', sizeof strength - 1);
    assert_int_equal(med_compute_prepared(p, &r), MED_OK);
    assert_int_equal(r.mme_hundredths, 6000);
    assert_int_equal(med_compute_prepared(NULL, &r), MED_ERR_ARGUMENT);
    assert_int_equal(med_compute_prepared(p, NULL), MED_ERR_ARGUMENT);
    med_result bad = MED_RESULT_INIT;
    bad.version = MED_RESULT_VERSION + 1;
    assert_int_equal(med_compute_prepared(p, &bad), MED_ERR_VERSION);
    med_prepared_free(p);
    med_prepared_free(NULL);
    /* an unknown drug prepares, and computes to the error med_compute gives */
    in = sched("oxycodine", "10", "mg", "", "", "6");
    assert_int_equal(med_input_prepare(t, &in, CL, &p), MED_OK);
    assert_int_equal(med_compute_prepared(p, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_ERROR);
    assert_int_equal(r.error, MED_ERR_NOT_FOUND);
    med_prepared_free(p);
    med_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(issue_examples),         cmocka_unit_test(worked_examples_clinical),
        cmocka_unit_test(worked_examples_supply), cmocka_unit_test(methadone_tiers),
        cmocka_unit_test(methadone_tier_by_total), cmocka_unit_test(excluded_and_not_opioid),
        cmocka_unit_test(errors_are_explained),   cmocka_unit_test(thresholds),
        cmocka_unit_test(total_rounds_once),      cmocka_unit_test(interval_under_a_quarter_hour_refused),
        cmocka_unit_test(incomplete_total_has_no_number),
        cmocka_unit_test(total_too_large_is_not_an_order_error),
        cmocka_unit_test(coprescribed_classes),
        cmocka_unit_test(field_ranges_at_their_bounds),
        cmocka_unit_test(strength_read_whole_or_trimmed),
        cmocka_unit_test(prepared_inputs),
    };
    return cmocka_run_group_tests_name("calc", tests, NULL, NULL);
}
