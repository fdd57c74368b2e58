/* Risk rules as loaded: conditions on a patient's summary measures. Internal. */
#ifndef MED_RULES_PRIVATE_H
#define MED_RULES_PRIVATE_H
#include "common/arena.h"
#include "common/decimal.h"
#include "tables/schema.h"
#include "tables/yamldoc.h"
#include "med.h"

#define MED_MAX_PATIENT_FLAGS 8 /* the rules loader refuses more flags, with a located error */
#define MED_MAX_RULE_TIERS 8    /* and more tiers */
#define MED_MAX_CARE_FLAGS 16   /* and more point-of-care flags */
#define MED_MAX_CARE_GAPS 12    /* and more care gaps */
#define MED_MAX_EVENTS 18       /* the built-in events and those the care gaps name */
#define MED_MAX_NALOXONE 4      /* naloxone rescue ingredients */

/* The built-in care events, in this order (indices into med_rules.event_names). */
enum { MED_EV_REVIEW, MED_EV_UDS, MED_EV_PDMP, MED_EV_AGREEMENT, MED_EV_NALOXONE,
       MED_EV_FUNCTION, MED_EV_BUILTIN };

/* A care gap: an active (long-term) patient with no `event` in the last `months` months. */
typedef struct med_care_gap_rule {
    const char *name, *event, *description, *source;
    const char *quote, *location, *summary, *summarises;
    int months;              /* 0: the patient's tier's review_months */
    int long_term_only;      /* applies_to: active_long_term (1, the default) or active (0) */
    int flag;                /* index of a flag that must be raised, or -1 */
    size_t event_index;      /* into event_names */
} med_care_gap_rule;

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

/* A point-of-care condition: a class beside an opioid (coprescribed, MED_COPRESCRIBED_* bit),
 * or else a computed total of at least `at_least` hundredths. */
typedef struct med_care_condition {
    unsigned coprescribed;
    int64_t at_least;
} med_care_condition;

typedef struct med_care_rule {
    med_care_flag flag;              /* what the public call hands out */
    med_care_condition *conditions;  /* any of them raises the flag */
    size_t count;
} med_care_rule;

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
    med_care_rule *care;
    size_t care_count;
    /* the registry: care events, care gaps, naloxone rescue products (rules_care.c) */
    const char *event_names[MED_MAX_EVENTS];
    size_t event_count;
    med_care_gap_rule *gaps;
    size_t gap_count;
    const char *naloxone_ingredients[MED_MAX_NALOXONE];
    size_t naloxone_count;
    const char *naloxone_source;
    long new_start_days;     /* an opioid fill with none in these days before it starts anew */
};

/* Reads the optional `point_of_care:` list of the rules (point_of_care.c). */
med_status med__rules_read_point_of_care(const med_schema_ctx *c, const med_ynode *root,
                                         med_rules *r);

/* rules_care.c: reads `care_gaps` and `naloxone` (both optional: the built-in events only, no
 * gaps, naloxone rescue ingredient "naloxone"). */
med_status med__rules_read_care(const med_schema_ctx *c, const med_ynode *root, med_rules *r);
/* The index of a care event name, or -1. */
int med__rules_event(const med_rules *r, const char *name);

/* Sets flags, long_term, risk_tier and review_months of `s` from its measures. */
void med__rules_apply(const med_rules *rules, med__patient_summary *s);

#endif
