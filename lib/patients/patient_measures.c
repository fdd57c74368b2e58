/* The summary of one patient: coverage, peak, averages, days over thresholds, benzodiazepine
 * overlap, prescribers and pharmacies in the window. */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/dates.h"
#include "patients/patient_measures.h"

static void copy_thresholds(const med_table *t, med__patient_summary *s)
{
    s->threshold_count = 0;
    for (size_t i = 0; i < t->threshold_count && i < MED_MAX_THRESHOLDS; i++)
        s->thresholds[s->threshold_count++] = med_table_threshold(t, i);
}

/* Rounds num/den half up, for averages in hundredths. num is a sum of MME-days, in 128 bits:
 * days' totals up to 2^63 over up to MED_PATIENT_MAX_DAYS days; the average, at most the
 * peak, fits in 64. */
static int64_t divide(med_i128 num, long den)
{
    if (den <= 0)
        return 0;
    /* Most sums are far below 2^61: then a 64-bit division, not a call to the 128-bit one. */
    if (num >= 0 && num <= INT64_MAX / 4)
        return (2 * (int64_t)num + den) / (2 * (int64_t)den);
    return (int64_t)((num * 2 + den) / (2 * (med_i128)den));
}

/* The first and last runs with MME (*from and *to), or 0 when there is none; the treatment
 * period between them counts its gaps as zero. Looked for from each end: the series begins
 * and ends with fills (only a benzodiazepine's days stand before or after them), so each end
 * is usually the run there. */
static int coverage(const med_patient *p, size_t *from, size_t *to)
{
    size_t i = 0, j = p->run_count;
    while (i < j && p->runs[i].fills == 0)
        i++;
    if (i == j)
        return 0;
    while (p->runs[j - 1].fills == 0)
        j--;
    *from = i;
    *to = j - 1;
    return 1;
}

/* Walks the runs of the treatment period, runs[from] .. runs[to]: each counts as `length` days.
 * The sums are kept in locals and stored once: through `s` the compiler would store each at
 * every run, as it cannot tell them from the runs'. */
static void day_measures(const med_patient *p, size_t from, size_t to, med__patient_summary *s)
{
    int64_t above[MED_MAX_THRESHOLDS];
    long at_or_above[MED_MAX_THRESHOLDS];
    med_i128 sum = 0;
    long covered = 0, overlap = 0, run = 0, longest = 0, peak_day = -1;
    int64_t peak = 0, lowest = INT64_MAX;
    size_t top = s->threshold_count;
    /* Each threshold as the most MME in hundredths that does not cross it ("at or above 90":
     * 89.99), so each run is one integer compare a threshold, whatever its comparator. */
    for (size_t t = 0; t < top; t++) {
        above[t] = p->table->thresholds[t].hundredths -
                   (p->table->thresholds[t].comparator != MED_CMP_GT);
        at_or_above[t] = 0;
        if (above[t] < lowest)
            lowest = above[t];
    }
    for (size_t i = from; i <= to; i++) {
        const med_run *r = &p->runs[i];
        long len = r->length;
        sum += (med_i128)r->mme * len;
        covered += r->fills > 0 ? len : 0;
        overlap += r->fills > 0 && r->benzo ? len : 0;
        if (r->mme > peak) {
            peak = r->mme;
            peak_day = r->start;
        }
        int crossed = 0;
        /* A run at or under every threshold (the days between fills, low doses) crosses none. */
        for (size_t t = 0; r->mme > lowest && t < top; t++) {
            crossed = r->mme > above[t];
            at_or_above[t] += crossed ? len : 0;
        }
        run = top && crossed ? run + len : 0;
        if (run > longest)
            longest = run;
    }
    if (peak_day >= 0)
        med__date_format(p->first + peak_day, s->peak_date);
    for (size_t t = 0; t < top; t++)
        s->days_at_or_above[t] = at_or_above[t];
    s->days_covered = covered;
    s->benzodiazepine_overlap_days = overlap;
    s->peak_hundredths = peak;
    s->longest_run_at_highest = longest;
    s->treatment_days = p->runs[to].start + p->runs[to].length - p->runs[from].start;
    s->average_hundredths = divide(sum, s->treatment_days);
    s->average_covered_hundredths = divide(sum, s->days_covered);
}

/* Distinct prescribers and pharmacies on opioid fills filled within the window. */
static void providers(const med_patient *p, long as_of, med__patient_summary *s)
{
    size_t n = p->name_count;
    unsigned char small[256], *seen = n <= sizeof small ? small : calloc(n, 1);
    long from = as_of - p->options.window_days + 1;
    if (seen == NULL) {
        s->prescribers = s->pharmacies = -1; /* out of memory: unknown, never a guess */
        return;
    }
    memset(seen, 0, n);
    for (size_t i = 0; i < p->fill_count; i++) {
        const med_fill_rec *f = &p->fills[i];
        if (f->kind == FILL_BENZO || f->fill_day < from || f->fill_day > as_of)
            continue;
        if (f->prescriber >= 0 && (size_t)f->prescriber < n)
            seen[f->prescriber] = 1;
        if (f->pharmacy >= 0 && (size_t)f->pharmacy < n)
            seen[f->pharmacy] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        s->prescribers += seen[i] && p->names[i][0] == 'D';
        s->pharmacies += seen[i] && p->names[i][0] == 'R';
    }
    if (seen != small)
        free(seen);
}

void med__patient_current(const med_patient *p, long as_of, char drugs[MED_DRUGS_TEXT],
                          char last_fill[11])
{
    long last = LONG_MIN;
    size_t used = 0;
    drugs[0] = last_fill[0] = '\0';
    if (as_of == LONG_MIN)
        return;
    for (size_t i = 0; i < p->fill_count; i++) {
        const med_fill_rec *f = &p->fills[i];
        if (f->kind == FILL_BENZO || f->fill_day > as_of)
            continue;
        if (f->fill_day > last)
            last = f->fill_day;
        if (f->start > as_of || f->end < as_of || f->ingredient == NULL ||
            strstr(drugs, f->ingredient)) /* the vocabulary's names hold no ';' */
            continue;
        size_t n = strlen(f->ingredient);
        if (used + n + 2 > MED_DRUGS_TEXT)
            continue;
        if (used)
            drugs[used++] = ';';
        memcpy(drugs + used, f->ingredient, n + 1);
        used += n;
    }
    if (last != LONG_MIN)
        med__date_format(last, last_fill);
}

/* Days with MME among the `days` days ending on `as_of` (day numbers). The runs follow one
 * another in day order, so they are walked from the last, up to the first that ends before
 * the window: a recent window is a few runs, not all the patient's. */
static long covered_between(const med_patient *p, long as_of, long days)
{
    long from = as_of - days + 1 - p->first, to = as_of - p->first, n = 0;
    for (size_t i = p->run_count; i-- > 0;) {
        const med_run *r = &p->runs[i];
        if (r->start + r->length - 1 < from)
            break;
        long lo = r->start > from ? r->start : from;
        long hi = r->start + r->length - 1 < to ? r->start + r->length - 1 : to;
        if (r->fills > 0 && hi >= lo)
            n += hi - lo + 1;
    }
    return n;
}

/* The as-of day as its text reads back (med__date_parse takes years 1900-2199 only). */
static long readable_day(long day)
{
    return med__date_readable(day) ? day : LONG_MIN;
}

void med__patient_measures(const med_patient *p, med__patient_summary *s)
{
    long first = -1, last = -1;
    size_t from, to;
    memset(s, 0, offsetof(med__patient_summary, thresholds)); /* the lists after: by count */
    s->patient_id = p->id;
    copy_thresholds(p->table, s);
    if (coverage(p, &from, &to)) {
        first = p->runs[from].start;
        last = p->runs[to].start + p->runs[to].length - 1;
        med__date_format(p->first + first, s->first_day);
        med__date_format(p->first + last, s->last_day);
        day_measures(p, from, to, s);
    }
    long as_of = p->as_of != LONG_MIN ? p->as_of : first >= 0 ? p->first + last : LONG_MIN;
    s->as_of_day = LONG_MIN;
    s->as_of_used = as_of;
    if (as_of != LONG_MIN) {
        if (as_of == p->as_of) /* the options' day, whose text the patient keeps */
            memcpy(s->as_of, p->as_of_text, sizeof s->as_of);
        else
            med__date_format(as_of, s->as_of);
        s->as_of_day = readable_day(as_of);
        long d = as_of - p->first;
        if (d >= 0 && (size_t)d < p->day_count)
            s->as_of_hundredths = med__patient_run_at(p, d)->mme;
        providers(p, as_of, s);
        s->recent_days_covered = covered_between(p, as_of, p->rules->long_term_window_days);
        s->active = covered_between(p, as_of, p->rules->active_days) > 0;
    }
    int primary = med__primary_prescriber(p, as_of);
    s->primary_prescriber = primary >= 0 ? p->names[primary] + 1 : "";
    int group = med__patient_group(p, primary);
    s->group = group >= 0 ? p->names[group] + 1 : "";
    s->rows = p->rows;
    s->rows_rejected = p->rejected;
    s->opioid_fills = p->opioid_fills;
    s->benzodiazepine_fills = p->benzo_fills;
}
