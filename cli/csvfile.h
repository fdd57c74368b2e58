/* medcalc: reading a CSV input file with its header, for compare --batch and agree. */
#ifndef MEDCALC_CSVFILE_H
#define MEDCALC_CSVFILE_H
#include <stdio.h>

#include <med.h>

#include "chunks.h"

typedef struct csv_file {
    FILE *in;
    const char *name;  /* the path, or "<stdin>" */
    med_csv *csv;
    char **header;     /* copies of the header fields */
    size_t columns;
    char *kept;        /* csv_file_open_kept: the bytes read with the header */
    size_t kept_len, kept_cap;
    int keep;          /* 1 while the header is read; -1 when they could not all be kept */
} csv_file;

/* Opens `path` ("-" is standard input) and reads its header; reports and returns -1 when the
 * file cannot be read or is empty. */
int csv_file_open(csv_file *f, const char *path);

/* The next record: 1 with fields, 0 at the end, -1 after a read failure (reported). A malformed
 * record returns 1 with *fields NULL and `error` filled, so the caller can report it in place. */
int csv_file_next(csv_file *f, const char *const **fields, size_t *count, long *line,
                  med_error *error);

/* As csv_file_open, keeping the bytes read with the header, so that the records after it can
 * be cut into pieces for threads (csv_file_job). */
int csv_file_open_kept(csv_file *f, const char *path);

/* Fills in job's input (in, name, start, start_len, first_line) for the records after the
 * header; -1 when they cannot be cut (the bytes read with it could not be kept, or the reader
 * cannot say where the data begins): one reader goes on, csv_file_next. */
int csv_file_job(const csv_file *f, chunk_job *job);

/* A reader of one piece (on the thread working on it): `piece` borrows whole's name and header
 * and reads c's records with their own line numbers. -1 when out of memory (reported). Close
 * it with csv_file_close_piece. */
int csv_file_piece(csv_file *piece, const csv_file *whole, chunk *c);
void csv_file_close_piece(csv_file *piece);

void csv_file_close(csv_file *f);

#endif
