/* Risk rules as loaded: conditions on a patient's summary measures. Internal. */
#ifndef MED_RULES_PRIVATE_H
#define MED_RULES_PRIVATE_H
#include "common/arena.h"
#include "med.h"

#define MED_MAX_PATIENT_FLAGS 8 /* the rules loader refuses more flags, with a located error */
#define MED_MAX_RULE_TIERS 8    /* and more tiers */

typedef struct med__patient_summary med__patient_summary; /* patients/patient_private.h */

typedef enum {
    MED_M_PEAK, MED_M_AVERAGE, MED_M_AVERAGE_COVERED, MED_M_AS_OF, MED_M_DAYS_COVERED,
    MED_M_TREATMENT_DAYS, MED_M_BENZO_OVERLAP, MED_M_PRESCRIBERS, MED_M_PHARMACIES,
    MED_M_LONGEST_RUN, MED_M_RECENT_DAYS, MED_M_FLAG
} med_measure;

typedef struct med_condition {
    med_measure measure;
    size_t flag;     /* for MED_M_FLAG: index of an earlier flag */
    int strict;      /* "above" (>) rather than "at_least" (>=) */
    int64_t value;   /* hundredths for MME measures, a count otherwise */
} med_condition;

typedef struct med_rule_expr {
    const med_condition *conditions;
    size_t count;    /* 0: always true */
    int any;         /* any condition (else all) */
} med_rule_expr;

typedef struct med_flag_rule {
    const char *name, *description, *source;
    const char *quote, *location;     /* the source's words and where they stand, or NULL */
    const char *summary, *summarises; /* the file's own words and what they restate, or NULL */
    med_rule_expr expr;
} med_flag_rule;

typedef struct med_tier_rule {
    const char *tier;
    int review_months;
    med_rule_expr expr;
} med_tier_rule;

struct med_rules {
    med_arena arena;
    const char *id, *version;
    char digest[65];
    const char *high_dose_text;
    int64_t high_dose_hundredths;
    const char *long_term_text;
    med_rule_expr long_term;
    long long_term_window_days; /* recent_days_covered counts these days up to the as-of day */
    long active_days;        /* a patient with MME on a day of the last active_days is active */
    med_flag_rule *flags;
    size_t flag_count;
    med_tier_rule *tiers;
    size_t tier_count;
};

/* Sets flags, long_term, risk_tier and review_months of `s` from its measures. */
void med__rules_apply(const med_rules *rules, med__patient_summary *s);

#endif
