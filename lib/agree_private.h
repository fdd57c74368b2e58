/* What the agreement modules (compare.c, agree.c, explain.c, tablediff.c, vectors.c) share:
 * finding a table's entry for a result, naming why two results differ, and the tolerance
 * arithmetic on hundredths. Internal. */
#ifndef MED_AGREE_PRIVATE_H
#define MED_AGREE_PRIVATE_H
#include "decimal.h"
#include "med.h"
#include "table_private.h"

/* The table's factor entry for an ingredient and form ("oral", NULL and "" all mean oral), or
 * NULL when the table lists none. */
const med_factor *med__table_entry(const med_table *t, const char *ingredient, const char *form);

/* Nonzero when the entry a result was computed with is tiered (methadone bands). */
int med__result_tiered(const med_table *t, const med_result *r);

/* Nonzero when the result is for a patch (a mcg/hr factor). */
int med__result_patch(const med_result *r);

/* Why `b` (under table tb) differs from `a` (under ta); MED_CAUSE_NONE when they agree within
 * the tolerance and have the same status. */
med_cause med__cause_between(const med_table *ta, const med_result *a, const med_table *tb,
                             const med_result *b, const med_tolerance *tol);

/* |a - b| within the tolerance, `reference` being the value relative tolerance is taken of. */
int med__within(const med_tolerance *tol, int64_t reference, int64_t other);

/* A rate factor's value per mcg/hr (a patch-day factor converted with the wear time), for
 * telling patch conventions apart from different factors. Returns -1 when not a patch. */
int med__patch_rate_factor(const med_factor *f, med_q *out);

/* Writes "4 per mg/day", "2.4 per mcg/hr (rate), worn 72 h", "tiers (0, 20] 4; ..." */
void med__describe_entry(const med_factor *f, char *buf, size_t cap);

/* "cdc-2016@1" */
void med__table_name(const med_table *t, char *buf, size_t cap);

#endif
