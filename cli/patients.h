/* medcalc patients and report: reading claims and handing out one patient at a time. */
#ifndef MEDCALC_PATIENTS_H
#define MEDCALC_PATIENTS_H
#include "cli.h"
#include "ndclist.h"
#include "outbuf.h"

/* Called once per patient, in input order (for input not sorted by patient_id: in order of
 * first appearance). Returns 0 to go on. */
typedef int (*patient_fn)(void *context, med_patient *patient, const med_patient_summary *s);

/* -j N on input sorted by patient_id: the input is cut where the patient changes and each
 * thread hands its patients to its own context. fork makes a thread's context from the
 * command's; target says where it writes the patients of the piece at hand (direct: straight to
 * the run's output, on the calling thread, after every piece before it was written); join, at
 * the end on the calling thread, merges a thread's context into the command's and frees it (0,
 * or -1 after reporting); header, when not NULL, is called on the calling thread just before the
 * first piece with a patient is written, with that first patient's threshold count. */
typedef struct patient_threads {
    void *(*fork)(void *context);
    void (*target)(void *worker, outbuf *out, int direct);
    int (*join)(void *context, void *worker);
    void (*header)(void *context, size_t thresholds);
} patient_threads;

typedef struct patient_run patient_run;
typedef struct events events; /* --events FILE (events.h) */
struct patient_run {
    const options *o;
    med_table *table;
    med_rules *rules;
    site_lists site_list; /* --ndc-list, --rxnorm-list, loaded once for the run */
    char ndc_lists[NDC_LISTS_TEXT]; /* "; ndc lists id@version sha256:..." consulted, or "" */
    const char *name;        /* input name for messages */
    int started;             /* the input's header was read (else no summary: nothing was) */
    long records, unattributed; /* data records; records with no usable patient */
    long patients, rejected;
    int grouped;             /* the input was read as a stream, sorted by patient_id */
    const patient_threads *threads; /* set by the command: how it runs with -j N (NULL: it
                                     * cannot) */
    outbuf *out;             /* the command's output while patients are read, or NULL */
    int parallel;            /* read by several threads (cut where the patient changes) */
    char as_of[11];          /* the as-of day of every patient: --as-of, else the latest fill
                              * date in the input ("" when there is none) */
    /* Called once the as-of day is known, before the first patient (may be NULL): MED_OK to
     * go on, else why not (reported). */
    med_status (*ready)(patient_run *run, void *context);
    events *events;          /* --events FILE, or NULL */
    long events_rows, events_rejected, events_unmatched; /* rows read; refused; of patients
                                                          * not in the claims */
};

/* Loads table and rules, reads the input named by o->args, calls fn for each patient.
 * Returns an exit status (EXIT_OK when every row was usable). */
int for_each_patient(patient_run *run, patient_fn fn, void *context);
void patient_run_free(patient_run *run);

#endif
