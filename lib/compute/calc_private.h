/* The parsed, numeric form of one med_input, shared by the calculator's steps. Internal. */
#ifndef MED_CALC_PRIVATE_H
#define MED_CALC_PRIVATE_H
#include "common/decimal.h"
#include "tables/table_private.h"

typedef struct med_dose {
    med_resolved drug;
    const char *form;         /* canonical, NULL for oral */
    const med_factor *factor; /* the table's entry */
    med_unit unit;            /* unit of `strength` */
    med_q strength;           /* opioid amount per unit (per mL for liquids) */
    const char *strength_text;/* for the arithmetic line: "10 mg", "10 mg/5 mL" */
    int supply;               /* basis: quantity / days supply (else a schedule) */
    med_q units_per_day;      /* absent for a patch schedule without interval */
    med_q quantity, days, every_hours;
    med_q per_dose, doses;    /* a schedule's units per dose and doses per day */
    int prn;
} med_dose;

/* Fills `d` from `in`, or returns a result error in `out` (status set, message filled). */
int med__dose_prepare(const med_table *t, const med_input *in, med_dose *d, med_result *out);

/* The factor for a daily dose (a tier, for tiered entries). */
const med_tier *med__tier_for(const med_factor *f, med_q daily);

/* Sets `out` to an error result with message and located error. */
void med__result_error(med_result *out, med_status code, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
