/* One patient's fills and day series. Internal. */
#ifndef MED_PATIENT_PRIVATE_H
#define MED_PATIENT_PRIVATE_H
#include "med.h"
#include "patients/rules_private.h"
#include "tables/table_private.h"

#define MED_MAX_TIERED 4 /* distinct tiered factors (in practice only methadone) */

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
} med_fill_rec;

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
    med_fill_rec *fills;
    size_t fill_count, fill_capacity;
    char **names;             /* prescriber and pharmacy ids seen (copies) */
    size_t name_count, name_capacity;
    const med_factor *tiered[MED_MAX_TIERED];
    size_t tiered_count;
    /* the series built by the last summary */
    long first;               /* day number of index 0 */
    size_t day_count;
    /* the series as runs of equal days: walked by the summary, searched for one day */
    med_run *runs;
    size_t run_count, run_capacity;
    long rows, rejected, opioid_fills, benzo_fills;
};

/* The run holding day `index` (0 .. day_count - 1). */
const med_run *med__patient_run_at(const med_patient *p, long index);

#endif
