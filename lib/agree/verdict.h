/* One row's verdict (verdict.c), for the checker in agree.c. Internal. */
#ifndef MED_AGREE_VERDICT_H
#define MED_AGREE_VERDICT_H
#include "agree/agree_private.h"
#include "agree/explain.h"

/* Reads the other calculator's value into `out` (its text, and its hundredths when a number):
 * a plain decimal, a status word (*said), nothing, or none of these (REP_BAD). */
med__reported_kind med__agree_read_reported(const char *text, med__agreement *out,
                                            med_result_status *said);

/* Our result (x->ours, already in out->ours) against the value read: agrees or not, the cause
 * and its explanation, and the decisions of x->table's thresholds between the two. */
void med__agree_decide(const med_explain *x, med__reported_kind kind, med_result_status said,
                       med__agreement *out);

#endif
