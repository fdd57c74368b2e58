/* The run chart: for each month (or week), the patients with MME on a day of it, and of those
 * who reached the high-dose level or had a benzodiazepine on one of those days; the median of the
 * shares and the usual run chart signals (shifts and trends). Periods are counted by absolute
 * index (months or weeks since 1900-01-01, a Monday), so patients may come in any order. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patients/dashboard_private.h"
#include "common/dates.h"
#include "common/decimal.h"
#include "patients/patient_private.h"

#define DAY_1900 (-25567L) /* 1900-01-01, a Monday */
#define NO_PERIOD ((size_t)-1)

/* The number the first n characters of `text` write, all digits. Read here rather than by
 * strtol, whose locale and checks cost more than the rest of a patient's run chart. */
static long digits(const char *text, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (text[i] - '0');
    return v;
}

size_t med__period_of(med_period period, long day)
{
    if (period == MED_PERIOD_WEEK)
        return (size_t)((day - DAY_1900) / 7);
    char text[11]; /* "YYYY-MM-DD", always four digits and two */
    med__date_format(day, text);
    long y = digits(text, 4), m = digits(text + 5, 2);
    size_t month = (size_t)((y - 1900) * 12 + (m - 1));
    return period == MED_PERIOD_QUARTER ? month / 3 : month;
}

static long period_start(med_period period, size_t index)
{
    if (period == MED_PERIOD_WEEK)
        return DAY_1900 + 7 * (long)index;
    if (period == MED_PERIOD_QUARTER)
        index *= 3; /* quarters are months 0-2, 3-5, ... of each year */
    return med__date_from_civil(1900 + (long)(index / 12), (int)(index % 12) + 1, 1);
}

/* Makes room for counts of period `index`; new periods start at zero. */
static int reserve(med__dashboard *d, size_t index)
{
    if (index < d->count_capacity)
        return 0;
    size_t cap = d->count_capacity ? d->count_capacity : 256;
    while (cap <= index)
        cap *= 2;
    med__period_count *c = realloc(d->counts, cap * sizeof *c);
    if (c == NULL)
        return -1;
    memset(c + d->count_capacity, 0, (cap - d->count_capacity) * sizeof *c);
    d->counts = c;
    d->count_capacity = cap;
    return 0;
}

/* One patient's days in one period, added to its counts. */
static int commit(med__dashboard *d, size_t period, int high, int benzo)
{
    if (period == NO_PERIOD)
        return 0;
    if (reserve(d, period) != 0)
        return -1;
    d->counts[period].patients++;
    d->counts[period].high_dose += high;
    d->counts[period].benzodiazepine += benzo;
    if (d->hi == 0 || period < d->lo)
        d->lo = period;
    if (period + 1 > d->hi)
        d->hi = period + 1;
    return 0;
}

static void note_latest_fill(med__dashboard *d, const med_patient *p)
{
    for (size_t i = 0; i < p->fill_count; i++)
        if (p->fills[i].kind == FILL_MME && p->fills[i].fill_day > d->latest_fill)
            d->latest_fill = p->fills[i].fill_day;
}

int med__run_chart_add(med__dashboard *d, const med_patient *p)
{
    med_period kind = d->options.period;
    int64_t high_level = d->rules->high_dose_hundredths;
    size_t period = NO_PERIOD;
    long next = LONG_MIN;
    int high = 0, benzo = 0;
    note_latest_fill(d, p);
    /* Runs of equal days, cut at period boundaries: each piece marks its period once. */
    for (size_t i = 0; i < p->run_count; i++) {
        const med_run *r = &p->runs[i];
        if (r->fills <= 0)
            continue;
        long day = p->first + r->start, last = day + r->length - 1;
        if (d->until != LONG_MIN && last > d->until)
            last = d->until;
        while (day <= last) {
            if (period == NO_PERIOD || day >= next) {
                if (commit(d, period, high, benzo) != 0)
                    return -1;
                period = med__period_of(kind, day);
                next = period_start(kind, period + 1);
                high = benzo = 0;
            }
            high |= r->mme >= high_level;
            benzo |= r->benzo != 0;
            day = next;
        }
    }
    return commit(d, period, high, benzo);
}

/* --- medians and signals --------------------------------------------------------------------- */

/* Compares num1/den1 with num2/den2 (dens > 0) exactly. */
static int cmp_ratio(med_i128 n1, med_i128 d1, med_i128 n2, med_i128 d2)
{
    med_i128 a = n1 * d2, b = n2 * d1;
    return (a > b) - (a < b);
}

static int by_share(const void *x, const void *y)
{
    const med__share *a = x, *b = y;
    return cmp_ratio(a->num, a->den, b->num, b->den);
}

/* The median of n shares (sorted in place) as an exact fraction. */
static void median(med__share *v, size_t n, med_i128 *num, med_i128 *den)
{
    qsort(v, n, sizeof *v, by_share);
    if (n % 2) {
        *num = v[n / 2].num;
        *den = v[n / 2].den;
        return;
    }
    const med__share *a = &v[n / 2 - 1], *b = &v[n / 2];
    *num = (med_i128)a->num * b->den + (med_i128)b->num * a->den;
    *den = (med_i128)2 * a->den * b->den;
}

/* Marks points in runs of 6 or more on one side of the median; points on it are skipped. */
static void shifts(const med__share *v, size_t n, med_i128 mn, med_i128 md, unsigned *sig)
{
    size_t start = 0, len = 0;
    int side = 0;
    for (size_t i = 0; i <= n; i++) {
        int s = i < n ? cmp_ratio(v[i].num, v[i].den, mn, md) : 2;
        if (s == 0)
            continue;
        if (s != side) {
            for (size_t j = start; len >= 6 && j < i; j++)
                if (cmp_ratio(v[j].num, v[j].den, mn, md) != 0)
                    sig[j] |= MED_SIGNAL_SHIFT;
            side = s;
            start = i;
            len = 0;
        }
        len++;
    }
}

/* Marks points in runs of 5 or more all rising or all falling; a repeated value neither makes
 * nor breaks a run. */
static void trends(const med__share *v, size_t n, unsigned *sig)
{
    size_t start = 0, count = 1, prev = 0;
    int dir = 0;
    for (size_t i = 1; i <= n; i++) {
        int c = i < n ? cmp_ratio(v[i].num, v[i].den, v[prev].num, v[prev].den) : 2;
        if (c == 0)
            continue;
        if (c != dir || i == n) {
            for (size_t j = start; count >= 5 && j < i; j++)
                sig[j] |= MED_SIGNAL_TREND;
            if (i == n)
                break;
            start = prev;
            count = 1;
            dir = c;
        }
        count++;
        prev = i;
    }
}

/* Median and signals of one measure over the points with patients. */
static int analyse(med__dashboard *d, int benzo, double *out_median, char percent[16])
{
    size_t n = 0;
    med__share *v = malloc((d->point_count ? d->point_count : 1) * sizeof *v);
    unsigned *sig = calloc(d->point_count ? d->point_count : 1, sizeof *sig);
    size_t *at = malloc((d->point_count ? d->point_count : 1) * sizeof *at);
    if (v == NULL || sig == NULL || at == NULL) {
        free(v);
        free(sig);
        free(at);
        return -1;
    }
    for (size_t i = 0; i < d->point_count; i++) {
        const med__run_point *p = &d->points[i];
        if (p->patients == 0)
            continue;
        at[n] = i;
        v[n++] = (med__share){benzo ? p->benzodiazepine : p->high_dose, p->patients};
    }
    med__share *sorted = malloc((n ? n : 1) * sizeof *sorted);
    med_i128 mn = 0, md = 1;
    if (sorted && n) {
        memcpy(sorted, v, n * sizeof *v);
        median(sorted, n, &mn, &md);
    }
    shifts(v, n, mn, md, sig);
    trends(v, n, sig);
    for (size_t k = 0; k < n; k++)
        *(benzo ? &d->points[at[k]].benzodiazepine_signals : &d->points[at[k]].high_dose_signals) =
            sig[k];
    *out_median = (double)mn / (double)md;
    med__double_percent(*out_median, percent);
    int rc = sorted || n == 0 ? 0 : -1;
    free(sorted);
    free(v);
    free(sig);
    free(at);
    return rc;
}

/* --- points ------------------------------------------------------------------------------- */

static void fill_point(const med__dashboard *d, size_t period, med__run_point *p)
{
    med_period kind = d->options.period;
    med__period_count c = {0, 0, 0};
    if (period < d->count_capacity)
        c = d->counts[period];
    long first = period_start(kind, period), last = period_start(kind, period + 1) - 1;
    memset(p, 0, sizeof *p);
    med__date_format(first, p->first_day);
    med__date_format(last, p->last_day);
    snprintf(p->label, sizeof p->label, "%s", p->first_day);
    if (kind == MED_PERIOD_MONTH)
        p->label[7] = '\0';
    if (kind == MED_PERIOD_QUARTER) /* "2025-Q1" */
        snprintf(p->label, sizeof p->label, "%.4s-Q%d", p->first_day,
                 (int)((period % 4) + 1));
    p->patients = c.patients;
    p->high_dose = c.high_dose;
    p->benzodiazepine = c.benzodiazepine;
    p->high_dose_share = c.patients ? (double)c.high_dose / (double)c.patients : 0.0;
    p->benzodiazepine_share = c.patients ? (double)c.benzodiazepine / (double)c.patients : 0.0;
    med__share_percent(c.high_dose, c.patients, p->high_dose_percent);
    med__share_percent(c.benzodiazepine, c.patients, p->benzodiazepine_percent);
}

int med__run_chart_finish(med__dashboard *d)
{
    med__dash *x = &d->summary;
    long end = d->until != LONG_MIN ? d->until : d->latest_fill;
    if (d->hi > 0 && end != LONG_MIN) {
        size_t last = med__period_of(d->options.period, end);
        size_t n = last >= d->lo ? last - d->lo + 1 : 0;
        if (n > 0 && (d->points = malloc(n * sizeof *d->points)) == NULL)
            return -1;
        for (size_t i = 0; i < n; i++)
            fill_point(d, d->lo + i, &d->points[i]);
        d->point_count = n;
    }
    x->periods = d->point_count;
    if (analyse(d, 0, &x->high_dose_median, x->high_dose_median_percent) != 0 ||
        analyse(d, 1, &x->benzodiazepine_median, x->benzodiazepine_median_percent) != 0)
        return -1;
    return 0;
}
