/* The registry a clinic acts on: one as-of day for everyone, active patients, long-term therapy
 * judged on the window ending on the as-of day, and primary prescriber attribution. Every
 * figure is worked out by hand in the comment beside it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "med.h"
#include "patients/care_private.h"
#include "patients/rules_private.h"

typedef struct reg {
    med_table *table;
    med_rules *rules;
    med_patient *patient;
    med_practice *practice;
} reg;

static void open_reg(reg *r, const char *as_of, int dashboard)
{
    med_error e;
    med_patient_options o = MED_PATIENT_OPTIONS_INIT;
    o.as_of = as_of;
    memset(r, 0, sizeof *r);
    if (med_table_load_embedded("cdc-2022", &r->table, &e) != MED_OK ||
        med_rules_load(NULL, &r->rules, &e) != MED_OK ||
        med_patient_new(r->table, r->rules, &o, &r->patient, &e) != MED_OK ||
        med_practice_new(r->rules, &r->practice, &e) != MED_OK)
        fail_msg("setup: %s", e.message);
    if (dashboard) {
        med_dashboard_options d = MED_DASHBOARD_OPTIONS_INIT;
        d.until = as_of;
        if (med_practice_dashboard(r->practice, &d, &e) != MED_OK)
            fail_msg("dashboard: %s", e.message);
    }
}

static void close_reg(reg *r)
{
    med_practice_free(r->practice);
    med_patient_free(r->patient);
    med_rules_free(r->rules);
    med_table_free(r->table);
}

/* A claims fill of `drug` tablets: strength mg, quantity, days supply, fill date, prescriber. */
static void add(reg *r, const char *drug, const char *strength, const char *qty, const char *days,
                const char *date, const char *prescriber)
{
    med_input in = MED_INPUT_INIT;
    med_result x = MED_RESULT_INIT;
    char why[256];
    in.drug = drug;
    in.form = "tablet";
    in.strength = strength;
    in.unit = "mg";
    in.quantity = qty;
    in.days_supply = days;
    assert_int_equal(med_compute(r->table, &in, MED_METHOD_SUPPLY, &x), MED_OK);
    med_fill f = MED_FILL_INIT;
    f.result = &x;
    f.fill_date = date;
    f.days_supply = days;
    f.prescriber = prescriber;
    f.pharmacy = "R1";
    f.release = med_compute_release(r->table, &in);
    if (med_patient_add_fill(r->patient, &f, why) != MED_OK)
        fail_msg("fill %s on %s not used: %s", drug, date, why);
}

static med_patient_summary summarize(reg *r)
{
    med_patient_summary s = MED_PATIENT_SUMMARY_INIT;
    assert_int_equal(med_patient_summarize(r->patient, &s), MED_OK);
    return s;
}

/* One acute course: oxycodone 30 mg, 20 tablets over 5 days = 4 a day x 30 mg x 1.5 = 180
 * MME/day on 2024-01-10 .. 2024-01-14. Peak >= 50 raises naloxone_advised: tier moderate. */
static void acute_course(reg *r)
{
    med_patient_reset(r->patient, "ACUTE");
    add(r, "oxycodone", "30", "20", "5", "2024-01-10", "DR1");
}

/* A year and a half later the course is long over: not active, not long-term, not listed. */
static void acute_course_long_ago_is_inactive(void **state)
{
    (void)state;
    reg r;
    open_reg(&r, "2025-06-30", 1);
    acute_course(&r);
    med_patient_summary s = summarize(&r);
    assert_string_equal(s.as_of, "2025-06-30");
    assert_int_equal(s.active, 0);
    assert_int_equal(s.recent_days_covered, 0);
    assert_int_equal(s.long_term, 0);
    assert_string_equal(s.risk_tier, "moderate"); /* the peak still says so */
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    assert_int_equal(med_practice_finish(r.practice), MED_OK);
    const med_practice_group *g = med_practice_get_group(r.practice, 0);
    assert_int_equal(g->patients, 1);
    assert_int_equal(g->active, 0);
    const med_dashboard *d = med_practice_get_dashboard(r.practice);
    assert_int_equal(d->attention_patients, 0);
    assert_int_equal(d->attention_shown, 0);
    assert_int_equal(d->current_none, 0); /* not on opioids now: in no current count at all */
    const med_headline *h = med_practice_get_headline(r.practice, 0);
    assert_string_equal(h->key, "patients");
    assert_int_equal(h->count, 0);
    close_reg(&r);
}

/* The same course seen 89 days after its last day (2024-01-14 + 89 = 2024-04-12) is still in
 * the 90 days ending on the as-of day: active and listed. One day later it is not. */
static void acute_course_active_for_90_days(void **state)
{
    (void)state;
    reg r;
    open_reg(&r, "2024-04-12", 1);
    acute_course(&r);
    med_patient_summary s = summarize(&r);
    assert_int_equal(s.active, 1);
    assert_int_equal(s.recent_days_covered, 5);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    assert_int_equal(med_practice_finish(r.practice), MED_OK);
    assert_int_equal(med_practice_get_dashboard(r.practice)->attention_shown, 1);
    close_reg(&r);
    open_reg(&r, "2024-04-13", 0);
    acute_course(&r);
    s = summarize(&r);
    assert_int_equal(s.active, 0);
    close_reg(&r);
}

/* Oxycodone 10 mg, 120 tablets for 30 days, filled 2025-01-01, 01-31, 03-02, 04-01: covered
 * 2025-01-01 .. 2025-04-30 (120 days). On 2025-04-30 all 120 are in the 180-day window: long
 * term. On 2025-09-30 the window is 2025-04-04 .. 2025-09-30: 27 days (Apr 4-30), not long
 * term, and no MME since 2025-07-03 (the 90-day window): inactive. */
static void long_term_judged_on_the_window(void **state)
{
    (void)state;
    static const char *const dates[] = {"2025-01-01", "2025-01-31", "2025-03-02", "2025-04-01"};
    const char *as_of[] = {"2025-04-30", "2025-09-30"};
    for (int k = 0; k < 2; k++) {
        reg r;
        open_reg(&r, as_of[k], 0);
        med_patient_reset(r.patient, "LT");
        for (int i = 0; i < 4; i++)
            add(&r, "oxycodone", "10", "120", "30", dates[i], "DR1");
        med_patient_summary s = summarize(&r);
        assert_int_equal(s.days_covered, 120);
        assert_int_equal(s.recent_days_covered, k == 0 ? 120 : 27);
        assert_int_equal(s.long_term, k == 0);
        assert_int_equal(s.active, k == 0);
        close_reg(&r);
    }
}

/* Rules that change active_days and the long-term window are read; bad values are refused. */
static void rules_windows(void **state)
{
    (void)state;
    med_rules *r = NULL;
    med_error e;
    assert_int_equal(med_rules_load(NULL, &r, &e), MED_OK);
    assert_int_equal(med_rules_active_days(r), 90);
    assert_int_equal(med_rules_long_term_window_days(r), 180);
    med_rules_free(r);
    static const char bad[] =
        "id: x\nversion: \"1\"\ntitle: t\nsource: s s\nhigh_dose_mme: 90\nactive_days: 0\n"
        "long_term: {description: d, all: [{measure: recent_days_covered, at_least: 1}]}\n"
        "flags: []\ntiers: [{tier: low, review_months: 12}]\n";
    assert_int_equal(med_rules_load_buffer(bad, sizeof bad - 1, "bad.yaml", &r, &e),
                     MED_ERR_INVALID);
    assert_non_null(strstr(e.message, "active_days"));
    assert_int_equal(med_rules_active_days(NULL), 0);
}

/* Two prescribers, the same oxycodone 10 mg x 120 for 30 days (60 MME/day, 1800 MME-days)
 * each, DR1 on 2025-01-01 and DR2 on 2025-02-01, as of 2025-03-02 (both in the 180-day window):
 * a tie broken by the most recent fill, DR2. A second DR1 fill on 2025-03-01 adds 2 days
 * (Mar 1-2) in the window: 1920 against 1800, DR1. The same fill day: the smaller id. */
static void primary_attribution_with_ties(void **state)
{
    (void)state;
    reg r;
    open_reg(&r, "2025-03-02", 0);
    med_patient_reset(r.patient, "T");
    add(&r, "oxycodone", "10", "120", "30", "2025-01-01", "DR1");
    add(&r, "oxycodone", "10", "120", "30", "2025-02-01", "DR2");
    assert_string_equal(summarize(&r).primary_prescriber, "DR2");
    add(&r, "oxycodone", "10", "120", "30", "2025-03-01", "DR1");
    assert_string_equal(summarize(&r).primary_prescriber, "DR1");
    med_patient_reset(r.patient, "S");
    add(&r, "oxycodone", "10", "120", "30", "2025-02-01", "DR9");
    add(&r, "oxycodone", "10", "120", "30", "2025-02-01", "DR3");
    assert_string_equal(summarize(&r).primary_prescriber, "DR3");
    med_patient_reset(r.patient, "N"); /* no prescriber named */
    add(&r, "oxycodone", "10", "120", "30", "2025-02-01", "");
    assert_string_equal(summarize(&r).primary_prescriber, "");
    close_reg(&r);
}

/* A patient with 300 prescribers (past the names searched one by one, and past one block of
 * prescribers weighed together): each has a 5 mg fill on 2025-01-01 and another on 2025-02-01,
 * found again by id, and DR250 a third of 30 mg x 4 a day for 30 days (180 MME/day x 30 =
 * 5400 MME-days against 5 x 4 x 1.5 = 30 MME/day x 60 = 1800). Counted once each: 300
 * prescribers, 1 pharmacy; primary DR250. */
static void many_prescribers(void **state)
{
    (void)state;
    reg r;
    char id[16];
    open_reg(&r, "2025-03-02", 0);
    med_patient_reset(r.patient, "MANY");
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 300; i++) {
            snprintf(id, sizeof id, "DR%03d", i);
            add(&r, "oxycodone", "5", "120", "30", round ? "2025-02-01" : "2025-01-01", id);
        }
    add(&r, "oxycodone", "30", "120", "30", "2025-01-15", "DR250");
    med_patient_summary s = summarize(&r);
    assert_int_equal(s.prescribers, 300);
    assert_int_equal(s.pharmacies, 1);
    assert_string_equal(s.primary_prescriber, "DR250");
    med_patient_reset(r.patient, "FEW"); /* a reset forgets them: one prescriber again */
    add(&r, "oxycodone", "5", "120", "30", "2025-01-01", "DR007");
    s = summarize(&r);
    assert_int_equal(s.prescribers, 1);
    assert_string_equal(s.primary_prescriber, "DR007");
    close_reg(&r);
}

/* The tie patient in a practice: once, for DR2, by default; for both with "any". Practices
 * with different attribution do not merge. */
static void practice_attribution(void **state)
{
    (void)state;
    med_practice_options any = MED_PRACTICE_OPTIONS_INIT;
    med_error e;
    any.attribution = MED_ATTRIBUTION_ANY;
    for (int k = 0; k < 2; k++) {
        reg r;
        open_reg(&r, "2025-03-02", 0);
        if (k == 1)
            assert_int_equal(med_practice_set_options(r.practice, &any, &e), MED_OK);
        med_patient_reset(r.patient, "T");
        add(&r, "oxycodone", "10", "120", "30", "2025-01-01", "DR1");
        add(&r, "oxycodone", "10", "120", "30", "2025-02-01", "DR2");
        summarize(&r);
        assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
        assert_int_equal(med_practice_set_options(r.practice, &any, &e), MED_ERR_ARGUMENT);
        med_practice *other = NULL;
        assert_int_equal(med_practice_new(r.rules, &other, &e), MED_OK);
        assert_int_equal(med_practice_merge(other, r.practice), k == 0 ? MED_OK : MED_ERR_ARGUMENT);
        med_practice_free(other);
        assert_int_equal(med_practice_finish(r.practice), MED_OK);
        assert_int_equal(med_practice_group_count(r.practice), k == 0 ? 2 : 3);
        const med_practice_group *g = med_practice_get_group(r.practice, 1);
        assert_string_equal(g->name, k == 0 ? "DR2" : "DR1");
        assert_int_equal(g->patients, 1);
        close_reg(&r);
    }
    med_attribution a;
    assert_int_equal(med_attribution_parse("any", &a), MED_OK);
    assert_int_equal(a, MED_ATTRIBUTION_ANY);
    assert_int_equal(med_attribution_parse("all", &a), MED_ERR_ARGUMENT);
    assert_string_equal(med_attribution_string(MED_ATTRIBUTION_PRIMARY), "primary");
}

/* A fill with a group value (a clinic). */
static void add_at(reg *r, const char *strength, const char *date, const char *prescriber,
                   const char *clinic)
{
    med_input in = MED_INPUT_INIT;
    med_result x = MED_RESULT_INIT;
    med_fill f = MED_FILL_INIT;
    char why[256];
    in.drug = "oxycodone";
    in.form = "tablet";
    in.strength = strength;
    in.unit = "mg";
    in.quantity = "60";
    in.days_supply = "30";
    assert_int_equal(med_compute(r->table, &in, MED_METHOD_SUPPLY, &x), MED_OK);
    f.result = &x;
    f.fill_date = date;
    f.days_supply = "30";
    f.prescriber = prescriber;
    f.group = clinic;
    if (med_patient_add_fill(r->patient, &f, why) != MED_OK)
        fail_msg("fill on %s not used: %s", date, why);
}

/* Two clinics. A: DR1 at NORTH (30 mg x 2 = 90 MME/day) then DR3 at SOUTH (5 mg x 2 = 15):
 * primary DR1 (2700 against 450 MME-days), so NORTH though SOUTH is the latest fill. B: DR3
 * alone, NORTH then SOUTH: its latest, SOUTH. The practice by group counts one each. */
static void two_clinics(void **state)
{
    (void)state;
    med_practice_options po = MED_PRACTICE_OPTIONS_INIT;
    med_error e;
    reg r;
    po.by_group = 1;
    open_reg(&r, "2025-03-02", 0);
    assert_int_equal(med_practice_set_options(r.practice, &po, &e), MED_OK);
    med_patient_reset(r.patient, "A");
    add_at(&r, "30", "2025-01-05", "DR1", "NORTH");
    add_at(&r, "5", "2025-02-04", "DR3", "SOUTH");
    med_patient_summary s = summarize(&r);
    assert_string_equal(s.primary_prescriber, "DR1");
    assert_string_equal(s.group, "NORTH");
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    med_patient_reset(r.patient, "B");
    add_at(&r, "5", "2025-01-10", "DR3", "NORTH");
    add_at(&r, "5", "2025-02-09", "DR3", "SOUTH");
    assert_string_equal(summarize(&r).group, "SOUTH");
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    assert_int_equal(med_practice_finish(r.practice), MED_OK);
    /* practice, DR1, DR3, then the groups NORTH and SOUTH */
    assert_int_equal(med_practice_group_count(r.practice), 5);
    static const char *const names[] = {"practice", "DR1", "DR3", "NORTH", "SOUTH"};
    static const char *const levels[] = {"practice", "prescriber", "prescriber", "group",
                                         "group"};
    for (size_t i = 0; i < 5; i++) {
        const med_practice_group *g = med_practice_get_group(r.practice, i);
        assert_string_equal(g->name, names[i]);
        assert_string_equal(g->level, levels[i]);
        assert_int_equal(g->patients, i == 0 ? 2 : 1);
    }
    med_fill bad = MED_FILL_INIT;
    bad.version = 99;
    med_result x = MED_RESULT_INIT;
    bad.result = &x;
    assert_int_equal(med_patient_add_fill(r.patient, &bad, NULL), MED_ERR_VERSION);
    close_reg(&r);
}

/* Quarters: the LT patient (2025-01-01 .. 2025-04-30) as of 2025-06-30 is in 2025-Q1 (Jan 1 to
 * Mar 31) and 2025-Q2 (Apr 1 to Jun 30). */
static void run_chart_by_quarter(void **state)
{
    (void)state;
    static const char *const dates[] = {"2025-01-01", "2025-01-31", "2025-03-02", "2025-04-01"};
    med_dashboard_options d = MED_DASHBOARD_OPTIONS_INIT;
    med_error e;
    reg r;
    open_reg(&r, "2025-06-30", 0);
    d.period = MED_PERIOD_QUARTER;
    d.until = "2025-06-30";
    assert_int_equal(med_practice_dashboard(r.practice, &d, &e), MED_OK);
    med_patient_reset(r.patient, "LT");
    for (int i = 0; i < 4; i++)
        add(&r, "oxycodone", "10", "120", "30", dates[i], "DR1");
    summarize(&r);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    assert_int_equal(med_practice_finish(r.practice), MED_OK);
    assert_int_equal(med_practice_get_dashboard(r.practice)->periods, 2);
    const med_run_point *q1 = med_practice_get_run_point(r.practice, 0);
    const med_run_point *q2 = med_practice_get_run_point(r.practice, 1);
    assert_string_equal(q1->label, "2025-Q1");
    assert_string_equal(q1->first_day, "2025-01-01");
    assert_string_equal(q1->last_day, "2025-03-31");
    assert_string_equal(q2->label, "2025-Q2");
    assert_string_equal(q2->last_day, "2025-06-30");
    assert_int_equal(q2->patients, 1);
    med_period p;
    assert_int_equal(med_period_parse("quarter", &p), MED_OK);
    assert_int_equal(p, MED_PERIOD_QUARTER);
    assert_string_equal(med_period_string(MED_PERIOD_QUARTER), "quarter");
    close_reg(&r);
}

/* A long-term patient: oxycodone 10 mg x 120 for 30 days (60 MME/day: naloxone_advised, tier
 * moderate, 6 months) filled monthly from 2025-01-01, covered to 2025-06-29; as of 2025-06-30
 * the 180-day window holds 179 covered days: long term and active. */
static void long_term_patient(reg *r, const char *id)
{
    static const char *const dates[] = {"2025-01-01", "2025-01-31", "2025-03-02",
                                        "2025-04-01", "2025-05-01", "2025-05-31"};
    med_patient_reset(r->patient, id);
    for (int i = 0; i < 6; i++)
        add(r, "oxycodone", "10", "120", "30", dates[i], "DR2");
}

static void open_events(reg *r, int with_events)
{
    med_error e;
    med_patient_options o = MED_PATIENT_OPTIONS_INIT;
    open_reg(r, "2025-06-30", 0);
    med_patient_free(r->patient);
    o.as_of = "2025-06-30";
    o.with_events = with_events;
    if (med_patient_new(r->table, r->rules, &o, &r->patient, &e) != MED_OK)
        fail_msg("%s", e.message);
}

/* Reviewed 2024-11-30, 7 months before the as-of day, in a 6-month tier: due 2025-05-30,
 * overdue, and the review gap is open. Reviewed 2025-04-30 (2 months): due 2025-10-30, not. */
static void review_overdue_by_tier(void **state)
{
    (void)state;
    reg r;
    open_events(&r, 1);
    long_term_patient(&r, "REV7");
    assert_int_equal(med_patient_add_event(r.patient, "2024-11-30", "review", NULL), MED_OK);
    med_patient_summary s = summarize(&r);
    assert_string_equal(s.risk_tier, "moderate");
    assert_int_equal(s.long_term, 1);
    assert_string_equal(s.last_review, "2024-11-30");
    assert_string_equal(s.review_due, "2025-05-30");
    assert_int_equal(s.review_overdue, 1);
    assert_string_equal(med_patient_care_gap(r.patient, 0), "review");
    long_term_patient(&r, "REV2");
    assert_int_equal(med_patient_add_event(r.patient, "2025-04-30", "review", NULL), MED_OK);
    s = summarize(&r);
    assert_string_equal(s.review_due, "2025-10-30");
    assert_int_equal(s.review_overdue, 0);
    for (size_t i = 0; i < s.care_gap_count; i++)
        assert_string_not_equal(med_patient_care_gap(r.patient, i), "review");
    close_reg(&r);
}

/* A naloxone nasal spray fill on 2025-03-01 clears the naloxone gap; buprenorphine/naloxone
 * film does not (it is computed as buprenorphine). Without events, the others are unknown. */
static void naloxone_from_claims(void **state)
{
    (void)state;
    static const struct { const char *drug, *form; int clears; } cases[] = {
        {"naloxone", "nasal spray", 1}, {"narcan", "spray", 1},
        {"buprenorphine/naloxone", "film", 0}};
    for (size_t k = 0; k < 3; k++) {
        reg r;
        med_input in = MED_INPUT_INIT;
        med_result x = MED_RESULT_INIT;
        open_events(&r, 0);
        long_term_patient(&r, "N");
        in.drug = cases[k].drug;
        in.form = cases[k].form;
        in.strength = "4";
        in.unit = "mg";
        in.quantity = "2";
        in.days_supply = "1";
        assert_int_equal(med_compute(r.table, &in, MED_METHOD_SUPPLY, &x), MED_OK);
        (void)med_patient_add(r.patient, &x, "2025-03-01", "1", "DR2", "R1", NULL);
        med_patient_summary s = summarize(&r);
        assert_string_equal(s.naloxone_last, cases[k].clears ? "2025-03-01" : "");
        assert_int_equal(s.naloxone_fills, cases[k].clears);
        assert_int_equal(s.care_gap_count, cases[k].clears ? 0 : 1);
        if (!cases[k].clears)
            assert_string_equal(med_patient_care_gap(r.patient, 0), "naloxone");
        assert_int_equal(s.care_gap_unknown_count, 5); /* review, uds, agreement, pdmp, function */
        assert_int_equal(s.review_overdue, -1);
        assert_string_equal(s.review_due, "2025-06-30");
        close_reg(&r);
    }
}

/* Bad events are refused with the reason and counted; the rules say which events exist. */
static void bad_events(void **state)
{
    (void)state;
    reg r;
    char why[256];
    open_events(&r, 1);
    long_term_patient(&r, "B");
    assert_int_equal(med_patient_add_event(r.patient, "2025-02-30", "uds", why), MED_ERR_INVALID);
    assert_non_null(strstr(why, "2025-02-30"));
    assert_int_equal(med_patient_add_event(r.patient, "2025-02-01", "xray", why),
                     MED_ERR_INVALID);
    assert_non_null(strstr(why, "'xray' is not one of review, uds"));
    assert_int_equal(med_patient_add_event(r.patient, "2025-02-01", "uds", why), MED_OK);
    med_patient_summary s = summarize(&r);
    assert_int_equal(s.events, 3);
    assert_int_equal(s.events_rejected, 2);
    assert_string_equal(med_patient_last_event(r.patient, "uds"), "2025-02-01");
    assert_null(med_patient_last_event(r.patient, "xray"));
    assert_int_equal(med_rules_check_event(r.rules, "2025-01-01", "function", NULL, NULL),
                     MED_OK);
    close_reg(&r);
}

/* The check of an event also gives its kind: the index of its name in the rules' events, the
 * one a patient's event is stored under; a bad date or an unknown name is refused and leaves the
 * day as it was. */
static void check_event_gives_kind(void **state)
{
    (void)state;
    reg r;
    long day;
    int kind;
    open_events(&r, 1);
    assert_true(r.rules->event_count >= 2);
    for (size_t i = 0; i < r.rules->event_count; i++) {
        day = 0;
        kind = -1;
        assert_int_equal(med__care_check_event(r.rules, "2025-01-31", r.rules->event_names[i],
                                               &day, &kind, NULL), MED_OK);
        assert_int_equal(kind, (int)i);
        assert_int_equal(day, 20119);
    }
    day = 42;
    assert_int_equal(med__care_check_event(r.rules, "2025-01-31", "xray", &day, &kind, NULL),
                     MED_ERR_INVALID);
    assert_int_equal(kind, -1);
    assert_int_equal(med__care_check_event(r.rules, "2025-02-29", "uds", &day, &kind, NULL),
                     MED_ERR_INVALID);
    assert_int_equal(day, 42);
    close_reg(&r);
}

/* New starts, as of 2025-06-30 (period 2024-07-01 .. 2025-06-30): S3's first fill, 3 days, and
 * S8's, 8 days, are new starts; NOTNEW's 2024-08-01 fill follows one on 2024-06-15 (47 days,
 * within 90) and its first fill is before the period: in no denominator. 3 days or less: 1 of 2;
 * 7 days or less: 1 of 2. Merged from two practices, the same. */
static void new_starts(void **state)
{
    (void)state;
    med_practice *parts[2];
    med_error e;
    reg r;
    open_reg(&r, "2025-06-30", 0);
    for (int k = 0; k < 2; k++)
        assert_int_equal(med_practice_new(r.rules, &parts[k], &e), MED_OK);
    med_patient_reset(r.patient, "S3");
    add(&r, "oxycodone", "5", "12", "3", "2025-05-01", "DR1");
    summarize(&r);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    assert_int_equal(med_practice_add(parts[0], r.patient), MED_OK);
    med_patient_reset(r.patient, "S8");
    add(&r, "oxycodone", "5", "16", "8", "2025-05-10", "DR1");
    summarize(&r);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    assert_int_equal(med_practice_add(parts[1], r.patient), MED_OK);
    med_patient_reset(r.patient, "NOTNEW");
    add(&r, "oxycodone", "5", "60", "30", "2024-06-15", "DR1");
    add(&r, "oxycodone", "5", "60", "30", "2024-08-01", "DR1");
    summarize(&r);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    assert_int_equal(med_practice_add(parts[1], r.patient), MED_OK);
    assert_int_equal(med_practice_merge(parts[0], parts[1]), MED_OK);
    med_practice *both[2] = {r.practice, parts[0]};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(med_practice_finish(both[k]), MED_OK);
        const char *from, *to;
        assert_int_equal(med_practice_measurement_period(both[k], &from, &to), MED_OK);
        assert_string_equal(from, "2024-07-01");
        assert_string_equal(to, "2025-06-30");
        const med_quality_measure *q3 = med_practice_get_measure(both[k], 0, 0);
        const med_quality_measure *q7 = med_practice_get_measure(both[k], 0, 1);
        assert_string_equal(q3->key, "new_start_3_days");
        assert_int_equal(q3->numerator, 1);
        assert_int_equal(q3->denominator, 2);
        assert_string_equal(q3->percent, "50.0");
        assert_string_equal(q7->key, "new_start_7_days");
        assert_int_equal(q7->numerator, 1);
        assert_int_equal(q7->denominator, 2);
        assert_null(med_practice_get_measure(both[k], 0, med_practice_measure_count(both[k])));
    }
    med_practice_free(parts[0]);
    med_practice_free(parts[1]);
    close_reg(&r);
}

/* The ER/LA marking of an input: by brand, by release word, by ingredient, by form. */
static void release_of_results(void **state)
{
    (void)state;
    static const struct { const char *drug, *form, *strength, *unit, *want; } cases[] = {
        {"OxyContin", "tablet", "10", "mg", "er_la"},
        {"oxycodone", "tablet", "5", "mg", "ir"},
        {"morphine sulfate ER", "tablet", "15", "mg", "er_la"},
        {"morphine sulfate", "TABLET, FILM COATED, EXTENDED RELEASE", "15", "mg", "er_la"},
        {"hydrocodone bitartrate/acetaminophen", "tablet", "5/325", "mg", "ir"},
        {"Hysingla ER", "tablet", "20", "mg", "er_la"},
        {"tramadol hydrochloride", "TB24", "100", "mg", "er_la"},
        {"methadone", "tablet", "10", "mg", "er_la"},
        {"fentanyl", "patch", "25", "mcg/hr", "er_la"},
        {"hydromorphone", "tablet", "2", "mg", "ir"},
        {"Exalgo", "tablet", "8", "mg", "er_la"},
        {"alprazolam", "tablet", "1", "mg", NULL},
        {"nosuchdrug", "tablet", "1", "mg", NULL},
    };
    med_table *t;
    med_error e;
    assert_int_equal(med_table_load_embedded("cdc-2022", &t, &e), MED_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        med_input in = MED_INPUT_INIT;
        in.drug = cases[i].drug;
        in.form = cases[i].form;
        in.strength = cases[i].strength;
        in.unit = cases[i].unit;
        in.quantity = "30";
        in.days_supply = "10";
        const char *got = med_compute_release(t, &in);
        if (cases[i].want == NULL ? got != NULL : got == NULL || strcmp(got, cases[i].want) != 0)
            fail_msg("%s (%s): release %s, want %s", cases[i].drug, cases[i].form,
                     got ? got : "NULL", cases[i].want ? cases[i].want : "NULL");
    }
    med_table_free(t);
}

/* New starts with an ER/LA opioid, as-of 2025-06-30 (period 2024-07-01 .. 2025-06-30, no fill
 * in the 90 days before any first fill below):
 *   ER   OxyContin 10 mg, 60 over 30 days, 2025-05-01: a new start with an ER/LA  -> num, den
 *   MER  morphine sulfate ER 15 mg, 2025-05-03                                      -> num, den
 *   IR   oxycodone 5 mg, 12 over 3 days, 2025-05-10: a new start, immediate release -> den
 *   IRER oxycodone 5 mg 2025-04-01, then OxyContin 2025-04-20: the start (the first day) is
 *        immediate release; the ER fill 19 days later is not a new start             -> den
 * new_start_er_la = 2 / 4 = 50.0%. */
static void er_la_new_starts(void **state)
{
    (void)state;
    reg r;
    open_reg(&r, "2025-06-30", 0);
    med_patient_reset(r.patient, "ER");
    add(&r, "OxyContin", "10", "60", "30", "2025-05-01", "DR1");
    summarize(&r);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    med_patient_reset(r.patient, "MER");
    add(&r, "morphine sulfate ER", "15", "60", "30", "2025-05-03", "DR1");
    summarize(&r);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    med_patient_reset(r.patient, "IR");
    add(&r, "oxycodone", "5", "12", "3", "2025-05-10", "DR1");
    summarize(&r);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    med_patient_reset(r.patient, "IRER");
    add(&r, "oxycodone", "5", "12", "3", "2025-04-01", "DR1");
    add(&r, "OxyContin", "10", "60", "30", "2025-04-20", "DR1");
    summarize(&r);
    assert_int_equal(med_practice_add(r.practice, r.patient), MED_OK);
    assert_int_equal(med_practice_finish(r.practice), MED_OK);
    const med_quality_measure *q = med_practice_get_measure(r.practice, 0, 2);
    assert_string_equal(q->key, "new_start_er_la");
    assert_int_equal(q->numerator, 2);
    assert_int_equal(q->denominator, 4);
    assert_string_equal(q->percent, "50.0");
    assert_non_null(strstr(q->source, "Quality Improvement and Care Coordination"));
    const med_quality_measure *q3 = med_practice_get_measure(r.practice, 0, 0);
    assert_int_equal(q3->numerator, 2); /* IR and IRER began with 3 days */
    assert_int_equal(q3->denominator, 4);
    close_reg(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(acute_course_long_ago_is_inactive),
        cmocka_unit_test(acute_course_active_for_90_days),
        cmocka_unit_test(long_term_judged_on_the_window),
        cmocka_unit_test(rules_windows),
        cmocka_unit_test(primary_attribution_with_ties),
        cmocka_unit_test(practice_attribution),
        cmocka_unit_test(two_clinics),
        cmocka_unit_test(run_chart_by_quarter),
        cmocka_unit_test(review_overdue_by_tier),
        cmocka_unit_test(naloxone_from_claims),
        cmocka_unit_test(bad_events),
        cmocka_unit_test(check_event_gives_kind),
        cmocka_unit_test(new_starts),
        cmocka_unit_test(release_of_results),
        cmocka_unit_test(er_la_new_starts),
        cmocka_unit_test(many_prescribers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
