/* The practice dashboard's state, shared by dashboard.c (options, headlines, getters),
 * run_chart.c (periods), mme_distribution.c (bins, prescriber variation) and attention.c.
 * Internal. */
#ifndef MED_DASHBOARD_PRIVATE_H
#define MED_DASHBOARD_PRIVATE_H
#include <stdint.h>

#include "common/percent.h"
#include "patients/practice_private.h"
#include "patients/rules_private.h"

#define MED_DASH_BINS 31          /* 0-10, 10-20, ..., 290-300, 300+ */
#define MED_DASH_BIN_WIDTH 1000   /* hundredths of MME/day: 10 MME/day */
#define MED_DASH_HEADLINES (3 + MED_MAX_THRESHOLDS + MED_MAX_PATIENT_FLAGS)

/* A patient in a period: seen (MME on a day of it), reached high dose, had a benzodiazepine. */
typedef struct med__period_count {
    long patients, high_dose, benzodiazepine;
} med__period_count;

/* An exact share: num / den (den 0 means no patients). */
typedef struct med__share {
    long num, den;
} med__share;

/* A kept attention entry with what orders it. */
typedef struct med__attention_rec {
    size_t tier;              /* 0 is the highest */
    int64_t as_of, peak;      /* hundredths */
    long overlap;
    long seq;                 /* input order */
    med_attention out;
} med__attention_rec;

struct med__dashboard {
    med_dashboard_options options;
    const med_rules *rules;
    long until;               /* options.until as a day number, or LONG_MIN */
    long latest_fill;         /* latest fill day of an opioid giving MME (LONG_MIN: none yet) */
    long seq;                 /* patients added */
    /* run chart: counts by absolute period (months or weeks since 1900) */
    med__period_count *counts;
    size_t count_capacity, lo, hi; /* periods lo..hi-1 have been touched */
    med_run_point *points;
    size_t point_count;
    /* distribution */
    int64_t *current, *peak;  /* per patient (current only when > 0) */
    size_t current_count, peak_count, value_capacity;
    long bin_current[MED_DASH_BINS], bin_peak[MED_DASH_BINS];
    long current_at_or_above[MED_MAX_THRESHOLDS];
    long current_none;
    /* variation, filled at the end */
    med_variation *variation;
    size_t variation_count;
    /* attention: a heap of the most urgent, the least urgent of them at the root */
    med__attention_rec *attention;
    size_t attention_count;
    long attention_total;
    long tier_patients[MED_DASHBOARD_TIERS];
    /* headlines, filled at the end, with the texts they point to */
    med_headline headlines[MED_DASH_HEADLINES];
    size_t headline_count;
    char keys[MED_DASH_HEADLINES][48], labels[MED_DASH_HEADLINES][80];
    char definitions[MED_DASH_HEADLINES][256];
    med_dashboard summary;
    int finished;
};

/* run_chart.c */
int med__run_chart_add(med__dashboard *d, const med_patient *patient);
int med__run_chart_finish(med__dashboard *d);
size_t med__period_of(med_period period, long day);

/* mme_distribution.c */
int med__distribution_add(med__dashboard *d, const med_patient_summary *s);
int med__distribution_finish(med__dashboard *d);
int med__variation_finish(med__dashboard *d, const med_practice *p);

/* attention.c */
int med__attention_add(med__dashboard *d, const med_patient_summary *s);
void med__attention_finish(med__dashboard *d);

#endif
