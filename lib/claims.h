/* One claims row as it arrives (NDC, product description, drug, strength, unit, form, supply) to
 * one result: an NDC found in a list decides the product; a product description or a drug
 * column holding one fills what the columns leave out; whatever disagrees is an error that
 * says so. Used by batch.c, and by anything else that reads claims. Internal. */
#ifndef MED_CLAIMS_H
#define MED_CLAIMS_H
#include "med.h"

/* The row's text fields, already trimmed; "" for a column that is absent or empty. */
typedef struct med_claim {
    const char *ndc, *product, *drug, *strength, *unit, *form, *quantity, *days_supply;
} med_claim;

/* Computes `c` under `table` with the NDC lists given (lists may be NULL when count is 0).
 * Always fills `out` (status error with a message for anything wrong with the row). Returns 1
 * and fills `used` when an NDC from a list decided the product, else 0. */
int med__claim_compute(const med_table *table, const med_ndc_list *const *lists, size_t count,
                       const med_claim *c, med_method method, med_result *out,
                       med_ndc_product *used);

#endif
