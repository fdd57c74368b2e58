/* What the agreement modules (compare.c, agree.c, explain.c, tablediff.c, vectors.c) share:
 * what kind of entry a result was computed with, naming why two results differ, and the
 * tolerance arithmetic on hundredths. Internal. */
#ifndef MED_AGREE_PRIVATE_H
#define MED_AGREE_PRIVATE_H
#include "common/decimal.h"
#include "compute/result.h"
#include "med.h"
#include "tables/table_private.h"
#include "tables/tableinfo.h"


/* Nonzero when the entry a result was computed with is tiered (methadone bands). */
int med__result_tiered(const med_table *t, const med__result *r);

/* Nonzero when the result is for a patch (a mcg/hr factor). */
int med__result_patch(const med__result *r);

/* Why `b` (under table tb) differs from `a` (under ta); MED_CAUSE_NONE when they agree within
 * the tolerance and have the same status. */
med_cause med__cause_between(const med_table *ta, const med__result *a, const med_table *tb,
                             const med__result *b, const med_tolerance *tol);

/* Nonzero for NULL or a tolerance of a version this library knows. */
int med__tolerance_version_ok(const med_tolerance *t);

/* |a - b| within the tolerance, `reference` being the value relative tolerance is taken of. */
int med__within(const med_tolerance *tol, int64_t reference, int64_t other);



/* How the reported value reads: a number, nothing, a status word, or none of these. */
typedef enum { REP_NUMBER, REP_NONE, REP_STATUS, REP_BAD } med__reported_kind;

/* Why a REP_BAD value was not read: no plain number, or a plain decimal that is too large for
 * 64-bit hundredths, or one with more digits than are read exactly (med__q_parse's 18). */
typedef enum { REP_BAD_TEXT, REP_BAD_TOO_LARGE, REP_BAD_DIGITS } med__reported_bad;

/* A verdict as the checker makes it: the public med_agreement's numbers with the texts it
 * points to, and our result with its texts. */
typedef struct med__agreement {
    med__result ours;
    const char *table_id;
    const char *table_version;
    char reported[32];
    int reported_value;
    int64_t reported_hundredths;
    char difference[32];
    char relative[32];
    int agrees;
    med_cause cause;
    char explanation[512];
    const char *site;
    med__reported_kind kind;
    med_result_status said; /* for REP_STATUS */
    med__reported_bad bad;  /* for REP_BAD */
    int changes_decision;
    const med_threshold *crossed[MED_MAX_THRESHOLDS];
    size_t crossed_count;
    char thresholds_crossed[MED_MAX_THRESHOLDS * 40];
} med__agreement;

/* Sets out's decision members: the thresholds of `t` (the reference table) one of `ours` and
 * `reported` (hundredths) crosses and the other does not. Nothing is crossed unless both sides
 * have a value (both_valued: a number, or a status that counts as no MME). */
void med__decision(const med_table *t, int both_valued, int64_t ours, int64_t reported,
                   med__agreement *out);

#endif
