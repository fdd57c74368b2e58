/* What agree.c needs of columns.c beyond the public med_columns: headers and rows read as
 * claims (ndc, product, a drug column of descriptions), through claims.c. Internal. */
#ifndef MED_COLUMNS_PRIVATE_H
#define MED_COLUMNS_PRIVATE_H
#include "compute/input.h"
#include "med.h"

/* med_columns_new; with `claims` nonzero a header may also name the product by ndc, product or
 * drug alone (descriptions), with quantity and days_supply or a schedule. */
med_status med__columns_new(const char *const *header, size_t count, int claims,
                            med_columns **out, med_error *error);

/* Nonzero when the header has a column named `name` (lowercase). */
int med__columns_has(const med_columns *columns, const char *name);

/* A row of a claims header (med__columns_new with claims) to an input: a regimen as
 * med_columns_input reads it; otherwise what claims.c makes of the ndc, product, drug,
 * strength, unit, form, quantity and days_supply columns under `table` and the NDC lists, with
 * the schedule columns added. `note` (cap bytes) is what our result's message is to begin with
 * (which NDC list decided, or that the columns were used instead), "" for nothing. Errors are
 * located with `line`. */
med_status med__columns_claim_input(const med_columns *columns, const med_table *table,
                                    const med_ndc_list *const *lists, size_t list_count,
                                    const char *const *fields, size_t count, long line,
                                    med__input_buf *in, char *note, size_t cap, med_error *error);

/* med_columns_input() into the library's own input buffer. */
med_status med__columns_input(const med_columns *columns, const char *const *fields,
                              size_t count, long line, med__input_buf *out, med_error *error);

#endif
