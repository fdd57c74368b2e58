/* medcalc: reading a CSV input file with its header, for compare --batch and agree. */
#ifndef MEDCALC_CSVFILE_H
#define MEDCALC_CSVFILE_H
#include <stdio.h>

#include <med.h>

typedef struct csv_file {
    FILE *in;
    const char *name;  /* the path, or "<stdin>" */
    med_csv *csv;
    char **header;     /* copies of the header fields */
    size_t columns;
} csv_file;

/* Opens `path` ("-" is standard input) and reads its header; reports and returns -1 when the
 * file cannot be read or is empty. */
int csv_file_open(csv_file *f, const char *path);

/* The next record: 1 with fields, 0 at the end, -1 after a read failure (reported). A malformed
 * record returns 1 with *fields NULL and `error` filled, so the caller can report it in place. */
int csv_file_next(csv_file *f, const char *const **fields, size_t *count, long *line,
                  med_error *error);

void csv_file_close(csv_file *f);

#endif
