/* Patients needing attention: those in a tier of the rules above the last (default) one, most
 * urgent first. Only the `attention_max` most urgent are kept, in a heap whose root is the least
 * urgent of them, so a practice of any size costs a bounded amount of memory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patients/dashboard_private.h"
#include "patients/patient_measures.h"
#include "common/dates.h"
#include "common/decimal.h"

static size_t tier_of(const med_rules *r, const char *tier)
{
    for (size_t i = 0; tier && i < r->tier_count; i++)
        if (r->tiers[i].tier == tier || strcmp(r->tiers[i].tier, tier) == 0)
            return i;
    return SIZE_MAX;
}

/* Nonzero when a comes before b: higher tier, more MME on the as-of day, higher peak, more
 * overlap days, earlier in the input. */
static int before(const med__attention_rec *a, const med__attention_rec *b)
{
    if (a->tier != b->tier)
        return a->tier < b->tier;
    if (a->as_of != b->as_of)
        return a->as_of > b->as_of;
    if (a->peak != b->peak)
        return a->peak > b->peak;
    if (a->overlap != b->overlap)
        return a->overlap > b->overlap;
    return a->seq < b->seq;
}

static void swap(med__attention_rec *a, med__attention_rec *b)
{
    med__attention_rec t = *a;
    *a = *b;
    *b = t;
}

/* The heap keeps each parent after (less urgent than) its children. */
static void sift_up(med__attention_rec *h, size_t i)
{
    while (i > 0 && before(&h[(i - 1) / 2], &h[i])) {
        swap(&h[(i - 1) / 2], &h[i]);
        i = (i - 1) / 2;
    }
}

static void sift_down(med__attention_rec *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, last = i;
        if (l < n && before(&h[last], &h[l]))
            last = l;
        if (r < n && before(&h[last], &h[r]))
            last = r;
        if (last == i)
            return;
        swap(&h[i], &h[last]);
        i = last;
    }
}

/* as_of plus `months` calendar months; the day is cut to the month's length (Nov 30 + 3 months
 * is Feb 28). */
static void add_months(const char *as_of, int months, char out[11])
{
    long y = strtol(as_of, NULL, 10), m = strtol(as_of + 5, NULL, 10) - 1 + months;
    int day = (int)strtol(as_of + 8, NULL, 10);
    y += m >= 0 ? m / 12 : (m - 11) / 12;
    m = ((m % 12) + 12) % 12 + 1;
    long first = med__date_from_civil(y, (int)m, 1);
    long next = m == 12 ? med__date_from_civil(y + 1, 1, 1)
                        : med__date_from_civil(y, (int)m + 1, 1);
    if (day > next - first)
        day = (int)(next - first);
    med__date_format(first + day - 1, out);
}

static void describe(const med__dashboard *d, const med_patient *patient,
                     const med__patient_summary *s, med__attention *a)
{
    memset(a, 0, sizeof *a);
    if (!d->options.deidentify)
        memcpy(a->patient_id, s->patient_id, strlen(s->patient_id) + 1); /* < 256 bytes */
    a->risk_tier = s->risk_tier;
    a->review_months = s->review_months;
    memcpy(a->as_of, s->as_of, sizeof a->as_of);
    if (s->review_due[0]) /* the last review plus the tier's months, else the as-of day */
        memcpy(a->review_due, s->review_due, sizeof a->review_due);
    else if (s->as_of[0])
        add_months(s->as_of, s->review_months, a->review_due);
    a->review_overdue = s->review_overdue;
    memcpy(a->primary_prescriber, s->primary_prescriber, strlen(s->primary_prescriber) + 1);
    memcpy(a->group, s->group, strlen(s->group) + 1);
    med__patient_current(patient, s->as_of_used, a->drugs, a->last_fill);
    size_t used = 0;
    for (size_t i = 0; i < s->gap_count; i++) {
        size_t n = strlen(s->gaps[i]);
        if (used + n + 2 > sizeof a->care_gaps)
            break;
        if (used)
            a->care_gaps[used++] = ';';
        memcpy(a->care_gaps + used, s->gaps[i], n + 1);
        used += n;
    }
    med__hundredths_format(s->as_of_hundredths, a->mme_as_of, sizeof a->mme_as_of);
    med__hundredths_format(s->peak_hundredths, a->peak_mme, sizeof a->peak_mme);
    med__hundredths_format(s->average_hundredths, a->average_mme, sizeof a->average_mme);
    a->benzodiazepine_overlap_days = s->benzodiazepine_overlap_days;
    a->prescribers = s->prescribers;
    a->pharmacies = s->pharmacies;
    a->flag_count = s->flag_count;
    memcpy(a->flags, s->flags, sizeof a->flags);
}

static int keep(med__dashboard *d, const med__attention_rec *rec)
{
    size_t max = d->options.attention_max, n = d->attention_count;
    if (n < max) {
        if ((n & (n - 1)) == 0) { /* grow at powers of two, up to the cap */
            size_t cap = n ? 2 * n : 1;
            med__attention_rec *h = realloc(d->attention, (cap < max ? cap : max) * sizeof *h);
            if (h == NULL)
                return -1;
            d->attention = h;
        }
        d->attention[n] = *rec;
        d->attention_count++;
        sift_up(d->attention, n);
    } else if (n > 0 && before(rec, &d->attention[0])) {
        d->attention[0] = *rec;
        sift_down(d->attention, n, 0);
    }
    return 0;
}

int med__attention_add(med__dashboard *d, const med_patient *patient,
                       const med__patient_summary *s)
{
    size_t tier = tier_of(d->rules, s->risk_tier);
    if (tier < MED_DASHBOARD_TIERS && s->active)
        d->tier_patients[tier]++;
    if (tier == SIZE_MAX || tier + 1 >= d->rules->tier_count || !s->active)
        return 0; /* the default tier, or not on opioids now: nothing to act on */
    d->attention_total++;
    med__attention_rec rec;
    rec.tier = tier;
    rec.as_of = s->as_of_hundredths;
    rec.peak = s->peak_hundredths;
    rec.overlap = s->benzodiazepine_overlap_days;
    rec.seq = d->seq;
    size_t n = d->attention_count;
    if (n == d->options.attention_max && (n == 0 || !before(&rec, &d->attention[0])))
        return 0; /* not among the most urgent: skip describing it */
    describe(d, patient, s, &rec.out);
    return keep(d, &rec);
}

static int by_urgency(const void *a, const void *b)
{
    return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

void med__attention_finish(med__dashboard *d)
{
    if (d->attention_count > 1)
        qsort(d->attention, d->attention_count, sizeof *d->attention, by_urgency);
    for (size_t i = 0; i < d->attention_count; i++)
        d->attention[i].out.rank = i + 1;
    d->summary.attention_patients = d->attention_total;
    d->summary.attention_shown = d->attention_count;
}
