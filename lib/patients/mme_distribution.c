/* The distribution of patients' current and peak daily MME (bins of 10 MME/day, the table's
 * thresholds), and each prescriber's share of high-dose patients against the practice's with
 * the range chance alone would give that many patients (a funnel plot's limits). */
#include <stdlib.h>
#include <string.h>

#include "common/percent.h"
#include "patients/dashboard_private.h"

static size_t bin_of(int64_t hundredths)
{
    int64_t b = hundredths / MED_DASH_BIN_WIDTH;
    return b < 0 ? 0 : b >= MED_DASH_BINS ? MED_DASH_BINS - 1 : (size_t)b;
}

static int push(med__dashboard *d, int64_t current, int64_t peak)
{
    if (d->peak_count == d->value_capacity) {
        size_t cap = d->value_capacity ? d->value_capacity * 2 : 1024;
        int64_t *c = realloc(d->current, cap * sizeof *c);
        if (c == NULL)
            return -1;
        d->current = c;
        int64_t *p = realloc(d->peak, cap * sizeof *p);
        if (p == NULL)
            return -1;
        d->peak = p;
        d->value_capacity = cap;
    }
    d->peak[d->peak_count++] = peak;
    if (current > 0)
        d->current[d->current_count++] = current;
    return 0;
}

int med__distribution_add(med__dashboard *d, const med__patient_summary *s)
{
    int64_t current = s->as_of_hundredths;
    if (push(d, current, s->peak_hundredths) != 0)
        return -1;
    d->bin_peak[bin_of(s->peak_hundredths)]++;
    if (!s->active)
        return 0; /* not on opioids now: no current MME to show, and not "none" either */
    if (current <= 0) {
        d->current_none++;
        return 0;
    }
    d->bin_current[bin_of(current)]++;
    for (size_t t = 0; t < s->threshold_count && t < MED_MAX_THRESHOLDS; t++)
        d->current_at_or_above[t] += med_threshold_crossed(s->thresholds[t], current) != 0;
    return 0;
}

/* What med__percentile_text gives for v sorted (the median, the mean of the middle two half up
 * for an even count; another percentile by nearest rank), with the one or two values it reads
 * found by rank instead: a dashboard of a million patients sorted their peaks after the last
 * one was read. v is reordered. */
static void percentile_text(int64_t *v, size_t n, int pct, char *out, size_t cap)
{
    int64_t x = 0;
    if (n > 0 && pct == 50) {
        int64_t upper = med__rank_value(v, n, n / 2);
        int64_t lower = n % 2 ? upper : med__rank_value(v, n, n / 2 - 1);
        x = med__midpoint_half_up(lower, upper);
    } else if (n > 0) {
        x = med__rank_value(v, n, ((size_t)pct * n + 99) / 100 - 1); /* ceil(pct% of n) */
    }
    med__hundredths_format(x, out, cap);
}

int med__distribution_finish(med__dashboard *d)
{
    med__dash *x = &d->summary;
    percentile_text(d->current, d->current_count, 50, x->median_current,
                    sizeof x->median_current);
    percentile_text(d->current, d->current_count, 90, x->p90_current, sizeof x->p90_current);
    percentile_text(d->peak, d->peak_count, 50, x->median_peak, sizeof x->median_peak);
    percentile_text(d->peak, d->peak_count, 90, x->p90_peak, sizeof x->p90_peak);
    x->bins = MED_DASH_BINS;
    x->bin_width_hundredths = MED_DASH_BIN_WIDTH;
    x->current_none = d->current_none;
    memcpy(x->current_at_or_above, d->current_at_or_above, sizeof x->current_at_or_above);
    return 0;
}

/* --- prescriber variation ------------------------------------------------------------------- */

/* Square root by Newton's method (spares the library a libm dependency for four numbers). */
static double root(double v)
{
    if (!(v > 0))
        return 0;
    double r = v > 1 ? v : 1;
    for (int i = 0; i < 60; i++)
        r = 0.5 * (r + v / r);
    return r;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void vary(const med__dashboard *d, const med_practice_group *g, double p,
                 med__variation *v)
{
    memset(v, 0, sizeof *v);
    v->name = g->name;
    v->patients = g->patients;
    v->high_dose = g->high_dose;
    v->share = g->patients ? (double)g->high_dose / (double)g->patients : 0.0;
    med__share_percent(g->high_dose, g->patients, v->percent);
    double se = g->patients ? root(p * (1 - p) / (double)g->patients) : 0;
    v->lower95 = clamp01(p - 1.96 * se);
    v->upper95 = clamp01(p + 1.96 * se);
    v->lower998 = clamp01(p - 3.09 * se);
    v->upper998 = clamp01(p + 3.09 * se);
    v->small = g->patients < d->options.small_number;
    if (!v->small)
        v->signal = v->share > v->upper998 ? 1 : v->share < v->lower998 ? -1 : 0;
}

static int by_patients(const void *a, const void *b)
{
    const med__variation *x = a, *y = b;
    if (x->patients != y->patients)
        return x->patients > y->patients ? -1 : 1;
    return strcmp(x->name, y->name);
}

int med__variation_finish(med__dashboard *d, const med_practice *p)
{
    med__dash *x = &d->summary;
    size_t n = med_practice_group_count(p);
    const med_practice_group *g = med_practice_get_group(p, 0);
    if (g == NULL)
        return -1;
    double share = g->patients ? (double)g->high_dose / (double)g->patients : 0.0;
    x->practice_share = share;
    med__share_percent(g->high_dose, g->patients, x->practice_percent);
    if (n > 1 && (d->variation = malloc((n - 1) * sizeof *d->variation)) == NULL)
        return -1;
    for (size_t i = 1; i < n; i++)
        if ((g = med_practice_get_group(p, i)) != NULL && strcmp(g->level, "prescriber") == 0) {
            med__variation *v = &d->variation[d->variation_count++];
            vary(d, g, share, v);
            x->small_prescribers += v->small != 0;
            x->above += v->signal > 0;
            x->below += v->signal < 0;
        }
    if (d->variation_count > 1)
        qsort(d->variation, d->variation_count, sizeof *d->variation, by_patients);
    x->prescribers = d->variation_count;
    return 0;
}
