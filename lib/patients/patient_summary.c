/* From a patient's fills to the day-by-day series and the summary measures. The fills' starts
 * and ends are swept in day order, so the series is built as runs of equal days: the work is
 * proportional to the fills, not to the days they cover. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "compute/calc_private.h"
#include "common/dates.h"
#include "patients/care_private.h"
#include "patients/patient_measures.h"
#include "patients/patient_private.h"

/* The longest span a patient's series may cover (the dates allowed reach 1900-2199). */
#define MAX_SPAN_DAYS MED_PATIENT_MAX_DAYS

static int by_start(const void *a, const void *b)
{
    const med_fill_rec *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Early refills of the same ingredient start the day after the previous fill ends. */
static void shift_early_refills(med_patient *p)
{
    for (size_t i = 0; i < p->fill_count; i++) {
        med_fill_rec *f = &p->fills[i];
        if (f->kind == FILL_BENZO)
            continue;
        for (size_t j = i; j-- > 0;) {
            const med_fill_rec *prev = &p->fills[j];
            if (prev->kind == FILL_BENZO || strcmp(prev->ingredient, f->ingredient) != 0)
                continue;
            if (f->start <= prev->end) {
                long shift = prev->end + 1 - f->start;
                f->start += shift;
                f->end += shift;
            }
            break;
        }
    }
}

typedef med_sweep_event event;

static int by_day(const void *a, const void *b)
{
    const event *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

/* Running totals while sweeping the events. In 128 bits: a day's events are applied in any
 * order, so a fill may start before one that ends that day is taken off, and only the day's
 * total, not a sum on the way to it, must fit in 64 bits (add_run checks). */
typedef struct totals {
    med_i128 mme;                  /* hundredths, untiered fills */
    med_i128 dose[MED_MAX_TIERED]; /* hundredths of daily dose, per tiered factor */
    int fills, benzo;
} totals;

static void apply(totals *t, const event *e)
{
    const med_fill_rec *f = e->fill;
    if (f->kind == FILL_BENZO) {
        t->benzo += e->sign;
    } else if (f->kind == FILL_MME) {
        t->fills += e->sign;
        med_i128 *total = f->tiered >= 0 ? &t->dose[f->tiered] : &t->mme;
        int64_t v = f->tiered >= 0 ? f->dose : f->mme;
        *total += e->sign > 0 ? v : -(med_i128)v;
    }
}

/* A day's total into 64 bits: 0, or -1 when it is too large to hold (never a wrapped one). */
static int held(med_i128 total, int64_t *out)
{
    if (total > INT64_MAX || total < INT64_MIN)
        return -1;
    *out = (int64_t)total;
    return 0;
}

/* MME of a day's total dose of a tiered ingredient: the tier the total falls in, times it,
 * added to *mme; -1 when it is too large to hold. */
static int add_tiered_mme(const med_factor *f, med_i128 total_dose, int64_t *mme)
{
    med_q dose = {0, 100}, product;
    int64_t h;
    if (total_dose <= 0)
        return 0;
    if (held(total_dose, &dose.num) != 0)
        return -1;
    const med_tier *t = med__tier_for(f, dose);
    if (t == NULL)
        return 0;
    if (med__q_mul(dose, t->factor, &product) != 0 || med__q_hundredths(product, &h) != 0)
        return -1;
    return __builtin_add_overflow(*mme, h, mme) ? -1 : 0;
}

/* Adds the run of days [from, to) with the current totals (merging equal neighbours): 0, -1
 * out of memory, -2 when the day's total is too large to hold. */
static int add_run(med_patient *p, long from, long to, const totals *t)
{
    int64_t mme;
    if (held(t->mme, &mme) != 0)
        return -2;
    for (size_t i = 0; i < p->tiered_count; i++)
        if (add_tiered_mme(p->tiered[i], t->dose[i], &mme) != 0)
            return -2;
    int benzo = t->benzo > 0;
    med_run *last = p->run_count ? &p->runs[p->run_count - 1] : NULL;
    if (last && last->mme == mme && last->fills == t->fills && last->benzo == benzo) {
        last->length += to - from;
        return 0;
    }
    med_run *runs = med__grow(p->runs, p->run_count, &p->run_capacity, sizeof *runs, 64);
    if (runs == NULL)
        return -1;
    p->runs = runs;
    p->runs[p->run_count++] = (med_run){from - p->first, to - from, mme, t->fills, benzo};
    return 0;
}

static void sort_by_day(event *ev, size_t n)
{
    if (n > 64) {
        qsort(ev, n, sizeof *ev, by_day);
        return;
    }
    for (size_t i = 1; i < n; i++) { /* most patients: a few fills, where this beats qsort */
        if (ev[i - 1].day <= ev[i].day)
            continue; /* already in place (most events): not copied out and back */
        event e = ev[i];
        size_t j = i;
        for (; j > 0 && ev[j - 1].day > e.day; j--)
            ev[j] = ev[j - 1];
        ev[j] = e;
    }
}

/* Sweeps the fills' starts and ends, sorted by day: between two event days the totals are
 * constant, so the series is built run by run, not day by day. 0, -1 out of memory, -2 when a
 * day's total is too large to hold. */
static int sweep(med_patient *p, const event *ev, size_t n)
{
    /* Member by member, the doses of the patient's tiered factors only (apply and add_run
     * read no others): a memset of the whole compiles to a `rep stos`, whose start-up alone
     * cost more than these stores (once a patient). */
    totals t;
    t.mme = 0;
    for (size_t i = 0; i < p->tiered_count; i++)
        t.dose[i] = 0;
    t.fills = t.benzo = 0;
    for (size_t i = 0; i < n;) {
        long day = ev[i].day;
        for (; i < n && ev[i].day == day; i++)
            apply(&t, &ev[i]);
        int rc = i < n ? add_run(p, day, ev[i].day, &t) : 0;
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Lays the fills over days: p->first .. p->first + day_count - 1. */
static med_status build_series(med_patient *p)
{
    p->day_count = 0;
    p->run_count = 0;
    if (p->fill_count == 0)
        return MED_OK;
    size_t n = 2 * p->fill_count;
    if (p->sweep_capacity < n) { /* kept for the next patients: no malloc each */
        event *grown = realloc(p->sweep, n * sizeof *grown);
        if (grown == NULL)
            return MED_ERR_NOMEM;
        p->sweep = grown;
        p->sweep_capacity = n;
    }
    event *ev = p->sweep;
    for (size_t i = 0; i < p->fill_count; i++) {
        ev[2 * i] = (event){p->fills[i].start, 1, &p->fills[i]};
        ev[2 * i + 1] = (event){p->fills[i].end + 1, -1, &p->fills[i]};
    }
    sort_by_day(ev, n);
    /* In day order, the first event is the earliest start and the last the day after the
     * latest end: the span, with no pass over the fills to find it. */
    long lo = ev[0].day, hi = ev[n - 1].day - 1;
    if (hi - lo + 1 > MAX_SPAN_DAYS)
        return MED_ERR_LIMIT;
    p->first = lo;
    int rc = sweep(p, ev, n);
    if (rc != 0)
        return rc == -2 ? MED_ERR_RANGE : MED_ERR_NOMEM;
    p->day_count = (size_t)(hi - lo + 1);
    return MED_OK;
}

/* The fills into the day series and p->summary. */
static med_status summarize(med_patient *p)
{
    if (p->fill_count <= 32) { /* stable insertion sort: input is usually in date order */
        for (size_t i = 1; i < p->fill_count; i++) {
            if (by_start(&p->fills[i - 1], &p->fills[i]) <= 0)
                continue; /* already in place (most fills): not copied out and back */
            med_fill_rec f = p->fills[i];
            size_t j = i;
            for (; j > 0 && by_start(&p->fills[j - 1], &f) > 0; j--)
                p->fills[j] = p->fills[j - 1];
            p->fills[j] = f;
        }
    } else {
        qsort(p->fills, p->fill_count, sizeof *p->fills, by_start);
    }
    if (p->options.shift_early_refills)
        shift_early_refills(p);
    med_status s = build_series(p);
    if (s != MED_OK)
        return s;
    med__patient_measures(p, &p->summary);
    med__rules_apply(p->rules, &p->summary);
    med__care_apply(p, p->summary.as_of_day, &p->summary);
    p->summarized = 1;
    return MED_OK;
}

/* The public summary points into the library's. */
static void publish(const med__patient_summary *in, med_patient_summary *out)
{
    out->patient_id = in->patient_id;
    out->first_day = in->first_day;
    out->last_day = in->last_day;
    out->treatment_days = in->treatment_days;
    out->days_covered = in->days_covered;
    out->peak_hundredths = in->peak_hundredths;
    out->peak_date = in->peak_date;
    out->average_hundredths = in->average_hundredths;
    out->average_covered_hundredths = in->average_covered_hundredths;
    out->threshold_count = in->threshold_count;
    out->longest_run_at_highest = in->longest_run_at_highest;
    out->as_of = in->as_of;
    out->as_of_hundredths = in->as_of_hundredths;
    out->benzodiazepine_overlap_days = in->benzodiazepine_overlap_days;
    out->prescribers = in->prescribers;
    out->pharmacies = in->pharmacies;
    out->flag_count = in->flag_count;
    out->risk_tier = in->risk_tier;
    out->review_months = in->review_months;
    out->long_term = in->long_term;
    out->rows = in->rows;
    out->rows_rejected = in->rows_rejected;
    out->opioid_fills = in->opioid_fills;
    out->benzodiazepine_fills = in->benzodiazepine_fills;
    if (out->version < 2)
        return; /* a version 1 caller's struct ends here */
    out->active = in->active;
    out->recent_days_covered = in->recent_days_covered;
    out->primary_prescriber = in->primary_prescriber;
    out->group = in->group;
    out->naloxone_last = in->last_event[MED_EV_NALOXONE];
    out->naloxone_fills = in->naloxone_fills;
    out->last_review = in->last_event[MED_EV_REVIEW];
    out->last_uds = in->last_event[MED_EV_UDS];
    out->last_pdmp = in->last_event[MED_EV_PDMP];
    out->last_agreement = in->last_event[MED_EV_AGREEMENT];
    out->last_function = in->last_event[MED_EV_FUNCTION];
    out->review_due = in->review_due;
    out->review_overdue = in->review_overdue;
    out->care_gap_count = in->gap_count;
    out->care_gap_unknown_count = in->unknown_count;
    out->events = in->events;
    out->events_rejected = in->events_rejected;
}

med_status med_patient_summarize(med_patient *p, med_patient_summary *out)
{
    if (p == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    if (out->version < 1 || out->version > MED_PATIENT_SUMMARY_VERSION)
        return MED_ERR_VERSION;
    med_status s = summarize(p);
    if (s == MED_OK)
        publish(&p->summary, out);
    return s;
}

const med_table *med__patient_table(const med_patient *p)
{
    return p->table;
}

const med__patient_summary *med__patient_summary_of(const med_patient *p)
{
    return p && p->summarized ? &p->summary : NULL;
}

long med_patient_days_at_or_above(const med_patient *p, size_t index)
{
    const med__patient_summary *s = med__patient_summary_of(p);
    return s && index < s->threshold_count ? s->days_at_or_above[index] : -1;
}

const char *med_patient_flag(const med_patient *p, size_t index)
{
    const med__patient_summary *s = med__patient_summary_of(p);
    return s && index < s->flag_count ? s->flags[index] : NULL;
}

const char *med_patient_care_gap(const med_patient *p, size_t index)
{
    const med__patient_summary *s = med__patient_summary_of(p);
    return s && index < s->gap_count ? s->gaps[index] : NULL;
}

const char *med_patient_care_gap_unknown(const med_patient *p, size_t index)
{
    const med__patient_summary *s = med__patient_summary_of(p);
    return s && index < s->unknown_count ? s->unknown[index] : NULL;
}

const char *med_patient_last_event(const med_patient *p, const char *name)
{
    const med__patient_summary *s = med__patient_summary_of(p);
    int k = s ? med__rules_event(p->rules, name) : -1;
    return k >= 0 && k < MED_MAX_EVENTS ? s->last_event[k] : NULL;
}
