/* Which calculator a site runs (fingerprint.c): per row, which combinations of table, method,
 * rounding, tier and patch convention reproduce the reported value; per site, the combination
 * that reproduces the most rows. Internal. */
#ifndef MED_FINGERPRINT_H
#define MED_FINGERPRINT_H
#include <stdint.h>

#include "agree/agree_private.h"

#define MED__FP_MAX_TABLES 17 /* the checker's candidates: embedded tables and the caller's */
#define MED__FP_METHODS 3     /* clinical, supply, auto (clinical for orders, supply for fills) */
#define MED__FP_ROUNDINGS 6    /* med_rounding: of the result (4), of the daily dose (2) */
#define MED__FP_TIERS 3        /* the prescription's dose, cut to whole mg, the patient's total */
#define MED__FP_PATCHES 2      /* the table's, the patch-day factor on the mcg/hr rate */
#define MED__FP_PER_METHOD (MED__FP_ROUNDINGS * MED__FP_TIERS * MED__FP_PATCHES)
#define MED__FP_PER_TABLE (MED__FP_METHODS * MED__FP_PER_METHOD)
#define MED__FP_COMBOS (MED__FP_MAX_TABLES * MED__FP_PER_TABLE)
#define MED__FP_WORDS ((MED__FP_COMBOS + 63) / 64)

typedef struct med__fp_row {
    size_t row;
    long line;
    med_cause cause;
    int changes_decision;
    uint64_t match[MED__FP_WORDS]; /* bit k: combination k reproduces the row */
    uint64_t exact[MED__FP_WORDS]; /* ... to the hundredth */
} med__fp_row;

/* A site's rows and its last fingerprint. */
typedef struct med__fp_site med__fp_site;

/* What a row is checked against. */
typedef struct med__fp_check {
    const med_table *const *tables;
    size_t table_count;
    const med_tolerance *tolerance;
    const med_input *input;   /* NULL: the row could not be read; nothing reproduces it */
    const med__agreement *verdict;
    size_t row;
    long line;
} med__fp_check;

/* Adds the row to the site (created on first use). MED_ERR_NOMEM. */
med_status med__fp_add(med__fp_site **site, const med__fp_check *c);

/* Searches the site's rows; the result is held by the site until its next search or add. */
med_status med__fp_search(med__fp_site *site, const med_table *const *tables, size_t count,
                          const med_agree_site *summary, const med_fingerprint **out);

void med__fp_free(med__fp_site *site);

#endif
