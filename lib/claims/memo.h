/* Remembered results of a batch: a claims row's result depends only on its claims fields, and
 * extracts repeat the same drug, strength, quantity and days supply over and over, so a batch
 * keeps the results it has computed and copies them for a row it has seen before. The memo
 * belongs to one med_batch (not shared); it is bounded and starts afresh when full. Internal. */
#ifndef MED_MEMO_H
#define MED_MEMO_H
#include <stddef.h>
#include <stdint.h>

#include "compute/result.h"
#include "med.h"

#define MED_MEMO_SLOTS 16384 /* entries kept at most (a power of two) */

typedef struct med_memo med_memo;

med_memo *med__memo_new(void);
void med__memo_free(med_memo *m);

uint64_t med__memo_hash(const char *key, size_t len);

/* Copies the remembered result for `key` into `out` (and the NDC product that decided it);
 * returns 1 when found, 0 when not. */
int med__memo_get(const med_memo *m, const char *key, size_t len, uint64_t hash, med__result *out,
                  int *ndc_used, med_ndc_product *ndc);

/* Remembers a result; quietly does nothing when out of memory (the memo is only a shortcut). */
void med__memo_put(med_memo *m, const char *key, size_t len, uint64_t hash, const med__result *r,
                   int ndc_used, const med_ndc_product *ndc);

#endif
