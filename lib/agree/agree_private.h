/* What the agreement modules (compare.c, agree.c, explain.c, tablediff.c, vectors.c) share:
 * what kind of entry a result was computed with, naming why two results differ, and the
 * tolerance arithmetic on hundredths. Internal. */
#ifndef MED_AGREE_PRIVATE_H
#define MED_AGREE_PRIVATE_H
#include "common/decimal.h"
#include "med.h"
#include "tables/table_private.h"
#include "tables/tableinfo.h"


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



#endif
