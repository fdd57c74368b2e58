/* Looking inside a loaded table: an ingredient's entry, a patch factor per mcg/hr, entries and
 * tables named as reports print them. Internal. */
#ifndef MED_TABLEINFO_H
#define MED_TABLEINFO_H
#include <stddef.h>

#include "common/decimal.h"
#include "tables/table_private.h"

/* The table's factor entry for an ingredient and form ("oral", NULL and "" all mean oral), or
 * NULL when the table lists none. */
const med_factor *med__table_entry(const med_table *t, const char *ingredient, const char *form);

/* A rate factor's value per mcg/hr (a patch-day factor converted with the wear time), for
 * telling patch conventions apart from different factors. Returns -1 when not a patch. */
int med__patch_rate_factor(const med_factor *f, med_q *out);

/* Writes "4 per mg/day", "2.4 per mcg/hr (rate), worn 72 h", "tiers (0, 20] 4; ..." */
void med__describe_entry(const med_factor *f, char *buf, size_t cap);

/* "cdc-2016@1" */
void med__table_name(const med_table *t, char *buf, size_t cap);

#endif
