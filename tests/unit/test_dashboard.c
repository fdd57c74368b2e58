/* The practice dashboard: run chart counts by month and week with medians and signals, the
 * distribution of current and peak MME, prescriber variation with small numbers, the attention
 * list (order, cap, review due, de-identification), headline figures, and misuse. Every
 * expected number is worked out by hand in the comments. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"

typedef struct fixture {
    med_table *table;
    med_rules *rules;
    med_patient *patient;
    med_practice *practice;
} fixture;

static fixture F;

static int setup(void **state)
{
    med_error e;
    (void)state;
    memset(&F, 0, sizeof F);
    if (med_table_load_embedded("cdc-2022", &F.table, &e) != MED_OK ||
        med_rules_load(NULL, &F.rules, &e) != MED_OK ||
        med_patient_new(F.table, F.rules, NULL, &F.patient, &e) != MED_OK ||
        med_practice_new(F.rules, &F.practice, &e) != MED_OK)
        fail_msg("setup: %s", e.message);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    med_practice_free(F.practice);
    med_patient_free(F.patient);
    med_rules_free(F.rules);
    med_table_free(F.table);
    return 0;
}

static void dashboard(med_period period, const char *until, size_t attention_max, int deidentify)
{
    med_dashboard_options o = MED_DASHBOARD_OPTIONS_INIT;
    med_error e;
    o.period = period;
    o.until = until;
    o.attention_max = attention_max;
    o.deidentify = deidentify;
    if (med_practice_dashboard(F.practice, &o, &e) != MED_OK)
        fail_msg("dashboard: %s", e.message);
}

/* A fill of drug (mg tablets): strength, quantity, days supply, date, prescriber. */
static void fill(const char *drug, const char *strength, const char *qty, const char *days,
                 const char *date, const char *prescriber)
{
    med_input in = MED_INPUT_INIT;
    med_result r = MED_RESULT_INIT;
    char why[256];
    in.drug = drug;
    in.strength = strength;
    in.unit = "mg";
    in.quantity = qty;
    in.days_supply = days;
    assert_int_equal(med_compute(F.table, &in, MED_METHOD_SUPPLY, &r), MED_OK);
    if (med_patient_add(F.patient, &r, date, days, prescriber, "R1", why) != MED_OK)
        fail_msg("fill %s on %s: %s", drug, date, why);
}

static void start(const char *id)
{
    med_patient_reset(F.patient, id);
}

static void done(void)
{
    med_patient_summary s = MED_PATIENT_SUMMARY_INIT;
    assert_int_equal(med_patient_summarize(F.patient, &s), MED_OK);
    assert_int_equal(med_practice_add(F.practice, F.patient), MED_OK);
}

/* Three patients over January to March 2025 (oxycodone x 1.5):
 *   A (D1): 10 mg x 90 / 30 days from Jan 1: 45 MME/day, Jan 1-30
 *   B (D1): 20 mg x 90 / 30 days from Jan 20: 90 MME/day, Jan 20 - Feb 18
 *   C (D2): 10 mg x 90 / 30 days from Feb 10: 45, Feb 10 - Mar 11; alprazolam from Feb 25
 *           for 30 days: 15 overlap days (Feb 25 - Mar 11)
 *   E (D2): alprazolam only: no MME, in no count. */
static void three_patients(void)
{
    start("A");
    fill("oxycodone", "10", "90", "30", "2025-01-01", "D1");
    done();
    start("B");
    fill("oxycodone", "20", "90", "30", "2025-01-20", "D1");
    done();
    start("C");
    fill("oxycodone", "10", "90", "30", "2025-02-10", "D2");
    fill("alprazolam", "1", "30", "30", "2025-02-25", "D2");
    done();
    start("E");
    fill("alprazolam", "1", "30", "30", "2025-01-05", "D2");
    done();
    assert_int_equal(med_practice_finish(F.practice), MED_OK);
}

static const med_run_point *point(size_t i)
{
    const med_run_point *p = med_practice_get_run_point(F.practice, i);
    assert_non_null(p);
    return p;
}

static const med_dashboard *summary(void)
{
    const med_dashboard *d = med_practice_get_dashboard(F.practice);
    assert_non_null(d);
    return d;
}

/* Jan: A, B (B high); Feb: B (high), C (benzodiazepine). The chart ends with the month of the
 * latest opioid fill (Feb 10), so March is left out. */
static void run_chart_by_month(void **state)
{
    (void)state;
    dashboard(MED_PERIOD_MONTH, NULL, 200, 0);
    three_patients();
    const med_dashboard *d = summary();
    assert_int_equal(d->periods, 2);
    const med_run_point *jan = point(0), *feb = point(1);
    assert_string_equal(jan->label, "2025-01");
    assert_string_equal(jan->first_day, "2025-01-01");
    assert_string_equal(jan->last_day, "2025-01-31");
    assert_int_equal(jan->patients, 2);
    assert_int_equal(jan->high_dose, 1);
    assert_int_equal(jan->benzodiazepine, 0);
    assert_string_equal(jan->high_dose_percent, "50.0");
    assert_string_equal(feb->label, "2025-02");
    assert_int_equal(feb->patients, 2);
    assert_int_equal(feb->high_dose, 1);
    assert_int_equal(feb->benzodiazepine, 1);
    assert_string_equal(d->high_dose_median_percent, "50.0");  /* 1/2, 1/2 */
    assert_string_equal(d->benzodiazepine_median_percent, "25.0"); /* 0 and 1/2 */
    assert_string_equal(d->high_dose_text, "90");
    assert_null(med_practice_get_run_point(F.practice, 2));
}

/* With until 2025-03-31 March is in: C alone, with its benzodiazepine. */
static void run_chart_until(void **state)
{
    (void)state;
    dashboard(MED_PERIOD_MONTH, "2025-03-31", 200, 0);
    three_patients();
    assert_int_equal(summary()->periods, 3);
    const med_run_point *mar = point(2);
    assert_int_equal(mar->patients, 1);
    assert_int_equal(mar->benzodiazepine, 1);
    assert_string_equal(mar->benzodiazepine_percent, "100.0");
}

/* Days after `until` are not counted: until Jan 25 leaves January only (A and B). */
static void run_chart_cut(void **state)
{
    (void)state;
    dashboard(MED_PERIOD_MONTH, "2025-01-25", 200, 0);
    three_patients();
    assert_int_equal(summary()->periods, 1);
    assert_int_equal(point(0)->patients, 2);
}

/* B alone by week: Jan 20 2025 is a Monday; Jan 20 - Feb 18 touches 5 weeks. */
static void run_chart_by_week(void **state)
{
    (void)state;
    dashboard(MED_PERIOD_WEEK, NULL, 200, 0);
    start("B");
    fill("oxycodone", "20", "90", "30", "2025-01-20", "D1");
    done();
    start("L");
    fill("oxycodone", "10", "9", "3", "2025-02-13", "D1"); /* the latest fill: week of Feb 10 */
    done();
    assert_int_equal(med_practice_finish(F.practice), MED_OK);
    const med_dashboard *d = summary();
    assert_int_equal(d->period, MED_PERIOD_WEEK);
    assert_int_equal(d->periods, 4); /* to the week of the latest fill, Feb 10-16 */
    assert_string_equal(point(0)->label, "2025-01-20");
    assert_string_equal(point(0)->last_day, "2025-01-26");
    assert_string_equal(point(3)->label, "2025-02-10");
    assert_int_equal(point(3)->patients, 2);
    assert_int_equal(point(3)->high_dose, 1);
}

/* Month k of 2024 gets `total` patients, `high` of them at 90 MME/day (28 days from the 1st). */
static void month_of_patients(int month, int total, int high)
{
    for (int i = 0; i < total; i++) {
        char id[16], date[11];
        snprintf(id, sizeof id, "M%02d-%d", month, i);
        snprintf(date, sizeof date, "2024-%02d-01", month);
        start(id);
        fill("oxycodone", i < high ? "20" : "10", "84", "28", date, "D1");
        done();
    }
}

/* Six months at 0 of 2, then six at 2 of 2: the median is 50%, all twelve form two shifts;
 * no trend (one rise, between months 6 and 7). */
static void shift_signal(void **state)
{
    (void)state;
    dashboard(MED_PERIOD_MONTH, NULL, 200, 0);
    for (int m = 1; m <= 12; m++)
        month_of_patients(m, 2, m <= 6 ? 0 : 2);
    assert_int_equal(med_practice_finish(F.practice), MED_OK);
    assert_int_equal(summary()->periods, 12);
    assert_string_equal(summary()->high_dose_median_percent, "50.0");
    for (size_t i = 0; i < 12; i++)
        assert_int_equal(point(i)->high_dose_signals, MED_SIGNAL_SHIFT);
}

/* 0, 1, 1, 2, 3, 4 of 4: five distinct rising values (the repeat neither makes nor breaks the
 * trend), then a fall to 2; the median 2/4 gives sides - - - 0 + + 0: no run of six. */
static void trend_signal(void **state)
{
    (void)state;
    static const int high[] = {0, 1, 1, 2, 3, 4, 2};
    dashboard(MED_PERIOD_MONTH, NULL, 200, 0);
    for (int m = 0; m < 7; m++)
        month_of_patients(m + 1, 4, high[m]);
    assert_int_equal(med_practice_finish(F.practice), MED_OK);
    assert_string_equal(summary()->high_dose_median_percent, "50.0"); /* 0 1 1 2 2 3 4: 2/4 */
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(point(i)->high_dose_signals, MED_SIGNAL_TREND);
    assert_int_equal(point(6)->high_dose_signals, 0);
    assert_int_equal(point(0)->benzodiazepine_signals, 0);
}

/* Peaks 45, 90, 45 (bins 40-50, 90-100); current (each patient's last covered day) the same.
 * A fourth patient at 400 MME/day falls in the open bin 300+. */
static void distribution(void **state)
{
    (void)state;
    const med_mme_bin *bin;
    dashboard(MED_PERIOD_MONTH, NULL, 200, 0);
    start("H");
    fill("oxycodone", "80", "100", "30", "2025-01-05", "D3"); /* 266.67 mg x 1.5 = 400 */
    done();
    three_patients();
    const med_dashboard *d = summary();
    assert_int_equal(d->patients, 4);
    assert_int_equal(d->bins, 31);
    assert_int_equal(d->bin_width_hundredths, 1000);
    assert_int_equal(d->current_none, 0);
    assert_non_null(bin = med_practice_get_mme_bin(F.practice, 4));
    assert_string_equal(bin->label, "40-50");
    assert_int_equal(bin->peak, 2);
    assert_int_equal(bin->current, 2);
    assert_non_null(bin = med_practice_get_mme_bin(F.practice, 9));
    assert_int_equal(bin->from_hundredths, 9000);
    assert_int_equal(bin->peak, 1);
    assert_non_null(bin = med_practice_get_mme_bin(F.practice, 30));
    assert_string_equal(bin->label, "300+");
    assert_int_equal(bin->to_hundredths, -1);
    assert_int_equal(bin->peak, 1);
    assert_null(med_practice_get_mme_bin(F.practice, 31));
    assert_string_equal(d->median_peak, "67.5");   /* 45 45 90 400 */
    assert_string_equal(d->p90_peak, "400");       /* rank ceil(3.6) = 4 */
    assert_int_equal(d->threshold_count, 2);
    assert_int_equal(d->current_at_or_above[0], 2); /* 90 and 400 */
    assert_int_equal(d->peak_at_or_above[1], 2);
}

/* An as-of day after some patients stopped: they have no current MME. */
static void distribution_as_of(void **state)
{
    (void)state;
    med_patient_options po = MED_PATIENT_OPTIONS_INIT;
    med_error e;
    po.as_of = "2025-03-01";
    med_patient_free(F.patient);
    assert_int_equal(med_patient_new(F.table, F.rules, &po, &F.patient, &e), MED_OK);
    dashboard(MED_PERIOD_MONTH, "2025-03-01", 200, 0);
    three_patients();
    const med_dashboard *d = summary();
    assert_int_equal(d->current_none, 2); /* A and B ended in January and February */
    assert_string_equal(d->median_current, "45");
}

/* Practice share 23 of 43. D1: 2 of 20 is below the 99.8% range, D2: 18 of 20 above it, D3: 3
 * of 3 is small and never a signal. */
static void variation(void **state)
{
    (void)state;
    static const struct { const char *name; int patients, high; } P[] = {
        {"D2", 20, 18}, {"D1", 20, 2}, {"D3", 3, 3}};
    const med_variation *v;
    dashboard(MED_PERIOD_MONTH, NULL, 200, 0);
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < P[k].patients; i++) {
            char id[16];
            snprintf(id, sizeof id, "%s-%d", P[k].name, i);
            start(id);
            fill("oxycodone", i < P[k].high ? "20" : "10", "90", "30", "2025-01-01", P[k].name);
            done();
        }
    assert_int_equal(med_practice_finish(F.practice), MED_OK);
    const med_dashboard *d = summary();
    assert_int_equal(d->prescribers, 3);
    assert_string_equal(d->practice_percent, "53.5");
    assert_int_equal(d->small_number, 10);
    assert_int_equal(d->small_prescribers, 1);
    assert_int_equal(d->above, 1);
    assert_int_equal(d->below, 1);
    assert_non_null(v = med_practice_get_variation(F.practice, 0));
    assert_string_equal(v->name, "D1"); /* 20 patients, before D2 by id */
    assert_int_equal(v->signal, -1);
    assert_string_equal(v->percent, "10.0");
    assert_true(v->lower998 < v->lower95 && v->lower95 < 0.535 && 0.535 < v->upper95);
    assert_true(v->lower998 > 0.19 && v->lower998 < 0.20); /* 0.535 - 3.09 x 0.1115 */
    assert_non_null(v = med_practice_get_variation(F.practice, 1));
    assert_string_equal(v->name, "D2");
    assert_int_equal(v->signal, 1);
    assert_non_null(v = med_practice_get_variation(F.practice, 2));
    assert_string_equal(v->name, "D3");
    assert_int_equal(v->patients, 3);
    assert_true(v->small);
    assert_int_equal(v->signal, 0);
    assert_true(v->upper998 <= 1.0);
}

/* B (as of Feb 18 at 90: tier high), C (any benzodiazepine overlap: naloxone advised, moderate);
 * A is low. N: high from Nov 1 2025 to Nov 30. With no review on record (no care events), each
 * review is due on the as-of day itself (issue 14: last review + the tier's months, else as-of). */
static void attention(void **state)
{
    (void)state;
    const med_attention *a;
    dashboard(MED_PERIOD_MONTH, NULL, 200, 0);
    start("N");
    fill("oxycodone", "20", "90", "30", "2025-11-01", "D3");
    done();
    three_patients();
    const med_dashboard *d = summary();
    assert_int_equal(d->attention_patients, 3);
    assert_int_equal(d->attention_shown, 3);
    assert_int_equal(d->tier_count, 3);
    assert_string_equal(d->tiers[0], "high");
    assert_int_equal(d->tier_patients[0], 2);
    assert_int_equal(d->tier_patients[1], 1);
    assert_int_equal(d->tier_patients[2], 1);
    assert_non_null(a = med_practice_get_attention(F.practice, 0));
    assert_int_equal(a->rank, 1);
    assert_string_equal(a->patient_id, "N"); /* equal to B on every measure: input order */
    assert_string_equal(a->review_due, "2025-11-30");
    assert_int_equal(a->review_overdue, -1); /* no events given: unknown */
    assert_non_null(a = med_practice_get_attention(F.practice, 1));
    assert_string_equal(a->patient_id, "B");
    assert_string_equal(a->risk_tier, "high");
    assert_string_equal(a->as_of, "2025-02-18");
    assert_string_equal(a->review_due, "2025-02-18");
    assert_string_equal(a->mme_as_of, "90");
    assert_non_null(a = med_practice_get_attention(F.practice, 2));
    assert_string_equal(a->patient_id, "C");
    assert_string_equal(a->risk_tier, "moderate");
    assert_int_equal(a->review_months, 6);
    assert_string_equal(a->review_due, "2025-03-11");
    assert_int_equal(a->benzodiazepine_overlap_days, 15);
    assert_int_equal(a->flag_count, 1);
    assert_string_equal(a->flags[0], "naloxone_advised");
    assert_null(med_practice_get_attention(F.practice, 3));
}

/* A cap of 1 keeps the most urgent; de-identified entries carry no id. */
static void attention_capped_deidentified(void **state)
{
    (void)state;
    const med_attention *a;
    dashboard(MED_PERIOD_MONTH, NULL, 1, 1);
    three_patients();
    const med_dashboard *d = summary();
    assert_int_equal(d->attention_patients, 2);
    assert_int_equal(d->attention_shown, 1);
    assert_true(d->deidentified);
    assert_non_null(a = med_practice_get_attention(F.practice, 0));
    assert_string_equal(a->patient_id, "");
    assert_string_equal(a->risk_tier, "high");
    assert_string_equal(a->mme_as_of, "90");
}

static const med_headline *headline(size_t i)
{
    const med_headline *h = med_practice_get_headline(F.practice, i);
    assert_non_null(h);
    return h;
}

/* The figures agree with the practice group and carry their definitions. */
static void headlines(void **state)
{
    (void)state;
    static const char *const keys[] = {"patients", "long_term", "peak_at_or_above_50",
                                       "peak_at_or_above_90", "coprescribed", "high_dosage",
                                       "concurrent_benzodiazepine", "multiple_providers",
                                       "naloxone_advised"};
    static const long counts[] = {3, 0, 1, 1, 1, 0, 0, 0, 2};
    dashboard(MED_PERIOD_MONTH, NULL, 200, 0);
    three_patients();
    assert_int_equal(summary()->headlines, 9);
    for (size_t i = 0; i < 9; i++) {
        const med_headline *h = headline(i);
        assert_string_equal(h->key, keys[i]);
        assert_int_equal(h->count, counts[i]);
        assert_int_equal(h->of, 3);
        assert_true(h->definition[0] != '\0');
    }
    assert_string_equal(headline(3)->label, "At or above 90 MME/day");
    assert_string_equal(headline(8)->label, "Naloxone advised");
    assert_string_equal(headline(8)->percent, "66.7");
    assert_string_equal(headline(0)->percent, "100.0");
}

/* Misuse is refused with a reason; nothing is read before the end. */
static void misuse(void **state)
{
    (void)state;
    med_dashboard_options o = MED_DASHBOARD_OPTIONS_INIT;
    med_error e;
    med_period period;
    o.version = 99; /* 1.0: an unknown options version is MED_ERR_VERSION (was ARGUMENT) */
    assert_int_equal(med_practice_dashboard(F.practice, &o, &e), MED_ERR_VERSION);
    assert_non_null(strstr(e.message, "MED_DASHBOARD_OPTIONS_INIT"));
    o.version = MED_DASHBOARD_OPTIONS_VERSION;
    o.until = "2025-02-30";
    assert_int_equal(med_practice_dashboard(F.practice, &o, &e), MED_ERR_ARGUMENT);
    o.until = "";
    o.attention_max = 100001;
    assert_int_equal(med_practice_dashboard(F.practice, &o, &e), MED_ERR_ARGUMENT);
    assert_int_equal(med_practice_dashboard(NULL, NULL, &e), MED_ERR_ARGUMENT);
    start("A");
    fill("oxycodone", "10", "90", "30", "2025-01-01", "D1");
    done();
    assert_int_equal(med_practice_dashboard(F.practice, NULL, &e), MED_ERR_ARGUMENT);
    assert_non_null(strstr(e.message, "before the first patient"));
    med_practice *twice; /* nor twice */
    assert_int_equal(med_practice_new(F.rules, &twice, &e), MED_OK);
    assert_int_equal(med_practice_dashboard(twice, NULL, &e), MED_OK);
    assert_int_equal(med_practice_dashboard(twice, NULL, &e), MED_ERR_ARGUMENT);
    med_practice_free(twice);
    assert_int_equal(med_practice_finish(F.practice), MED_OK);
    assert_null(med_practice_get_dashboard(F.practice));
    assert_int_equal(med_period_parse("week", &period), MED_OK);
    assert_int_equal(period, MED_PERIOD_WEEK);
    assert_int_equal(med_period_parse("year", &period), MED_ERR_ARGUMENT);
    assert_string_equal(med_period_string(MED_PERIOD_MONTH), "month");
}

/* No patient at all: empty lists, zero figures, no crash. */
static void empty_practice(void **state)
{
    (void)state;
    dashboard(MED_PERIOD_MONTH, NULL, 200, 0);
    assert_int_equal(med_practice_finish(F.practice), MED_OK);
    const med_dashboard *d = summary();
    assert_int_equal(d->periods, 0);
    assert_int_equal(d->patients, 0);
    assert_int_equal(d->prescribers, 0);
    assert_int_equal(d->attention_shown, 0);
    assert_string_equal(d->median_peak, "0");
    assert_string_equal(headline(0)->percent, "0.0");
    assert_null(med_practice_get_variation(F.practice, 0));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(run_chart_by_month), T(run_chart_until), T(run_chart_cut), T(run_chart_by_week),
        T(shift_signal),       T(trend_signal),    T(distribution), T(distribution_as_of),
        T(variation),          T(attention),       T(attention_capped_deidentified),
        T(headlines),          T(misuse),          T(empty_practice),
    };
    return cmocka_run_group_tests_name("dashboard", tests, NULL, NULL);
}
