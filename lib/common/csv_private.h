/* What the library's own users of a med_csv may know of the record it last returned, beyond
 * its fields: internal (med_batch_row_csv keys its memo on the bytes of a record). */
#ifndef MED_CSV_PRIVATE_H
#define MED_CSV_PRIVATE_H
#include <stddef.h>

#include "med.h"

/* The number of fields of the record med_csv_next or med_csv_next_record last returned (read
 * them with med_csv_field), or 0 when that call returned no record (an error, the end of the
 * input) or none was made. */
size_t med__csv_count(const med_csv *csv);

/* When that record had no quoted field, the bytes from the start of field `first` to the end
 * of field `last` (first <= last < count): its fields lie one after another in the reader's
 * buffer, one separator byte apart (a comma, or a NUL where med_csv_next made them C strings),
 * and hold no comma. {NULL, 0} for a record with a quoted field, or no record. Valid until the
 * next call on the reader. */
med_csv_span med__csv_plain_span(const med_csv *csv, size_t first, size_t last);

#endif
