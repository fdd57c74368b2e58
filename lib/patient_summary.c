/* From a patient's fills to the day-by-day series and the summary measures. Fills are spread
 * over their days with difference arrays (add at the start, subtract after the end), so the
 * work is proportional to fills plus days, not fills times days. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "calc_private.h"
#include "dates.h"
#include "patient_measures.h"
#include "patient_private.h"

/* The longest span a patient's series may cover (the dates allowed reach 1900-2199). */
#define MAX_SPAN_DAYS 120000

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

static int grow_series(med_patient *p, size_t days)
{
    if (days <= p->day_capacity)
        return 0;
    int64_t *mme = realloc(p->day_mme, days * sizeof *mme);
    if (mme)
        p->day_mme = mme;
    int *fills = realloc(p->day_fills, days * sizeof *fills);
    if (fills)
        p->day_fills = fills;
    unsigned char *benzo = realloc(p->day_benzo, days);
    if (benzo)
        p->day_benzo = benzo;
    if (!mme || !fills || !benzo)
        return -1;
    p->day_capacity = days;
    return 0;
}

/* Working arrays of one summary: differences per day, then running sums. */
typedef struct spread {
    int64_t *mme;                  /* hundredths, untiered fills */
    int64_t *dose[MED_MAX_TIERED]; /* hundredths of daily dose, per tiered factor */
    int *fills, *benzo;
} spread;

static void free_spread(spread *s)
{
    free(s->mme);
    for (int i = 0; i < MED_MAX_TIERED; i++)
        free(s->dose[i]);
    free(s->fills);
    free(s->benzo);
}

static int alloc_spread(spread *s, size_t n, size_t tiered)
{
    memset(s, 0, sizeof *s);
    s->mme = calloc(n + 1, sizeof *s->mme);
    s->fills = calloc(n + 1, sizeof *s->fills);
    s->benzo = calloc(n + 1, sizeof *s->benzo);
    int ok = s->mme && s->fills && s->benzo;
    for (size_t i = 0; i < tiered; i++)
        ok = ok && (s->dose[i] = calloc(n + 1, sizeof *s->dose[i])) != NULL;
    return ok ? 0 : -1;
}

static void spread_fills(const med_patient *p, spread *s)
{
    for (size_t i = 0; i < p->fill_count; i++) {
        const med_fill_rec *f = &p->fills[i];
        size_t a = (size_t)(f->start - p->first), b = (size_t)(f->end - p->first) + 1;
        if (f->kind == FILL_BENZO) {
            s->benzo[a]++;
            s->benzo[b]--;
        } else if (f->kind == FILL_MME) {
            s->fills[a]++;
            s->fills[b]--;
            int64_t *arr = f->tiered >= 0 ? s->dose[f->tiered] : s->mme;
            int64_t v = f->tiered >= 0 ? f->dose : f->mme;
            arr[a] += v;
            arr[b] -= v;
        }
    }
}

/* MME of a day's total dose of a tiered ingredient: the tier the total falls in, times it. */
static int64_t tiered_mme(const med_factor *f, int64_t dose_hundredths)
{
    med_q dose = {dose_hundredths, 100}, mme;
    if (dose_hundredths <= 0)
        return 0;
    const med_tier *t = med__tier_for(f, dose);
    if (t == NULL || med__q_mul(dose, t->factor, &mme) != 0)
        return 0;
    return med__q_hundredths(mme);
}

static void accumulate(med_patient *p, spread *s)
{
    int64_t mme = 0, dose[MED_MAX_TIERED] = {0};
    int fills = 0, benzo = 0;
    for (size_t d = 0; d < p->day_count; d++) {
        mme += s->mme[d];
        fills += s->fills[d];
        benzo += s->benzo[d];
        int64_t total = mme;
        for (size_t t = 0; t < p->tiered_count; t++) {
            dose[t] += s->dose[t][d];
            total += tiered_mme(p->tiered[t], dose[t]);
        }
        p->day_mme[d] = total;
        p->day_fills[d] = fills;
        p->day_benzo[d] = benzo > 0;
    }
}

/* Lays the fills over days: p->first .. p->first + day_count - 1. */
static med_status build_series(med_patient *p)
{
    long lo = LONG_MAX, hi = LONG_MIN;
    for (size_t i = 0; i < p->fill_count; i++) {
        if (p->fills[i].start < lo) lo = p->fills[i].start;
        if (p->fills[i].end > hi) hi = p->fills[i].end;
    }
    p->day_count = 0;
    if (p->fill_count == 0)
        return MED_OK;
    if (hi - lo + 1 > MAX_SPAN_DAYS)
        return MED_ERR_LIMIT;
    p->first = lo;
    size_t n = (size_t)(hi - lo + 1);
    spread s;
    memset(&s, 0, sizeof s);
    if (grow_series(p, n) != 0 || alloc_spread(&s, n, p->tiered_count) != 0) {
        free_spread(&s);
        return MED_ERR_NOMEM;
    }
    p->day_count = n;
    spread_fills(p, &s);
    accumulate(p, &s);
    free_spread(&s);
    return MED_OK;
}

med_status med_patient_summarize(med_patient *p, med_patient_summary *out)
{
    if (p == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    qsort(p->fills, p->fill_count, sizeof *p->fills, by_start);
    if (p->options.shift_early_refills)
        shift_early_refills(p);
    med_status s = build_series(p);
    if (s != MED_OK)
        return s;
    med__patient_measures(p, out);
    med__rules_apply(p->rules, out);
    return MED_OK;
}
