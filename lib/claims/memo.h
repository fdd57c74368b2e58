/* Remembered results of a batch: a claims row's result depends only on its claims fields, and
 * extracts repeat the same drug, strength, quantity and days supply over and over, so a batch
 * keeps the results it has computed and reads them for a row it has seen before. The memo
 * belongs to one med_batch (not shared); it is bounded and starts afresh when full. Internal. */
#ifndef MED_MEMO_H
#define MED_MEMO_H
#include <stddef.h>
#include <stdint.h>

#include "compute/result.h"
#include "med.h"

#define MED_MEMO_SLOTS 16384 /* the table's largest size (a power of two): it keeps at most
                             * half as many entries */

typedef struct med_memo med_memo;

med_memo *med__memo_new(void);
void med__memo_free(med_memo *m);

uint64_t med__memo_hash(const char *key, size_t len);

/* A remembered result (see med__memo_get). */
typedef struct med__memo_entry med__memo_entry;

/* The remembered result for `key`, with *id the id it was remembered with (med__memo_put); or
 * NULL when there is none (*id then 0). It is read in place, through the calls below, and lives
 * until the next med__memo_put. */
const med__memo_entry *med__memo_get(const med_memo *m, const char *key, size_t len,
                                     uint64_t hash, uint64_t *id);
/* The same, hashing the key itself: one call where a caller has no use for the hash (it looks
 * up every row, and puts only on a miss, a rare row that is then hashed again). */
const med__memo_entry *med__memo_lookup(const med_memo *m, const char *key, size_t len,
                                        uint64_t *id);
med_result_status med__memo_status(const med__memo_entry *e);
/* What med__result_publish made of the result: MED_ERR_VERSION for a version this library does
 * not know (nothing written). */
med_status med__memo_publish(const med__memo_entry *e, med_result *out);
/* Its text `what`, as med__result_text gave it. */
const char *med__memo_text(const med__memo_entry *e, med_text what);
const char *med__memo_release(const med__memo_entry *e);
/* 1 and *ndc filled when an NDC product decided the result; else 0 (*ndc not written). */
int med__memo_ndc(const med__memo_entry *e, med_ndc_product *ndc);
/* Its located error: code, column, source, text and message; the line is 0 (the row's own). */
void med__memo_error(const med__memo_entry *e, med_error *out);

/* Remembers a result under `id` (the caller's name for it, see med__memo_id) and returns 1, or
 * returns 0 when out of memory (the memo is only a shortcut: nothing else changes). It may move
 * or free entries: an entry from med__memo_get (which a batch keeps for its row's texts) must
 * not be read after it. */
int med__memo_put(med_memo *m, const char *key, size_t len, uint64_t hash, const med__result *r,
                  int ndc_used, const med_ndc_product *ndc, uint64_t id);

#endif
