/* Reading claims for patients and report (cli/fills.c), shared with its -j N part
 * (cli/fills_threads.c). */
#ifndef MEDCALC_FILLS_PRIVATE_H
#define MEDCALC_FILLS_PRIVATE_H
#include "patients.h"

enum { C_PATIENT, C_DATE, C_DAYS, C_PRESCRIBER, C_PHARMACY, NCOL };

/* Messages of one piece of input (-j N), written to standard error in input order. */
typedef struct text {
    char *d;
    size_t len, cap;
} text;

typedef struct reader {
    patient_run *run;
    FILE *in;
    med_csv *csv;
    med_batch *batch;
    med_patient *patient;
    long col[NCOL];
    long group_col;          /* --group-by's column, or -1 */
    size_t columns;
    patient_fn fn;
    void *context;
    char current[256];       /* the patient being read */
    long current_records;    /* records of that patient so far */
    int warned;              /* about --ndc-list: once, though the input is started again */
    text *err;               /* -j N: a piece's messages, kept to be written in input order */
    const char *const *header; /* the header's fields, just after reader_start() (borrowed) */
    int plain;               /* the input has no quote character: each line is a record */
    size_t thresholds;       /* -j N: the threshold count of the piece's first patient */
    long piece_patients;     /* -j N: patients summarised in the piece so far */
    med_result result;       /* each record's, written over by the next (version 0: not yet
                              * initialised; see add_record) */
    med_patient_summary summary; /* each patient's, written over by the next (version 0: not
                                  * yet initialised; see finish_patient) */
} reader;

/* Reads the header, maps the columns, prepares the batch. -1 when unusable (reported). */
int reader_start(reader *r);

/* Streams sorted records from r->csv: a patient is finished when the next one starts. */
int reader_stream(reader *r);

/* The patient id of one unquoted line: field `col` (commas only); "" when it has fewer. */
size_t plain_field(const char *line, size_t len, long col, const char **field);

/* The quick check reads lines shorter than this (a longer one goes to the full reader). */
#define ORDER_LINE_MAX ((size_t)1 << 20)

/* A new quick check of the order of r's input (med_patient_order): patient ids, and fill dates
 * unless --as-of. NULL when out of memory. */
med_patient_order *order_new(const reader *r);

/* The header line at buf[0..have) (the first line, whatever it holds) for the quick check: its
 * length with its line end; 0 when it does not end in the buffer, unless eof (then the whole
 * buffer); -1 when it has a CR other than just before its line feed (the reader ends a record
 * there, not a line). */
long order_header(const char *buf, size_t have, int eof);

/* Raises `latest` ("" or a date) to the fill date date[0..n) when that is a later date. */
void note_date(char latest[11], const char *date, size_t n);

/* The quick check of the order from the start of r->in, by one thread: 1 sorted, 0 not, -1 use
 * the full reader (a quote, or a line of ORDER_LINE_MAX bytes or more), -2 a read error
 * (reported); run->as_of raised to the latest fill date (unless --as-of). */
int fills_order_plain(reader *r);

/* The same check by `threads` threads, each reading its own spans of the file (a file that is
 * not a regular file is checked by fills_order_plain). */
int fills_order_threads(reader *r, int threads);

/* A patient with the run's options. */
med_status reader_new_patient(patient_run *run, med_patient **out);

/* -j N: reads the input after its header with `threads` readers (input sorted by patient_id,
 * no quote character), patients in input order. 0, or -1 after reporting. */
int fills_stream_threads(reader *r, int threads);

#endif
