/* The practice dashboard's state, shared by dashboard.c (options, headlines, getters),
 * run_chart.c (periods), mme_distribution.c (bins, prescriber variation) and attention.c.
 * Internal. */
#ifndef MED_DASHBOARD_PRIVATE_H
#define MED_DASHBOARD_PRIVATE_H
#include <stdint.h>

#include "common/percent.h"
#include "patients/patient_private.h"
#include "patients/practice_private.h"
#include "patients/rules_private.h"

#define MED_DASH_BINS 31          /* 0-10, 10-20, ..., 290-300, 300+ */
#define MED_DASH_BIN_WIDTH 1000   /* hundredths of MME/day: 10 MME/day */
#define MED_DASH_HEADLINES (3 + MED_MAX_THRESHOLDS + MED_MAX_PATIENT_FLAGS)
#define MED_DASHBOARD_TIERS MED_MAX_RULE_TIERS

/* The dashboard's figures as the library fills them: the public structs' numbers with the
 * texts they point to. dashboard.c hands out the public ones (pub_* below) once finished. */
typedef struct med__dash {
    size_t headlines;                /* med_practice_get_headline() items */
    /* run chart: share of the patients with MME in each period who reached the rules'
     * high_dose_mme on a day of it, and who had an opioid and a benzodiazepine on one day */
    med_period period;
    size_t periods;                  /* med_practice_get_run_point() items, oldest first */
    const char *high_dose_text;      /* the rules' high_dose_mme: "90" */
    double high_dose_median, benzodiazepine_median; /* median of the periods' shares (periods
                                      * with no patient left out) */
    char high_dose_median_percent[16], benzodiazepine_median_percent[16];
    /* distribution of patients' daily MME on their as-of day (current) and at its peak */
    size_t bins;                     /* med_practice_get_mme_bin() items */
    int64_t bin_width_hundredths;    /* 1000: bins of 10 MME/day; the last is open-ended */
    long patients;                   /* patients on opioids (with MME on some day) */
    long current_none;               /* of them, no opioid MME on the as-of day: in no bin */
    char median_current[32], p90_current[32]; /* over patients with current MME (nearest rank) */
    char median_peak[32], p90_peak[32];
    size_t threshold_count;          /* the table's thresholds */
        long current_at_or_above[MED_MAX_THRESHOLDS], peak_at_or_above[MED_MAX_THRESHOLDS];
    /* variation: prescribers' shares of high-dose patients (peak at or above high_dose_mme) */
    size_t prescribers;              /* med_practice_get_variation() items */
    double practice_share;           /* the whole practice's share */
    char practice_percent[16];
    long small_number;               /* the option: prescribers with fewer patients are small */
    size_t small_prescribers;        /* how many are */
    size_t above, below;             /* not small and outside the 99.8% range of the practice */
    /* attention: patients in any tier of the rules above the last (default) tier */
    long attention_patients;         /* how many there are */
    size_t attention_shown;          /* med_practice_get_attention() items: the most urgent,
                                      * at most options.attention_max */
    int deidentified;
    size_t tier_count;               /* the rules' tiers, highest first (at most
                                      * MED_DASHBOARD_TIERS) */
    const char *tiers[MED_DASHBOARD_TIERS];
    int tier_review_months[MED_DASHBOARD_TIERS];
    long tier_patients[MED_DASHBOARD_TIERS]; /* patients on opioids in each tier */
} med__dash;

typedef struct med__headline {
    const char *key;        /* stable: "patients", "long_term", "peak_at_or_above_90" (the
                             * threshold as the table prints it), "coprescribed", or a flag name */
    const char *label;      /* "At or above 90 MME/day" */
    const char *definition; /* how it is counted, from the rules and the table */
    long count;
    long of;                /* patients on opioids (for "patients", itself) */
    double share;           /* count / of, 0 when of is 0 */
    char percent[16];       /* the share as a percentage to 1 decimal, half up: "12.5" */
} med__headline;

typedef struct med__run_point {
    char label[11];         /* "2025-03" for a month; a week's Monday, "2025-03-03" */
    char first_day[11], last_day[11]; /* the period's first and last day */
    long patients;          /* patients with MME on a day of the period: the denominator */
    long high_dose;         /* of them, a day whose total reached high_dose_mme */
    long benzodiazepine;    /* of them, a day with an opioid giving MME and a benzodiazepine */
    double high_dose_share, benzodiazepine_share; /* 0 when patients is 0 */
    char high_dose_percent[16], benzodiazepine_percent[16];
    unsigned high_dose_signals, benzodiazepine_signals; /* MED_SIGNAL_* bits */
} med__run_point;

typedef struct med__mme_bin {
    int64_t from_hundredths;
    int64_t to_hundredths;  /* -1 for the last bin, which has no upper end */
    char label[24];         /* "0-10", "300+" */
    long current, peak;     /* patients whose current / peak daily MME falls in it */
} med__mme_bin;

typedef struct med__variation {
    const char *name;       /* prescriber id */
    long patients, high_dose;
    double share;
    char percent[16];
    double lower95, upper95, lower998, upper998; /* the 95% and 99.8% ranges */
    int small;              /* fewer patients than small_number: shown as such, never a signal */
    int signal;             /* 1 above the 99.8% range, -1 below it, 0 within (or small) */
} med__variation;

typedef struct med__attention {
    size_t rank;            /* 1 is the most urgent: highest tier, then MME on the as-of day,
                             * peak, overlap days, then input order */
    char patient_id[256];    /* "" when de-identified */
    const char *risk_tier;  /* borrowed from the rules */
    int review_months;
    char as_of[11];
    char review_due[11];    /* as_of + review_months (the month's last day when shorter) */
    char mme_as_of[32], peak_mme[32], average_mme[32];
    long benzodiazepine_overlap_days;
    long prescribers, pharmacies; /* within the window, as in the patient's summary */
    size_t flag_count;
    const char *flags[MED_MAX_PATIENT_FLAGS];
    char primary_prescriber[256], group[256];
    char drugs[MED_DRUGS_TEXT], last_fill[11];
    int review_overdue;     /* 1, 0, -1 unknown */
    char care_gaps[512];    /* "review;naloxone" */
} med__attention;


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
    med__attention out;
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
    med__run_point *points;
    size_t point_count;
    /* distribution */
    int64_t *current, *peak;  /* per patient (current only when > 0) */
    size_t current_count, peak_count, value_capacity;
    long bin_current[MED_DASH_BINS], bin_peak[MED_DASH_BINS];
    long current_at_or_above[MED_MAX_THRESHOLDS];
    long current_none;
    /* variation, filled at the end */
    med__variation *variation;
    size_t variation_count;
    /* attention: a heap of the most urgent, the least urgent of them at the root */
    med__attention_rec *attention;
    size_t attention_count;
    long attention_total;
    long tier_patients[MED_DASHBOARD_TIERS];
    /* headlines, filled at the end, with the texts they point to */
    med__headline headlines[MED_DASH_HEADLINES];
    size_t headline_count;
    char keys[MED_DASH_HEADLINES][48], labels[MED_DASH_HEADLINES][80];
    char definitions[MED_DASH_HEADLINES][256];
    med__dash summary;
    int finished;
    /* what the getters hand out, pointing into the above (made by dashboard.c at the end) */
    med_dashboard pub;
    med_headline pub_headlines[MED_DASH_HEADLINES];
    med_run_point *pub_points;
    med_mme_bin pub_bins[MED_DASH_BINS];
    med__mme_bin bins[MED_DASH_BINS];
    med_variation *pub_variation;
    med_attention *pub_attention;
};

/* run_chart.c */
int med__run_chart_add(med__dashboard *d, const med_patient *patient);
int med__run_chart_finish(med__dashboard *d);
size_t med__period_of(med_period period, long day);

/* mme_distribution.c */
int med__distribution_add(med__dashboard *d, const med__patient_summary *s);
int med__distribution_finish(med__dashboard *d);
int med__variation_finish(med__dashboard *d, const med_practice *p);

/* attention.c */
int med__attention_add(med__dashboard *d, const med_patient *patient,
                       const med__patient_summary *s);
void med__attention_finish(med__dashboard *d);

#endif
