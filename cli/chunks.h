/* medcalc: a CSV input processed by several threads, its output written in input order.
 *
 * The threads take turns reading the input (after the header): on its turn a thread reads the
 * next 128 KiB or so and cuts it at a record boundary into a chunk, then reads the chunk's
 * records with its own reader and writes its rows to memory, while another thread takes the
 * next turn. The thread that finishes the chunk next in input order writes its rows to the
 * run's output, then those of the chunks after it already done: the output is in input order.
 * A bounded ring of chunks keeps memory bounded whatever the input's size.
 *
 * Where records end: a chunk without a quote character ends at its last line feed. A chunk
 * with quotes is scanned record by record under RFC 4180 (a quoted field may hold line ends);
 * at the first record that is not well formed (a stray quote, a quote left open, a NUL byte,
 * a record over the reader's limits) the reader's own recovery decides where the next record
 * starts, so nothing after that point is cut: the rest of the input is read by one reader on
 * the calling thread, once the threads have written everything before it. The output is the
 * same either way. */
#ifndef MEDCALC_CHUNKS_H
#define MEDCALC_CHUNKS_H
#include <stdio.h>

#include "outbuf.h"

typedef struct chunk {
    char *data;        /* whole records (ends after a line feed, or at the end of input); the
                        * chunk's own bytes, which its work may change (read them in place) */
    size_t len;
    FILE *rest;        /* the last piece only: after data, reading goes on from here */
    long first_line;   /* the line data starts on */
    outbuf *out;       /* where the work writes this chunk's rows */
    void *result;      /* the caller's per-chunk tallies, job->result_size bytes, zeroed */
    size_t room;       /* bytes of data that may be written, more than len (one spare byte for
                        * med_csv_new_in_place); 0 when there is a rest */
} chunk;

/* A med_read_fn over a chunk (its data, then its rest). */
size_t chunk_read(void *context, char *buf, size_t capacity, int *failed);

typedef struct chunk_job {
    FILE *in;              /* the input, positioned after `start` */
    const char *name;      /* the input's name, for errors */
    const char *start;     /* bytes already read past the header (they come first) */
    size_t start_len;
    long first_line;       /* the line `start` begins on */
    int threads;
    void **workers;        /* [threads]: each thread's own state for work() */
    /* Reads the chunk's records and writes its rows to c->out; 0, or -1 after reporting. */
    int (*work)(void *worker, chunk *c);
    /* In input order, one chunk at a time, after the chunk's rows are written (by the thread
     * that writes them, a worker): adds its tallies (c->result) to the run's. */
    void (*merge)(void *context, const chunk *c);
    void *context;
    size_t result_size;
    outbuf *out;           /* the run's output */
    /* Optional (NULL: none). cut: where a chunk may end when chunk_cut() says `end`, a record
     * boundary; an earlier record boundary, or 0 when none will do yet (more input is read,
     * as for a long record). patients and report end pieces only where the patient changes. */
    size_t (*cut)(void *context, const char *data, size_t end);
    /* before: in input order, one chunk at a time, just before a chunk's rows are written
     * (by the same thread). */
    void (*before)(void *context, const chunk *c);
    /* release: frees what a chunk's result holds, once for every result at the end (merged or
     * not, so a failed run leaks nothing); merge leaves nothing for it to free. */
    void (*release)(void *result);
} chunk_job;

/* Processes the whole input: 0, or -1 after reporting a failure (rows before it are
 * written). */
int chunks_run(chunk_job *job);

/* Where a chunk may end in data[0..len), which starts at a record boundary: the end of the
 * last record that ends with a line feed, or 0 when there is none. *unsure is set when the
 * scan met a record that is not well formed before that: the returned end is then the last
 * boundary before it, and what follows must be read by one reader. */
size_t chunk_cut(const char *data, size_t len, int *unsure);

#endif
