/* One patient's fills and day series. Internal. */
#ifndef MED_PATIENT_PRIVATE_H
#define MED_PATIENT_PRIVATE_H
#include "common/arena.h"
#include "common/strmap.h"
#include "med.h"
#include "patients/rules_private.h"
#include "tables/table_private.h"

#define MED_MAX_TIERED 4 /* distinct tiered factors (in practice only methadone) */
#define MED_DRUGS_TEXT 160 /* the opioids covering the as-of day, as text (patient_measures.h) */

/* A patient's summary as the library computes it: the public med_patient_summary's numbers with
 * the texts and per-threshold counts it points into. */
typedef struct med__patient_summary {
    const char *patient_id;   /* the patient's own (its id[]), not copied: the summary lives in
                              * the patient and is of its fills as they are */
    char first_day[11], last_day[11];
    long treatment_days;
    long days_covered;
    int64_t peak_hundredths;
    char peak_date[11];
    int64_t average_hundredths;
    int64_t average_covered_hundredths;
    size_t threshold_count;
    long days_at_or_above[MED_MAX_THRESHOLDS];
    long longest_run_at_highest;
    char as_of[11];
    long as_of_day;           /* as_of as a day number; LONG_MIN when as_of is "" or, past
                              * 2199, is not a date the library reads */
    int64_t as_of_hundredths;
    long benzodiazepine_overlap_days;
    long prescribers, pharmacies;
    size_t flag_count;
    const char *risk_tier;
    int review_months;
    int long_term;
    long rows, rows_rejected;
    long opioid_fills, benzodiazepine_fills;
    long recent_days_covered; /* MME days in the rules' long-term window ending on as_of */
    int active;               /* MME on a day of the rules' active_days ending on as_of */
    const char *primary_prescriber; /* borrowed from the patient's names, "" for none */
    const char *group;        /* likewise */
    /* care (care.c) */
    char last_event[MED_MAX_EVENTS][11]; /* latest of each rules event up to as_of, or "" */
    char review_due[11];
    int review_overdue;       /* 1, 0, or -1 unknown (no events file) */
    size_t gap_count, unknown_count;
    unsigned char gap_state[MED_MAX_CARE_GAPS]; /* MED_GAP_* of each of the rules' gaps */
    long naloxone_fills, events, events_rejected;
    long as_of_used;          /* the as-of day whatever its year (as_of_day is LONG_MIN past
                              * 2199), or LONG_MIN: med__patient_current's */
    /* From here on, lists read only up to their counts above, so not cleared for each patient:
     * med__patient_measures clears the summary up to `thresholds`. */
    /* The table's thresholds (the table outlives the patient), pointed to rather than copied:
     * the copies made the summary 1.3 KB larger. */
    const med_threshold *thresholds[MED_MAX_THRESHOLDS];
    const char *flags[MED_MAX_PATIENT_FLAGS];
    const char *gaps[MED_MAX_CARE_GAPS], *unknown[MED_MAX_CARE_GAPS]; /* names, the rules' */
} med__patient_summary;

typedef enum { FILL_MME, FILL_OPIOID_NO_MME, FILL_BENZO } med_fill_kind;

typedef struct med_fill_rec {
    long start, end;          /* covered days, inclusive (after any early-refill shift) */
    long fill_day;            /* the day it was filled */
    size_t order;             /* position in input, for a stable sort */
    med_fill_kind kind;
    int64_t mme;              /* hundredths of MME/day; 0 when tiered by the total */
    int tiered;               /* index into tiered[] when tiers apply to the day's total, or -1 */
    int64_t dose;             /* tiered: hundredths of the daily dose in the factor's unit */
    const char *ingredient;   /* borrowed from the table's vocabulary */
    int prescriber, pharmacy; /* indices into names[], or -1 */
    int group;                /* index into names[] of the fill's group value, or -1 */
    int er_la;                /* an extended-release or long-acting opioid (result's release) */
} med_fill_rec;

/* A care event: a day and its kind (an index into the rules' event names). */
typedef struct med_event_rec {
    long day;
    int kind;
} med_event_rec;

/* A fill starting (sign 1) or ending (sign -1, the day after its last day): what the
 * summary sweeps in day order (patient_summary.c). */
typedef struct med_sweep_event {
    long day;
    int sign;
    const med_fill_rec *fill;
} med_sweep_event;

/* Days start .. start + length - 1 (offsets from `first`) share these values. */
typedef struct med_run {
    long start, length;
    int64_t mme;
    int fills;
    int benzo;
} med_run;

struct med_patient {
    const med_table *table;
    const med_rules *rules;
    med_patient_options options;
    long as_of;               /* parsed options.as_of, or LONG_MIN */
    char id[256];
    int id_too_long;          /* the id given to reset did not fit: every fill is rejected */
    med_fill_rec *fills;
    size_t fill_count, fill_capacity;
    char **names;             /* prescriber, pharmacy ids and group values seen (copies, each
                              * led by a tag byte: D, R, G) */
    size_t name_count, name_capacity;
    med_arena name_text;      /* where those copies are: emptied by a reset, not freed */
    med__strmap name_index[3]; /* D, R, G ids to their index in names, once there are more
                               * than NAMES_SEARCHED names (patient.c); empty before */
    const med_factor *tiered[MED_MAX_TIERED];
    size_t tiered_count;
    /* the series built by the last summary */
    long first;               /* day number of index 0 */
    size_t day_count;
    /* the series as runs of equal days: walked by the summary, searched for one day */
    med_run *runs;
    size_t run_count, run_capacity;
    med_sweep_event *sweep;   /* room for the sweep's events, kept from patient to patient */
    size_t sweep_capacity;
    long rows, rejected, opioid_fills, benzo_fills;
    char as_of_text[11];      /* options.as_of, copied */
    med_event_rec *events;    /* care events and naloxone fills */
    size_t event_count, event_capacity;
    long event_rows, events_rejected, naloxone_fills;
    med__patient_summary summary; /* the last one made */
    int summarized;           /* summary is of the fills as they are */
};

/* The table the patient's fills were computed under. */
const med_table *med__patient_table(const med_patient *p);

/* The patient's last summary, or NULL when its fills changed since (or it has none). */
const med__patient_summary *med__patient_summary_of(const med_patient *p);

/* The run holding day `index` (0 .. day_count - 1). */
const med_run *med__patient_run_at(const med_patient *p, long index);

#endif
