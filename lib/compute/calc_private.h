/* The parsed, numeric form of one med_input, shared by the calculator's steps. Internal. */
#ifndef MED_CALC_PRIVATE_H
#define MED_CALC_PRIVATE_H
#include "common/decimal.h"
#include "compute/input.h"
#include "compute/result.h"
#include "tables/table_private.h"

typedef struct med_dose {
    med_resolved drug;
    const char *form;         /* canonical, NULL for oral */
    const med_factor *factor; /* the table's entry */
    const med_table *source;  /* the table `factor` is from: the one computing, or its fallback */
    med_unit unit;            /* unit of `strength` */
    med_q strength;           /* opioid amount per unit (per mL for liquids) */
    int supply;               /* basis: quantity / days supply (else a schedule) */
    med_q units_per_day;      /* absent for a patch schedule without interval */
    med_q quantity, days, every_hours;
    med_q per_dose, doses;    /* a schedule's units per dose and doses per day */
    int prn;
} med_dose;

/* Fills `d` from `in` (normalised: no NULL texts), reading the basis `method` asks for, or
 * returns a result error in `out` (status set, message filled). */
int med__dose_prepare(const med_table *t, const med__fields *in, med_method method,
                      med_dose *d, med__result *out);

/* 0 when a combination's opioid strength (d->strength in d->unit, per `per_ml` mL when not
 * absent) lies in the range CDC's NDC list knows for its ingredient and form, or when none is
 * known or the product has one ingredient; else -1 with `msg` naming the strength (and the part
 * it looks swapped with). See plausible.c. */
int med__dose_check_strength(const med_table *t, const med__fields *f, const med_dose *d,
                             med_q per_ml, char *msg, size_t cap);

/* Whether med__dose_check_strength has a range to check the dose against: a combination's
 * opioid strength, or a single ingredient's on a claims row (quantity and days supply, no
 * schedule: a strength per unit dispensed). Most regimens are neither, and ask nothing more. */
static inline int med__dose_strength_checked(const med__fields *f, const med_dose *d)
{
    unsigned basis = f->given & (MED__GIVEN_QUANTITY | MED__GIVEN_DAYS_SUPPLY |
                                 MED__GIVEN_DOSES_PER_DAY | MED__GIVEN_EVERY_HOURS |
                                 MED__GIVEN_UNITS_PER_DOSE);
    return d->drug.component_count >= 2 ||
           basis == (MED__GIVEN_QUANTITY | MED__GIVEN_DAYS_SUPPLY);
}

/* The factor for a daily dose (a tier, for tiered entries). */
const med_tier *med__tier_for(const med_factor *f, med_q daily);

/* Sets `out` to an error result with message and located error. */
void med__result_error(med__result *out, med_status code, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The library's own totals (the public med_total's numbers). */
typedef struct med__total {
    double mme_per_day;
    int64_t mme_hundredths;
    size_t ok, excluded, not_opioid, errors;
    size_t flag_count;
    unsigned coprescribed; /* MED_COPRESCRIBED_* bits */
    int too_large;         /* every OK order counted, but their sum passes what int64_t
                            * hundredths hold: no total (not an order's error) */
} med__total;

/* med_compute and med_compute_set into the library's results (texts included), for the parts
 * of the library that report them. Arguments as the public calls; inputs are checked here. */
med_status med__compute(const med_table *table, const med_input *input, med_method method,
                        med__result *out);
med_status med__compute_set(const med_table *table, const med_input *inputs, size_t count,
                            med_method method, med__result *results, med__total *total);

/* med__compute_set into a new array *results (free it), the texts made unless numbers_only:
 * MED_OK, or the status of med__compute_set or MED_ERR_NOMEM with *results NULL. */
med_status med__set_results(const med_table *table, const med_input *inputs, size_t count,
                            med_method method, int numbers_only, med__result **results,
                            med__total *total);

/* Writes the members of `out`'s version (version 2: complete, computed_hundredths, ...) from
 * `t`, as med_compute_set() gives them. MED_ERR_VERSION for a version this library does not
 * know (nothing written). */
med_status med__total_publish(const med__total *t, med_total *out);

/* One computed value, exact, before rounding. */
typedef struct med__computed {
    med_q mme;
    med_q daily;               /* the tier-selecting daily dose (dose-based entries) */
    const med_tier *tier;
    int tiers_total;           /* the tier's table applies tiers to the patient's total */
} med__computed;

/* The caller's input checked at the door (version, absent texts, lengths) into `n`, 0; or -1
 * with the refusal as `out`'s error. */
int med__compute_take_input(const med_input *input, med_method method, med__fields *n,
                            med__result *out);

/* The whole computation of one checked input into `out` and `c` (0), or -1 with `out` saying
 * why; `tier_dose` (or NULL) overrides the tier-selecting daily dose. */
int med__compute_exact(const med_table *t, const med__fields *in, med_method method,
                       const med_q *tier_dose, med__result *out, med__computed *c);

/* The two halves of med_compute without texts, for med_input_prepare and med_compute_prepared
 * (prepared.c). med__compute_read checks `input` and reads its texts into `d` (0), or leaves in
 * `out` the result that says why it cannot be computed (-1). med__compute_read_dose computes
 * `d` into `out` as med_compute would, `read` being the result med__compute_read left (its
 * method, drug and form). */
int med__compute_read(const med_table *t, const med_input *input, med_method method,
                      med_dose *d, med__result *out);
void med__compute_read_dose(const med_table *t, const med_dose *d, med_method method,
                            const med__result *read, med__result *out);

#endif
