/* Whose patient this is: the primary prescriber, the prescriber of the most MME-days over the
 * window ending on the as-of day (ties: the one whose fill is most recent), so a practice report
 * counts each patient once and the prescribers' shares average to the practice's. */
#include <limits.h>
#include <string.h>

#include "common/decimal.h"
#include "compute/calc_private.h"
#include "patients/patient_measures.h"

/* A fill's MME/day in hundredths: its own, or for a tiered drug (methadone) the tier its own
 * daily dose falls in (the day's total may put it higher; attribution only weighs fills). */
static int64_t fill_mme(const med_patient *p, const med_fill_rec *f)
{
    if (f->kind != FILL_MME)
        return 0;
    if (f->tiered < 0)
        return f->mme;
    med_q dose = {f->dose, 100}, mme;
    int64_t h;
    const med_tier *t = f->dose > 0 ? med__tier_for(p->tiered[f->tiered], dose) : NULL;
    /* Too large to hold: then so is a day's total, and the patient is not summarised. */
    if (t == NULL || med__q_mul(dose, t->factor, &mme) != 0 || med__q_hundredths(mme, &h) != 0)
        return 0;
    return h;
}

/* A prescriber's weight: MME-days (hundredths of MME x days) of its fills between `from` and
 * `to`, and the latest of those fills' days (LONG_MIN when none counted). */
typedef struct weight {
    med_i128 mme_days; /* 128 bits: MME/day up to 2^63 times days */
    long latest;
} weight;

static void add_weight(weight *w, int64_t mme, const med_fill_rec *f, long from, long to)
{
    long lo = f->start > from ? f->start : from, hi = f->end < to ? f->end : to;
    if (hi < lo)
        return;
    w->mme_days += (med_i128)mme * (hi - lo + 1);
    if (f->fill_day > w->latest)
        w->latest = f->fill_day;
}

/* Whether prescriber i's weight w beats the best so far (b, of prescriber `best`): most
 * MME-days, then the latest fill, then the smaller id. Inline: twice a prescriber, with two
 * weights passed by value, the call cost more than the compares. */
static inline int heavier(const med_patient *p, size_t i, weight w, int best, weight b)
{
    if (w.latest == LONG_MIN)
        return 0;
    return best < 0 || w.mme_days > b.mme_days ||
           (w.mme_days == b.mme_days &&
            (w.latest > b.latest ||
             (w.latest == b.latest && strcmp(p->names[i], p->names[best]) < 0)));
}

/* The patient's group: that of the primary prescriber's latest fill with one, else of the latest
 * opioid fill with one (ties: the later in input order). -1 for none. */
int med__patient_group(const med_patient *p, int primary)
{
    int best = -1, mine = -1;
    long best_day = LONG_MIN, mine_day = LONG_MIN;
    for (size_t i = 0; i < p->fill_count; i++) {
        const med_fill_rec *f = &p->fills[i];
        if (f->kind == FILL_BENZO || f->group < 0)
            continue;
        if (f->fill_day >= best_day) {
            best = f->group;
            best_day = f->fill_day;
        }
        if (primary >= 0 && f->prescriber == primary && f->fill_day >= mine_day) {
            mine = f->group;
            mine_day = f->fill_day;
        }
    }
    return mine >= 0 ? mine : best;
}

/* The weights of prescribers first .. first + count - 1 (indexes into p->names) from one walk
 * of the fills: w[i - first] over the window (from .. as_of; none without an as-of day) and over
 * all the fills. */
typedef struct weights {
    weight window, all;
} weights;

static void weigh_block(const med_patient *p, long as_of, long from, size_t first, size_t count,
                        weights *w)
{
    for (size_t i = 0; i < count; i++)
        w[i] = (weights){{0, LONG_MIN}, {0, LONG_MIN}};
    for (size_t k = 0; k < p->fill_count; k++) {
        const med_fill_rec *f = &p->fills[k];
        if (f->kind != FILL_MME || f->prescriber < 0 || (size_t)f->prescriber < first ||
            (size_t)f->prescriber - first >= count)
            continue;
        weights *into = &w[(size_t)f->prescriber - first];
        int64_t mme = fill_mme(p, f);
        add_weight(&into->all, mme, f, LONG_MIN, LONG_MAX);
        if (as_of != LONG_MIN)
            add_weight(&into->window, mme, f, from, as_of);
    }
}

/* Prescribers weighed a block at a time, one walk of the fills a block: no memory to allocate,
 * and a patient's few prescribers take one walk. A file whose patient_id column is mapped wrong
 * makes one "patient" of millions of fills and thousands of prescribers; a walk a prescriber
 * would take hours there, a walk a block of them takes seconds. */
enum { WEIGH_BLOCK = 128 };

/* The primary prescriber over the window ending on `as_of`; when no fill giving MME falls in
 * it (or there is no as-of day), over all the fills. -1 when no fill giving MME names one. */
int med__primary_prescriber(const med_patient *p, long as_of)
{
    int best = -1, best_all = -1;
    weight b = {0, LONG_MIN}, b_all = {0, LONG_MIN};
    long from = as_of != LONG_MIN ? as_of - p->options.window_days + 1 : LONG_MAX;
    weights w[WEIGH_BLOCK];
    for (size_t first = 0; first < p->name_count; first += WEIGH_BLOCK) {
        size_t count = p->name_count - first < WEIGH_BLOCK ? p->name_count - first : WEIGH_BLOCK;
        weigh_block(p, as_of, from, first, count, w);
        for (size_t i = first; i < first + count; i++) {
            if (p->names[i][0] != 'D')
                continue;
            if (heavier(p, i, w[i - first].window, best, b)) {
                best = (int)i;
                b = w[i - first].window;
            }
            if (heavier(p, i, w[i - first].all, best_all, b_all)) {
                best_all = (int)i;
                b_all = w[i - first].all;
            }
        }
    }
    return best >= 0 ? best : best_all;
}
