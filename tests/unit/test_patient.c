/* The patient timeline: hand-checked daily series and summaries (overlaps, a gap, an early
 * refill, a patch, methadone crossing a tier, benzodiazepine overlap of 29 and 30 days, a leap
 * day, a fill over the year end), the rules, and practice measures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"
#include "inputs.h"

typedef struct fixture {
    med_table *table;
    med_rules *rules;
    med_patient *patient;
} fixture;

static fixture *setup_with(const char *table, int shift, const char *as_of)
{
    static fixture f;
    med_error e;
    med_patient_options o = MED_PATIENT_OPTIONS_INIT;
    o.shift_early_refills = shift;
    o.as_of = as_of;
    memset(&f, 0, sizeof f);
    if (med_table_load_embedded(table, &f.table, &e) != MED_OK ||
        med_rules_load(NULL, &f.rules, &e) != MED_OK ||
        med_patient_new(f.table, f.rules, &o, &f.patient, &e) != MED_OK)
        fail_msg("setup: %s", e.message);
    med_patient_reset(f.patient, "P1");
    return &f;
}

static void teardown_fixture(fixture *f)
{
    med_patient_free(f->patient);
    med_rules_free(f->rules);
    med_table_free(f->table);
}

/* Adds a claims fill: drug, strength, unit, quantity, days supply, fill date. */
static void add(fixture *f, const char *drug, const char *strength, const char *unit,
                const char *qty, const char *days, const char *date, const char *prescriber)
{
    med_input in = MED_INPUT_INIT;
    med_result r = MED_RESULT_INIT;
    char why[256];
    in.drug = drug;
    in.strength = strength;
    in.unit = unit;
    in.quantity = qty;
    in.days_supply = days;
    assert_int_equal(med_compute(f->table, &in, MED_METHOD_SUPPLY, &r), MED_OK);
    if (med_patient_add(f->patient, &r, date, days, prescriber, "R1", why) != MED_OK)
        fail_msg("fill %s %s on %s not used: %s", drug, strength, date, why);
}

/* An MME/day in hundredths as the 0.x text fields printed it ("120", "73.47"); a few rotating
 * buffers so that several can appear in one assertion. */
static const char *mme(int64_t hundredths)
{
    static char bufs[8][32];
    static unsigned next;
    char *b = bufs[next++ % 8];
    size_t n = med_hundredths_format(hundredths, b, sizeof bufs[0]);
    assert_true(n < sizeof bufs[0]);
    return b;
}

/* A day number as "YYYY-MM-DD". */
static const char *date(long day)
{
    static char bufs[8][16];
    static unsigned next;
    char *b = bufs[next++ % 8];
    size_t n = med_date_format(day, b, sizeof bufs[0]);
    assert_int_equal(n, 10);
    return b;
}

static med_patient_summary summarize(fixture *f)
{
    med_patient_summary s = MED_PATIENT_SUMMARY_INIT;
    assert_int_equal(med_patient_summarize(f->patient, &s), MED_OK);
    return s;
}

/* Checks the series: `runs` is "N*V" pairs: N days at V MME/day, from the first day. */
static void expect_series(fixture *f, const char *first_date, const char *runs)
{
    size_t day = 0;
    med_patient_day d = MED_PATIENT_DAY_INIT;
    assert_int_equal(med_patient_get_day(f->patient, 0, &d), MED_OK);
    assert_string_equal(date(d.day), first_date);
    for (const char *p = runs; *p;) {
        long n = 0;
        char value[32];
        int used = 0;
        if (sscanf(p, "%ld*%31[0-9.]%n", &n, value, &used) != 2)
            fail_msg("bad runs text at '%s'", p);
        for (long i = 0; i < n; i++, day++) {
            assert_int_equal(med_patient_get_day(f->patient, day, &d), MED_OK);
            const char *got = mme(d.mme_hundredths);
            if (strcmp(got, value) != 0)
                fail_msg("day %zu (%s): %s MME/day, want %s", day, date(d.day), got, value);
        }
        p += used;
        while (*p == ' ')
            p++;
    }
    assert_int_equal(med_patient_day_count(f->patient), day);
}

/* Two oxycodone fills overlapping by 11 days: 60, then 120 on the shared days, then 60. */
static void overlapping_fills(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    add(f, "oxycodone", "10", "mg", "120", "30", "2025-01-01", "D1");
    add(f, "oxycodone", "10", "mg", "120", "30", "2025-01-20", "D2");
    med_patient_summary s = summarize(f);
    expect_series(f, "2025-01-01", "19*60 11*120 19*60");
    assert_string_equal(s.first_day, "2025-01-01");
    assert_string_equal(s.last_day, "2025-02-18");
    assert_int_equal(s.treatment_days, 49);
    assert_int_equal(s.days_covered, 49);
    assert_string_equal(mme(s.peak_hundredths), "120");
    assert_string_equal(s.peak_date, "2025-01-20");
    assert_string_equal(mme(s.average_hundredths), "73.47"); /* (49 x 60 + 11 x 60) / 49 */
    assert_int_equal(med_patient_days_at_or_above(f->patient, 0), 49);
    assert_int_equal(med_patient_days_at_or_above(f->patient, 1), 11);
    assert_int_equal(s.longest_run_at_highest, 11);
    assert_int_equal(s.prescribers, 2);
    teardown_fixture(f);
}

/* The same early refill, shifted end to end: 60 every day, 60 days long. */
static void early_refill_shifted(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 1, NULL);
    add(f, "oxycodone", "10", "mg", "120", "30", "2025-01-01", "D1");
    add(f, "oxycodone", "10", "mg", "120", "30", "2025-01-20", "D1");
    med_patient_summary s = summarize(f);
    expect_series(f, "2025-01-01", "60*60");
    assert_string_equal(s.last_day, "2025-03-01");
    assert_string_equal(mme(s.peak_hundredths), "60");
    teardown_fixture(f);
}

/* A gap counts as zero in the treatment-period average, not in the covered-days average. */
static void gap_counts_as_zero(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    add(f, "morphine", "30", "mg", "60", "10", "2025-03-01", "D1");  /* 180/day, 10 days */
    add(f, "morphine", "30", "mg", "20", "10", "2025-03-21", "D1");  /* 60/day, 10 days */
    med_patient_summary s = summarize(f);
    expect_series(f, "2025-03-01", "10*180 10*0 10*60");
    assert_int_equal(s.treatment_days, 30);
    assert_int_equal(s.days_covered, 20);
    assert_string_equal(mme(s.average_hundredths), "80");          /* 2400 / 30 */
    assert_string_equal(mme(s.average_covered_hundredths), "120"); /* 2400 / 20 */
    assert_string_equal(mme(s.as_of_hundredths), "60");
    teardown_fixture(f);
}

/* Fentanyl 25 mcg/hr, 10 patches over 30 days: 60 a day; a 12.5-day overlap is not possible in
 * whole days, so the next fill simply follows. */
static void patch(void **state)
{
    (void)state;
    fixture *f = setup_with("cms-2018", 0, NULL);
    add(f, "fentanyl patch", "25", "mcg/hr", "10", "30", "2025-05-01", "D1");
    add(f, "fentanyl patch", "50", "mcg/hr", "10", "30", "2025-05-31", "D1");
    summarize(f);
    expect_series(f, "2025-05-01", "30*60 30*120");
    teardown_fixture(f);
}

/* cdc-2016 tiers apply to the day's total methadone: 10 mg/day alone is 40; with a second
 * 20 mg/day fill the total 30 mg/day takes factor 8: 240 on the shared days. */
static void methadone_crossing_tier(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2016", 0, NULL);
    add(f, "methadone", "10", "mg", "30", "30", "2025-01-01", "D1");
    add(f, "methadone", "10", "mg", "20", "10", "2025-01-11", "D1");
    med_patient_summary s = summarize(f);
    expect_series(f, "2025-01-01", "10*40 10*240 10*40");
    assert_string_equal(mme(s.peak_hundredths), "240");
    teardown_fixture(f);
}

/* 29 days of opioid + benzodiazepine overlap raise no flag; 30 do. */
static void benzodiazepine_overlap_29_and_30(void **state)
{
    (void)state;
    const char *dates[2] = {"2025-01-02", "2025-01-01"};
    long want[2] = {29, 30};
    for (int i = 0; i < 2; i++) {
        fixture *f = setup_with("cdc-2022", 0, NULL);
        add(f, "oxycodone", "5", "mg", "30", "30", "2025-01-01", "D1");
        add(f, "alprazolam", "1", "mg", "60", "60", dates[i], "D9");
        med_patient_summary s = summarize(f);
        assert_int_equal(s.benzodiazepine_overlap_days, want[i]);
        int flagged = 0;
        for (size_t k = 0; k < s.flag_count; k++)
            flagged |= strcmp(med_patient_flag(f->patient, k), "concurrent_benzodiazepine") == 0;
        assert_int_equal(flagged, i == 1);
        assert_int_equal(s.benzodiazepine_fills, 1);
        assert_int_equal(s.prescribers, 1); /* the benzodiazepine prescriber is not counted */
        teardown_fixture(f);
    }
}

/* 2024-02-29 exists; a fill from 2024-02-28 for 3 days ends on 2024-03-01. */
static void leap_day(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    add(f, "hydromorphone", "2", "mg", "18", "3", "2024-02-28", "D1");
    med_patient_summary s = summarize(f);
    expect_series(f, "2024-02-28", "3*60");
    med_patient_day d = MED_PATIENT_DAY_INIT;
    assert_int_equal(med_patient_get_day(f->patient, 1, &d), MED_OK);
    assert_string_equal(date(d.day), "2024-02-29");
    assert_string_equal(s.last_day, "2024-03-01");
    teardown_fixture(f);
}

static void year_end(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, "2026-01-02");
    add(f, "tramadol", "50", "mg", "40", "10", "2025-12-28", "D1");
    med_patient_summary s = summarize(f);
    expect_series(f, "2025-12-28", "10*40");
    assert_string_equal(s.last_day, "2026-01-06");
    assert_string_equal(s.as_of, "2026-01-02");
    assert_string_equal(mme(s.as_of_hundredths), "40");
    teardown_fixture(f);
}

/* W21 (Dasgupta et al.): oxycodone ER 30 mg BID x 30 days (60 tabs) and oxycodone IR 5 mg BID
 * x 7 days (14 tabs), filled the same day: 2805 MME in all; over the 30-day treatment period
 * that is 93.5 MME/day (the published "93.5" variant). W8 (HEDIS): a dispensing of 90 MME/day
 * for 5 days is 450 MME. */
static void worked_examples_w21_w8(void **state)
{
    (void)state;
    fixture *f = setup_with("cms-2018", 0, NULL);
    add(f, "oxycodone ER", "30", "mg", "60", "30", "2025-01-01", "D1");
    add(f, "oxycodone", "5", "mg", "14", "7", "2025-01-01", "D1");
    med_patient_summary s = summarize(f);
    expect_series(f, "2025-01-01", "7*105 23*90");
    assert_string_equal(mme(s.average_hundredths), "93.5"); /* 2805 / 30 */
    assert_int_equal(s.treatment_days, 30);
    med_patient_reset(f->patient, "W8");
    add(f, "oxycodone", "15", "mg", "20", "5", "2025-01-01", "D1"); /* 15 x 4 x 1.5 = 90 */
    s = summarize(f);
    expect_series(f, "2025-01-01", "5*90");
    assert_string_equal(mme(s.average_hundredths), "90"); /* 450 MME over 5 days */
    teardown_fixture(f);
}

/* A CDC 2022 fixture and the result of oxycodone 10 mg, 60 tablets for 30 days (30 MME/day),
 * to add as fills. */
static fixture *with_oxycodone_result(med_result *r)
{
    fixture *f = setup_with("cdc-2022", 0, NULL);
    med_input in = fill("oxycodone", NULL, "10", "mg", "60", "30");
    *r = (med_result)MED_RESULT_INIT;
    assert_int_equal(med_compute(f->table, &in, MED_METHOD_SUPPLY, r), MED_OK);
    return f;
}

/* Rows that cannot be used are counted, never silently dropped, and say why. */
static void rejected_rows(void **state)
{
    (void)state;
    med_result r;
    fixture *f = with_oxycodone_result(&r);
    char why[256];
    assert_int_equal(med_patient_add(f->patient, &r, "2025-02-30", "30", "", "", why),
                     MED_ERR_INVALID);
    assert_non_null(strstr(why, "2025-02-30"));
    assert_int_equal(med_patient_add(f->patient, &r, "2025-02-01", "0", "", "", why),
                     MED_ERR_INVALID);
    assert_non_null(strstr(why, "days_supply"));
    assert_int_equal(med_patient_add(f->patient, &r, "2025-02-01", "30", "", "", why), MED_OK);
    med_patient_summary s = summarize(f);
    assert_int_equal(s.rows, 3);
    assert_int_equal(s.rows_rejected, 2);
    assert_string_equal(mme(s.peak_hundredths), "30");
    teardown_fixture(f);
}

/* days_supply: whole days from 1 to 3660, at most five digits (leading zeros count). */
static void days_supply_bounds(void **state)
{
    (void)state;
    med_result r;
    fixture *f = with_oxycodone_result(&r);
    char why[256];
    static const char *const good[] = {"1", "3660", "00030", "09"};
    static const char *const bad[] = {"", "0", "3661", "000030", "99999", "3x", "-1", " 30", "30 "};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (med_patient_add(f->patient, &r, "2025-02-01", good[i], "", "", why) != MED_OK)
            fail_msg("days_supply '%s' should be taken: %s", good[i], why);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (med_patient_add(f->patient, &r, "2025-02-01", bad[i], "", "", why) != MED_ERR_INVALID)
            fail_msg("days_supply '%s' should be refused", bad[i]);
        assert_non_null(strstr(why, "days_supply"));
    }
    teardown_fixture(f);
}

/* Day totals too large for 64-bit hundredths: the patient is not summarised (MED_ERR_RANGE),
 * never given a wrapped total; a single huge fill's measures (MME x days past 2^63) are right.
 * No order med_compute accepts comes near 2.4e16 MME/day (2.4e18 hundredths), but a caller may
 * hand in a result of its own, and hundreds of thousands of fills on one day add up: the
 * result here is a computed one with its MME/day set to that. */
static void totals_too_large_to_hold(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    med_input in = sched("morphine", "10", "mg", "", "", "6");
    med_result r = MED_RESULT_INIT;
    char why[256];
    const int64_t h = 2400000000000000000;
    assert_int_equal(med_compute(f->table, &in, MED_METHOD_CLINICAL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_OK);
    r.mme_hundredths = h;
    assert_int_equal(med_patient_add(f->patient, &r, "2025-01-01", "30", "D1", "R1", why), MED_OK);
    med_patient_summary s = summarize(f);
    assert_true(s.peak_hundredths == h);
    assert_true(s.average_hundredths == h); /* 30 days of it: past 2^63 in the sum */
    for (int i = 0; i < 3; i++) /* four together: 9.6e18, past 2^63 */
        assert_int_equal(med_patient_add(f->patient, &r, "2025-01-01", "30", "D1", "R1", why),
                         MED_OK);
    med_patient_summary t = {.version = MED_PATIENT_SUMMARY_VERSION};
    assert_int_equal(med_patient_summarize(f->patient, &t), MED_ERR_RANGE);
    teardown_fixture(f);
}

/* Adds a fill of `drug` 10 mg q6h, 30 days from `date` unless `days` says, with its MME/day
 * set to `hundredths` when that is not 0 (a caller's own result: no order med_compute accepts
 * comes near 2^63 hundredths). */
static void add_own(fixture *f, const char *drug, int64_t hundredths, const char *date,
                    const char *days)
{
    med_input in = sched(drug, "10", "mg", "", "", "6");
    med_result r = MED_RESULT_INIT;
    char why[256];
    assert_int_equal(med_compute(f->table, &in, MED_METHOD_CLINICAL, &r), MED_OK);
    assert_int_equal(r.status, MED_RESULT_OK);
    if (hundredths)
        r.mme_hundredths = hundredths;
    assert_int_equal(med_patient_add(f->patient, &r, date, days, "D1", "R1", why), MED_OK);
}

/* Only a day's total must be held, not a sum on the way to it: an early refill shifted past a
 * fill of another drug puts its start before that fill's end on the same day, and the two
 * together (9.6e18 hundredths) are never a day's total. */
static void day_total_held_though_a_step_is_not(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 1, NULL);
    const int64_t big = 4800000000000000000;
    add_own(f, "morphine", 0, "2025-01-01", "30");          /* 40 MME/day */
    add_own(f, "morphine", big, "2025-01-15", "30");        /* shifted to start 2025-01-31 */
    add_own(f, "hydromorphone", big, "2025-01-20", "11");   /* ends 2025-01-30 */
    med_patient_summary s = summarize(f);
    assert_true(s.peak_hundredths == big + 4000); /* 2025-01-20 to 30: hydromorphone and 40 */
    expect_series(f, "2025-01-01", "19*40 11*48000000000000040 30*48000000000000000");
    teardown_fixture(f);
}

/* Rules: a high average over 90 days raises high_dosage and the high tier (3 months). */
static void rules_and_tiers(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    add(f, "oxycodone", "15", "mg", "360", "90", "2025-01-01", "D1"); /* 90 MME/day x 90 days */
    med_patient_summary s = summarize(f);
    assert_int_equal(s.treatment_days, 90);
    assert_string_equal(mme(s.average_hundredths), "90");
    assert_string_equal(s.risk_tier, "high");
    assert_int_equal(s.review_months, 3);
    assert_int_equal(s.long_term, 1);
    assert_string_equal(med_patient_flag(f->patient, 0), "high_dosage");
    med_patient_reset(f->patient, "P2");
    add(f, "tramadol", "50", "mg", "60", "30", "2025-01-01", "D1"); /* 20 MME/day */
    s = summarize(f);
    assert_string_equal(s.patient_id, "P2");
    assert_string_equal(s.risk_tier, "low");
    assert_int_equal(s.review_months, 12);
    assert_int_equal(s.flag_count, 0);
    teardown_fixture(f);
}

/* Point-of-care flags of the rules: what a set of orders raises, in the rules' order. */
static void care_flags(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    med_total total = MED_TOTAL_INIT;
    assert_int_equal(med_rules_care_count(f->rules, &total), 0);
    total.computed_hundredths = 4999;
    assert_int_equal(med_rules_care_count(f->rules, &total), 0);
    total.computed_hundredths = 5000; /* at_least 50: naloxone */
    assert_int_equal(med_rules_care_count(f->rules, &total), 1);
    assert_string_equal(med_rules_care_flag(f->rules, &total, 0)->name, "naloxone");
    assert_null(med_rules_care_flag(f->rules, &total, 1));
    total.computed_hundredths = 0;
    total.coprescribed = MED_COPRESCRIBED_BENZODIAZEPINE; /* the combination: naloxone too */
    assert_int_equal(med_rules_care_count(f->rules, &total), 2);
    const med_care_flag *b = med_rules_care_flag(f->rules, &total, 0);
    assert_string_equal(b->name, "opioid_benzodiazepine");
    assert_string_equal(b->location, "CDC 2022, Recommendation 11");
    assert_non_null(strstr(b->quote, "benzodiazepines concurrently"));
    assert_string_equal(med_rules_care_flag(f->rules, &total, 1)->name, "naloxone");
    total.coprescribed = MED_COPRESCRIBED_GABAPENTINOID;
    assert_int_equal(med_rules_care_count(f->rules, &total), 1);
    assert_non_null(strstr(med_rules_care_flag(f->rules, &total, 0)->source, "fda.gov"));
    total.version = 1; /* a version 1 total has no co-prescribing: nothing */
    assert_int_equal(med_rules_care_count(f->rules, &total), 0);
    assert_null(med_rules_care_flag(f->rules, &total, 0));
    assert_int_equal(med_rules_care_count(NULL, &total), 0);
    teardown_fixture(f);
}

/* A rules file's point-of-care list is checked as it loads, with the line and column. */
static void care_rules_refused(void **state)
{
    (void)state;
    static const char head[] =
        "id: r\nversion: \"1\"\ntitle: t\nsource: https://example.org/x\nhigh_dose_mme: 90\n"
        "long_term: {description: d, all: [{measure: days_covered, at_least: 90}]}\n"
        "flags: [{name: a, description: d, source: S doc, summary: s, summarises: x, "
        "all: [{measure: peak_mme, at_least: 1}]}]\n"
        "tiers: [{tier: low, review_months: 12}]\n";
    static const struct { const char *tail; int line, column; const char *says; } cases[] = {
        {"point_of_care: [{name: n, description: d, source: S doc, quote: q, location: l, "
         "any: [{coprescribed: antihistamine}]}]\n", 9, 102, "benzodiazepine or gabapentinoid"},
        {"point_of_care: [{name: n, description: d, source: S doc, quote: q, location: l, "
         "any: [{measure: peak_mme, at_least: 5}]}]\n", 9, 97, "total_mme only"},
        {"point_of_care: [{name: n, description: d, source: S doc, any: [{coprescribed: "
         "gabapentinoid}]}]\n", 9, 17, "quote"},
        {"point_of_care: [{name: n, description: d, source: S doc, quote: q, location: l}]\n",
         9, 17, "needs 'any'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml, "%s%s", head, cases[i].tail);
        med_rules *r = NULL;
        med_error e;
        assert_int_not_equal(med_rules_load_buffer(yaml, strlen(yaml), "x.yaml", &r, &e), MED_OK);
        assert_null(r);
        assert_int_equal(e.line, cases[i].line);
        if (strstr(e.message, cases[i].says) == NULL || e.column != cases[i].column)
            fail_msg("case %zu: %d:%d %s", i, e.line, e.column, e.message);
    }
}

/* The practice counts each patient once, and once for each prescriber of an opioid fill. */
static void practice(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    med_practice *pr;
    med_error e;
    const med_practice_group *g;
    assert_int_equal(med_practice_new(f->rules, &pr, &e), MED_OK);
    const char *peaks[3][2] = {{"10", "D1"}, {"20", "D1"}, {"40", "D2"}}; /* x 3/day x 1.5 */
    for (int i = 0; i < 3; i++) {
        med_patient_summary s = MED_PATIENT_SUMMARY_INIT;
        char id[8];
        snprintf(id, sizeof id, "P%d", i);
        med_patient_reset(f->patient, id);
        add(f, "oxycodone", peaks[i][0], "mg", "90", "30", "2025-01-01", peaks[i][1]);
        assert_int_equal(med_patient_summarize(f->patient, &s), MED_OK);
        assert_int_equal(med_practice_add(pr, f->patient), MED_OK);
    }
    assert_int_equal(med_practice_finish(pr), MED_OK);
    assert_int_equal(med_practice_group_count(pr), 3);
    assert_non_null(g = med_practice_get_group(pr, 0));
    assert_int_equal(g->patients, 3);
    assert_true(g->threshold_count >= 2);
    assert_int_equal(g->at_or_above[0], 2); /* 90 and 180 reach 50 */
    assert_int_equal(g->at_or_above[1], 2);
    assert_string_equal(mme(g->median_peak_hundredths), "90");
    assert_string_equal(mme(g->p90_peak_hundredths), "180");
    assert_non_null(g = med_practice_get_group(pr, 1));
    assert_string_equal(g->name, "D1");
    assert_int_equal(g->patients, 2);
    assert_string_equal(mme(g->median_peak_hundredths), "67.5");
    assert_int_equal(g->high_dose, 1);
    med_practice_free(pr);
    teardown_fixture(f);
}

/* Five patients added to one practice, and split over two practices merged: the same groups,
 * counts, median and 90th percentile (over all the peaks, not an average of the two). */
static void practice_merge(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    med_practice *whole, *part[2];
    med_error e;
    const char *peaks[5][2] = {{"10", "D2"}, {"20", "D1"}, {"40", "D2"}, {"5", "D3"},
                               {"6", "D1"}};
    assert_int_equal(med_practice_new(f->rules, &whole, &e), MED_OK);
    assert_int_equal(med_practice_new(f->rules, &part[0], &e), MED_OK);
    assert_int_equal(med_practice_new(f->rules, &part[1], &e), MED_OK);
    for (int i = 0; i < 5; i++) {
        med_patient_summary s = MED_PATIENT_SUMMARY_INIT;
        char id[8];
        snprintf(id, sizeof id, "P%d", i);
        med_patient_reset(f->patient, id);
        add(f, "oxycodone", peaks[i][0], "mg", "90", "30", "2025-01-01", peaks[i][1]);
        assert_int_equal(med_patient_summarize(f->patient, &s), MED_OK);
        assert_int_equal(med_practice_add(whole, f->patient), MED_OK);
        assert_int_equal(med_practice_add(part[i < 3 ? 0 : 1], f->patient), MED_OK);
    }
    assert_int_equal(med_practice_merge(part[1], part[0]), MED_OK);
    assert_int_equal(med_practice_merge(part[1], part[1]), MED_ERR_ARGUMENT);
    assert_int_equal(med_practice_finish(whole), MED_OK);
    assert_int_equal(med_practice_finish(part[1]), MED_OK);
    assert_int_equal(med_practice_merge(part[1], part[0]), MED_ERR_ARGUMENT); /* finished */
    assert_int_equal(med_practice_group_count(part[1]), med_practice_group_count(whole));
    for (size_t i = 0; i < med_practice_group_count(whole); i++) {
        const med_practice_group *a = med_practice_get_group(whole, i);
        const med_practice_group *b = med_practice_get_group(part[1], i);
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->patients, b->patients);
        assert_int_equal(a->high_dose, b->high_dose);
        assert_int_equal(a->median_peak_hundredths, b->median_peak_hundredths);
        assert_int_equal(a->p90_peak_hundredths, b->p90_peak_hundredths);
        for (size_t t = 0; t < a->threshold_count; t++)
            assert_int_equal(a->at_or_above[t], b->at_or_above[t]);
    }
    /* peaks 45, 90, 180 and 22.5, 27: the median of all five is 45 (the parts' are 90 and
     * 24.75) */
    assert_string_equal(mme(med_practice_get_group(part[1], 0)->median_peak_hundredths), "45");
    for (int i = 0; i < 2; i++)
        med_practice_free(part[i]);
    med_practice_free(whole);
    teardown_fixture(f);
}

static int by_hundredths(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Practices of more patients than a group's peaks are selected among one by one (over 4096:
 * the practice's own group, and here one prescriber's, count them into buckets instead), with
 * peaks of a few patients each, in no order: the median (the mean of the middle two for an
 * even count) and the 90th percentile are those of the sorted peaks. */
static void practice_median_of_many(void **state)
{
    (void)state;
    fixture *f = setup_with("cdc-2022", 0, NULL);
    enum { MANY = 5001 };
    static int64_t sorted[MANY];
    med_practice *pr[2]; /* of the first MANY - 1 patients (even), and of all (odd) */
    med_error e;
    for (int k = 0; k < 2; k++)
        assert_int_equal(med_practice_new(f->rules, &pr[k], &e), MED_OK);
    for (int i = 0; i < MANY; i++) {
        med_patient_summary s = MED_PATIENT_SUMMARY_INIT;
        char id[16], quantity[16];
        int tablets = 1 + (i * 37) % 2003; /* oxycodone 5 mg over 30 days: 0.25 MME/day each */
        snprintf(id, sizeof id, "P%05d", i);
        snprintf(quantity, sizeof quantity, "%d", tablets);
        med_patient_reset(f->patient, id);
        add(f, "oxycodone", "5", "mg", quantity, "30", "2025-01-01", "D1");
        assert_int_equal(med_patient_summarize(f->patient, &s), MED_OK);
        assert_int_equal(s.peak_hundredths, 25 * tablets);
        sorted[i] = s.peak_hundredths;
        for (int k = 0; k < 2; k++)
            if (k == 1 || i < MANY - 1)
                assert_int_equal(med_practice_add(pr[k], f->patient), MED_OK);
    }
    for (int k = 0; k < 2; k++) {
        size_t n = k ? MANY : MANY - 1, mid = n / 2;
        qsort(sorted, n, sizeof *sorted, by_hundredths);
        int64_t median = n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid] + 1) / 2;
        int64_t p90 = sorted[(9 * n + 9) / 10 - 1];
        assert_int_equal(med_practice_finish(pr[k]), MED_OK);
        for (size_t g = 0; g < 2; g++) { /* the practice, and D1 */
            const med_practice_group *x = med_practice_get_group(pr[k], g);
            assert_int_equal(x->patients, (long)n);
            assert_int_equal(x->median_peak_hundredths, median);
            assert_int_equal(x->p90_peak_hundredths, p90);
        }
        med_practice_free(pr[k]);
    }
    teardown_fixture(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overlapping_fills),   cmocka_unit_test(early_refill_shifted),
        cmocka_unit_test(gap_counts_as_zero),  cmocka_unit_test(patch),
        cmocka_unit_test(methadone_crossing_tier),
        cmocka_unit_test(benzodiazepine_overlap_29_and_30),
        cmocka_unit_test(leap_day),            cmocka_unit_test(year_end),
        cmocka_unit_test(worked_examples_w21_w8),
        cmocka_unit_test(rejected_rows),       cmocka_unit_test(days_supply_bounds),
        cmocka_unit_test(rules_and_tiers),     cmocka_unit_test(totals_too_large_to_hold),
        cmocka_unit_test(day_total_held_though_a_step_is_not),
        cmocka_unit_test(care_flags),          cmocka_unit_test(care_rules_refused),
        cmocka_unit_test(practice),            cmocka_unit_test(practice_merge),
        cmocka_unit_test(practice_median_of_many),
    };
    return cmocka_run_group_tests_name("patient", tests, NULL, NULL);
}
