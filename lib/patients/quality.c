/* The quality measures a clinic can take from claims and care events, after CDC's 2018 "Quality
 * Improvement and Care Coordination: Implementing the CDC Guideline for Prescribing Opioids for
 * Chronic Pain": new opioid starts with a short first supply, long-term patients at 50 and 90
 * MME/day and with a benzodiazepine, and each care gap of the rules (naloxone among them). One
 * patient at a time: which denominators it is in and which numerators it meets. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "common/dates.h"
#include "patients/care_private.h"
#include "patients/quality_private.h"

#define QI_SOURCE "CDC, Quality Improvement and Care Coordination: Implementing the CDC " \
                  "Guideline for Prescribing Opioids for Chronic Pain (2018)"

/* The fixed measures; the care gaps follow them in the rules' order. */
static const struct {
    const char *key, *label, *definition, *source;
} FIXED[MED_QM_FIXED] = {
    {"new_start_3_days", "New opioid starts with 3 days' supply or less",
     "of patients whose first opioid fill in the measurement period had no opioid fill in the "
     "rules' new_start_days (90) before it (a new start), those whose first supply (the longest "
     "days supply filled that day) was 3 days or less", QI_SOURCE "; CDC 2016 Recommendation 6"},
    {"new_start_7_days", "New opioid starts with 7 days' supply or less",
     "of the same new starts, those whose first supply was 7 days or less",
     QI_SOURCE "; CDC 2016 Recommendation 6"},
    {"new_start_er_la", "New opioid starts with an extended-release or long-acting opioid",
     "of the same new starts, those whose first day's fills include an extended-release or "
     "long-acting opioid (vocabulary.yaml long_acting: release words such as ER, XR, 24 HR, "
     "brands such as OxyContin, patches, methadone)",
     QI_SOURCE "; CDC 2016 Recommendation 4"},
    {"long_term_50_mme", "Long-term patients at 50 MME/day or more",
     "of active patients on long-term therapy on the as-of day, those whose highest daily MME "
     "in the rules' active_days (90) ending on the as-of day is 50 or more",
     QI_SOURCE "; CDC 2016 Recommendation 5"},
    {"long_term_90_mme", "Long-term patients at 90 MME/day or more",
     "of active patients on long-term therapy on the as-of day, those whose highest daily MME "
     "in the rules' active_days (90) ending on the as-of day is 90 or more",
     QI_SOURCE "; CDC 2016 Recommendation 5"},
    {"long_term_benzodiazepine", "Long-term patients with a benzodiazepine",
     "of active patients on long-term therapy on the as-of day, those with an opioid giving MME "
     "and a benzodiazepine both active on a day of the measurement period",
     QI_SOURCE "; CDC 2016 Recommendation 11"},
};

const char *med__quality_key(const med_rules *r, size_t i)
{
    return i < MED_QM_FIXED ? FIXED[i].key : r->gaps[i - MED_QM_FIXED].name;
}

size_t med__quality_count(const med_rules *r)
{
    size_t gaps = r->gap_count < MED_MAX_CARE_GAPS ? r->gap_count : MED_MAX_CARE_GAPS;
    return MED_QM_FIXED + gaps;
}

/* Texts of measure `i`: label, definition, source (a care gap's from the rules). */
void med__quality_texts(const med_rules *r, size_t i, med_quality_measure *out, char *label,
                        size_t label_cap, char *definition, size_t def_cap)
{
    if (i < MED_QM_FIXED) {
        out->label = FIXED[i].label;
        out->definition = FIXED[i].definition;
        out->source = FIXED[i].source;
        return;
    }
    const med_care_gap_rule *g = &r->gaps[i - MED_QM_FIXED];
    char months[40];
    if (g->months)
        snprintf(months, sizeof months, "%d months", g->months);
    else
        snprintf(months, sizeof months, "tier's review months");
    snprintf(label, label_cap, "Care: %s", g->description);
    snprintf(definition, def_cap,
             "of active patients%s%s%s (the care gap '%s'; judged only with care events, except "
             "naloxone, which fills show), those with a '%s' event in the %s up to the as-of "
             "day", g->long_term_only ? " on long-term therapy" : "", g->flag >= 0 ? " with " : "",
             g->flag >= 0 ? r->flags[g->flag].name : "", g->name, g->event, months);
    out->label = label;
    out->definition = definition;
    out->source = g->source;
}

/* Whether g is an opioid fill of the `lookback` days before `day`. */
static int filled_within(const med_fill_rec *g, long day, long lookback)
{
    return g->kind != FILL_BENZO && g->fill_day < day && g->fill_day >= day - lookback;
}

/* Whether an opioid fill was filled in the `lookback` days before fill i. The fills are in
 * order of start, which is nearly always that of fill day: those before fill i are looked at
 * first, the nearest first, where one that answers usually is (rather than from the first
 * fill on, which made this quadratic in the fills); then those after it, for any order. */
static int filled_before(const med_patient *p, size_t i, long lookback)
{
    long day = p->fills[i].fill_day;
    for (size_t j = i; j-- > 0;)
        if (filled_within(&p->fills[j], day, lookback))
            return 1;
    for (size_t j = i + 1; j < p->fill_count; j++)
        if (filled_within(&p->fills[j], day, lookback))
            return 1;
    return 0;
}

/* The first new start in [from, to]: its day and first supply (the longest fill that day), or
 * 0 when there is none. A start is an opioid fill with no opioid fill in the `lookback` days
 * before it. */
static int new_start(const med_patient *p, long from, long to, long lookback, long *supply,
                     int *er)
{
    long best = LONG_MAX;
    for (size_t i = 0; i < p->fill_count; i++) {
        const med_fill_rec *f = &p->fills[i];
        if (f->kind == FILL_BENZO || f->fill_day < from || f->fill_day > to || f->fill_day >= best)
            continue;
        if (!filled_before(p, i, lookback))
            best = f->fill_day;
    }
    if (best == LONG_MAX)
        return 0;
    *supply = 0;
    *er = 0;
    for (size_t i = 0; i < p->fill_count; i++) {
        const med_fill_rec *f = &p->fills[i];
        if (f->kind == FILL_BENZO || f->fill_day != best)
            continue;
        if (f->end - f->start + 1 > *supply)
            *supply = f->end - f->start + 1;
        *er |= f->er_la;
    }
    return 1;
}

/* The highest daily MME (hundredths) on a day of [from, to]. */
static int64_t peak_in(const med_patient *p, long from, long to)
{
    int64_t peak = 0;
    for (size_t i = 0; i < p->run_count; i++) {
        const med_run *r = &p->runs[i];
        long lo = p->first + r->start, hi = lo + r->length - 1;
        if (hi >= from && lo <= to && r->mme > peak)
            peak = r->mme;
    }
    return peak;
}

/* An opioid and a benzodiazepine on one day of [from, to]. */
static int benzo_in(const med_patient *p, long from, long to)
{
    for (size_t i = 0; i < p->run_count; i++) {
        const med_run *r = &p->runs[i];
        long lo = p->first + r->start, hi = lo + r->length - 1;
        if (r->fills > 0 && r->benzo && hi >= from && lo <= to)
            return 1;
    }
    return 0;
}

void med__quality_patient(const med_patient *p, const med__patient_summary *s, long from,
                          long to, uint32_t *den, uint32_t *num)
{
    const med_rules *r = p->rules;
    size_t n = med__quality_count(r);
    uint32_t in = 0, met = 0;
    long supply;
    int er;
    if (new_start(p, from, to, r->new_start_days, &supply, &er)) {
        in |= 1u << 0 | 1u << 1 | 1u << 2;
        met |= (uint32_t)(supply <= 3) << 0 | (uint32_t)(supply <= 7) << 1 |
               (uint32_t)(er != 0) << 2;
    }
    long as_of = s->as_of_day;
    if (s->active && s->long_term && as_of != LONG_MIN) {
        int64_t recent = peak_in(p, as_of - r->active_days + 1, as_of);
        in |= 1u << 3 | 1u << 4 | 1u << 5;
        met |= (uint32_t)(recent >= 5000) << 3 | (uint32_t)(recent >= 9000) << 4 |
               (uint32_t)benzo_in(p, from, to) << 5;
    }
    for (size_t i = MED_QM_FIXED; i < n; i++) {
        int state = s->gap_state[i - MED_QM_FIXED];
        in |= (uint32_t)(state == MED_GAP_MET || state == MED_GAP_OPEN) << i;
        met |= (uint32_t)(state == MED_GAP_MET) << i;
    }
    *den = in;
    *num = met;
}

/* The default measurement period: the 12 months ending on the as-of day. */
void med__quality_period(long as_of, long *from, long *to)
{
    char text[11];
    long y = 0, m = 0, d = 0;
    med__date_format(as_of, text);
    sscanf(text, "%4ld-%2ld-%2ld", &y, &m, &d);
    long first = med__date_from_civil(y - 1, (int)m, 1);
    long next = m == 12 ? med__date_from_civil(y, 1, 1) : med__date_from_civil(y - 1, (int)m + 1, 1);
    *from = first + (d < next - first ? d : next - first); /* the day after as_of a year back */
    *to = as_of;
}
