/* What the library's own users of a med_csv may know of the record it last returned, beyond
 * med_csv_next's fields: internal (med_batch_row_csv keys its memo on the bytes of a record). */
#ifndef MED_CSV_PRIVATE_H
#define MED_CSV_PRIVATE_H
#include <stddef.h>

#include "med.h"

/* The record med_csv_next last returned, as it returned it (fields, *count), or NULL when that
 * call returned no record (an error, the end of the input) or none was made. For a plain
 * record (no field quoted) *end is set to the last field's NUL: the fields then lie one after
 * another in the reader's buffer, each ended by a NUL, from fields[0] to *end. Else *end is
 * NULL. Valid until the next call on the reader. */
const char *const *med__csv_record(const med_csv *csv, size_t *count, const char **end);

#endif
