/* One claims row as it arrives (NDC, product description, drug, strength, unit, form, supply) to
 * one result: an NDC found in a list decides the product; a product description or a drug
 * column holding one fills what the columns leave out; whatever disagrees is an error that
 * says so. Used by batch.c and columns.c (agree), and by anything else that reads claims.
 * Internal. */
#ifndef MED_CLAIMS_H
#define MED_CLAIMS_H
#include "compute/input.h"
#include "compute/result.h"
#include "med.h"

/* The row's text fields, already trimmed; "" for a column that is absent or empty. A claim
 * may carry the order's schedule too (an EHR order has both): the method then picks the basis. */
typedef struct med_claim {
    const char *ndc, *product, *drug, *strength, *unit, *form, *quantity, *days_supply;
    const char *units_per_dose, *doses_per_day, *every_hours, *prn;
    const char *route, *substance; /* FDA ROUTENAME and SUBSTANCENAME (claims/fda.h) */
    const char *rxcui; /* an RxNorm code: looked up after the NDC, before the columns */
} med_claim;

/* The bytes of one claims field, trimmed, with its NUL: the most an input field may hold. */
#define MED_CLAIM_FIELD_MAX (MED_INPUT_MAX_TEXT + 1)
/* Fields of a med_claim, in its order: ndc, product, drug, strength, unit, form, quantity,
 * days_supply, units_per_dose, doses_per_day, every_hours, prn, route, substance, rxcui. */
#define MED_CLAIM_FIELDS 15

/* Reads a prn field: "yes", "1", "true", "y", "prn" are as needed; "", "no", "0", "false", "n"
 * are not (any case, surrounding spaces). Returns -1 for anything else. */
int med__claim_prn(const char *text, int *out);

/* A row's claim: the claim's i-th field is the row's field where[cols[i]] (-1: no such column;
 * `where` is the caller's map of its own columns, `cols` its columns in the claim's order);
 * each is trimmed into buf[i]. Returns the i of the first field that does not fit, or -1. */
int med__claim_read(const long *where, const int cols[MED_CLAIM_FIELDS],
                    const char *const *fields, char (*buf)[MED_CLAIM_FIELD_MAX], med_claim *c);
/* The same from the record `csv` last returned (med_csv_field). */
int med__claim_read_csv(const long *where, const int cols[MED_CLAIM_FIELDS], const med_csv *csv,
                        char (*buf)[MED_CLAIM_FIELD_MAX], med_claim *c);

/* What `c` says was dispensed, as an input for med_compute (lists may be NULL when count is 0):
 * an NDC found in a list decides the product, descriptions fill what the columns leave out.
 * Returns 1 when an NDC from a list decided it (`used` filled), 0 when the columns did; either
 * way `in` is ready and `note` is what the result's message is to begin with ("" for nothing).
 * Returns -1 with `failed` an error row when the row is wrong (and says why). */
int med__claim_input(const med_table *table, const med_ndc_list *const *lists, size_t count,
                     const med_claim *c, med__input_buf *in, char *note, size_t cap,
                     med__result *failed, med_ndc_product *used);

/* Puts `note` before the result's own message ("; " between). */
void med__claim_note(med__result *out, const char *note);

/* med__claim_input, then med_compute. Always fills `out` (status error with a message for
 * anything wrong with the row). Returns 1 and fills `used` when an NDC from a list decided the
 * product, else 0. */
int med__claim_compute(const med_table *table, const med_ndc_list *const *lists, size_t count,
                       const med_claim *c, med_method method, med__result *out,
                       med_ndc_product *used);

#endif
