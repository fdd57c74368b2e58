/* The explanation search of med_agree (explain.c). Internal. */
#ifndef MED_EXPLAIN_H
#define MED_EXPLAIN_H
#include "common/decimal.h"
#include "compute/result.h"
#include "tables/table_private.h"
#include "med.h"

typedef struct med_explain {
    const med_table *const *candidates; /* tables tried besides ours */
    size_t candidate_count;
    const med_tolerance *tolerance;
    const med_table *table;             /* ours */
    const med_input *input;
    const med__result *ours;             /* status OK for med__explain() */
    int64_t reported;                   /* hundredths */
} med_explain;

/* Finds what reproduces x->reported and says so in `text`; sets the cause. */
void med__explain(const med_explain *x, med_cause *cause, char *text, size_t cap);

/* Comma-separated names of candidate tables whose result has status `want` (for errors: no
 * factor only), under our method. */
void med__tables_without_value(const med_explain *x, med_result_status want, char *names,
                               size_t cap);

/* Comma-separated "id@version (method)" of candidate tables reproducing x->reported; with
 * `joined` 0 the plain tables, with 1 our table falling back to another (where the fallback
 * decides the result). */
void med__tables_reproducing(const med_explain *x, int joined, char *names, size_t cap);

/* Nonzero when table `t` has a fallback and result `r` (computed under it) was decided by the
 * fallback (its factor or its exclusion), not by the table itself. */
int med__from_fallback(const med_table *t, const med__result *r);

/* A non-negative value (a dose, an MME) in hundredths, half up; libm is not needed for that. */
int64_t med__to_hundredths(double v);

/* Hundredths rounded to `decimals` (1: one decimal, 0: a whole number) half up, or truncated
 * to a whole number (-1). A value whose rounding up would pass INT64_MAX is returned as it is. */
int64_t med__round_to(int64_t h, int decimals);

/* The result of table `t` for result `o`'s daily dose rounded to `decimals` (0: whole units,
 * 1: one decimal), half up, before the factor (a tier chosen by the rounded dose), into *r, the
 * rounded dose's text into `dose`: 0; 1 when rounding changes nothing (a patch, a dose already
 * so rounded); -1 when it cannot be computed. */
int med__dose_rounded(const med_table *t, const med__result *o, int decimals, med__result *r,
                      char *dose, size_t cap);

/* The tier of a banded entry that holds `daily`, or NULL. */
const med_tier *med__tier_of(const med_factor *f, double daily);

/* A patch-day factor applied to the mcg/hr rate of `in` as if it were a rate factor: the
 * patch-day factor of `t`'s entry for result `o` into *pd and the value into *v; -1 unless the
 * entry is a mcg/hr patch and the strength a number. */
int med__patch_day_on_rate(const med_table *t, const med__result *o, const med_input *in,
                           med_q *pd, med_q *v);

#endif
