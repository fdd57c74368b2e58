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

/* A remembered result (see med__memo_get). */
typedef struct med__memo_entry med__memo_entry;

/* Copies the remembered result for `key` into `out` (and the NDC product that decided it) and
 * returns it, or returns NULL when there is none. Copied are the numbers and the texts every
 * row is asked for; the arithmetic and the error's source, text and message are left empty:
 * med__memo_arithmetic and med__memo_error give them on request, from the entry, which lives
 * until the next med__memo_put. */
const med__memo_entry *med__memo_get(const med_memo *m, const char *key, size_t len,
                                     uint64_t hash, med__result *out, int *ndc_used,
                                     med_ndc_product *ndc);
/* The id it was remembered with (med__memo_put). */
uint64_t med__memo_id(const med__memo_entry *e);
const char *med__memo_arithmetic(const med__memo_entry *e);
/* Fills the error's source, text and message (its code, line and column are in the result). */
void med__memo_error(const med__memo_entry *e, med_error *out);

/* Remembers a result under `id` (the caller's name for it, see med__memo_id) and returns 1, or
 * returns 0 when out of memory (the memo is only a shortcut: nothing else changes). It may move
 * or free entries: an entry from med__memo_get (which a batch keeps for its row's texts) must
 * not be read after it. */
int med__memo_put(med_memo *m, const char *key, size_t len, uint64_t hash, const med__result *r,
                  int ndc_used, const med_ndc_product *ndc, uint64_t id);

#endif
