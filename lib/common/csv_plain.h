/* The CSV reader's fast path (csv.c): a record with no quote, NUL or CR, split sixteen bytes at
 * a time. Internal. */
#ifndef MED_CSV_PLAIN_H
#define MED_CSV_PLAIN_H
#include <stddef.h>
#include <stdint.h>

/* Where the next quote, NUL and CR of the input lie, as input offsets (the bytes before the
 * buffer plus an offset into it): at[j] is the first at or after an earlier record's start, or
 * to[j] (the end of the input read by then) when there was none. first is the least at[j],
 * and fresh_to the least to[j] of those not found (the input end up to which "none" holds):
 * while a record starts at or before first and the input read ends at or before fresh_to, all
 * three still hold. All zero to begin with. */
typedef struct med__csv_lookout {
    unsigned long long at[3], to[3];
    unsigned long long first, fresh_to;
} med__csv_lookout;

/* What a split found: a plain record's number of fields (at least one), and the offset of its
 * line end (the CR or LF) from its first byte; count 0 when the record is not plain. Returned
 * by value: it comes back in registers, with no pointers to pass and store through. */
typedef struct med__csv_split {
    size_t count, end;
} med__csv_split;

/* Splits the record at buf[start..len) when it is plain: its line feed is in the buffer and
 * the line is not empty and holds no quote, NUL or CR (but a CR just before the line feed).
 * Sets fields[0..count) to its fields in place, each comma made a NUL (the caller puts the last
 * NUL on the line end). Otherwise returns count 0 with the buffer as it was, for the careful
 * scan (which also reports errors); so does a record of nearly MED_CSV_MAX_FIELDS fields or
 * more. `base`: input bytes before buf[0]; records only move forward (start never decreases,
 * as an input offset). fields has MED_CSV_MAX_FIELDS + 1 slots. */
med__csv_split med__csv_split_plain(char *buf, size_t start, size_t len,
                                    unsigned long long base, med__csv_lookout *lookout,
                                    const char **fields);

/* The same split without writing to the buffer: field j starts starts[j] bytes after the
 * record's first byte and ends a byte before starts[j + 1] (starts[count] is end + 1). starts
 * has MED_CSV_MAX_FIELDS + 1 slots. */
med__csv_split med__csv_split_offsets(const char *buf, size_t start, size_t len,
                                      unsigned long long base, med__csv_lookout *lookout,
                                      uint32_t *starts);

/* Copies the `len` bytes of a plain record whose fields were made C strings in place (each
 * comma a NUL), from its first byte, to dst as they were read: each NUL is a comma again (a
 * plain record holds no other NUL). Reads and writes exactly len bytes; dst must not overlap
 * the record. */
void med__csv_plain_text(char *dst, const char *record, size_t len);

#endif
