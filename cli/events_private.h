/* --events FILE (cli/events.c), shared with the reader that walks the file alongside the
 * claims (cli/events_stream.c). */
#ifndef MEDCALC_EVENTS_PRIVATE_H
#define MEDCALC_EVENTS_PRIVATE_H
#include "events.h"

typedef struct event_row {
    char *id;          /* id, date and event, each NUL-terminated, one after another */
    const char *date, *event;
    long line;
} event_row;

/* Where the rows of patient `id` begin in the file: a reader started there with med_csv_new_at
 * at `line` reads the rows of `id` and later patients. */
typedef struct event_mark {
    char *id;
    unsigned long long offset;
    long line;
} event_mark;

struct events {
    /* the file and what its first reading found (a fork borrows its parent's) */
    events *parent;          /* a fork (events_fork): the events it reads for one thread */
    char *path;
    const med_rules *rules;
    int col[3];              /* patient_id, date, event */
    int keep;                /* 1 standard input, 2 a pipe: its rows kept in the first and only
                              * reading (it cannot be read again) */
    int sorted;              /* the usable rows' patient ids never decrease */
    int seekable;            /* where the data begins is known (data_offset, data_line) */
    unsigned long long data_offset;
    long data_line;
    long usable;             /* rows given to patients or of patients with no claims */
    char latest[11];         /* the latest date of a usable row */
    char last[256];          /* the patient id of the last usable row (the order check) */
    event_mark *marks;       /* while sorted: a mark every ~256 KiB, in file order */
    size_t mark_count, mark_capacity;
    /* how they are handed out (events_prepare) */
    int streamed;            /* 1: walked alongside the claims; 0: rows in memory */
    const char *how;         /* for the summary line */
    event_row *rows;         /* in memory: sorted by patient, then line */
    size_t count, capacity;
    unsigned char *used;     /* per row: its patient was in the claims */
    /* streamed: this reader's place in the file */
    long given;              /* rows given to patients by this reader */
    FILE *in;
    med_csv *csv;
    int pending;             /* the row below is read and not yet given */
    int at_end;
    const char *p_id, *p_date, *p_event;
    int gave;                /* a patient was given its rows; last_given names it */
    char last_given[256];
};

/* Copies patient id `id` into `to` (256 bytes), cut to 255 bytes as snprintf would cut it: it
 * runs once a patient in each reading of the file, where a "%s" format costs some 600
 * instructions. */
void events_copy_id(char to[256], const char *id);

/* A record of the file that a patient can be given: 1 with its id, date and event; 0 with the
 * reason in why (256 bytes) when it is not. */
int events_row_ok(const events *ev, const char *const *fields, size_t n, const char **id,
                  const char **date, const char **event, char *why);

/* Streamed: gives patient `id` its rows, reading on from where the last patient's ended (or
 * from a mark, or the start, when `id` is not after it). 0, or -1 after reporting. */
int events_stream_give(events *ev, med_patient *p, const char *id);
void events_stream_close(events *ev);

#endif
