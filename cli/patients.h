/* medcalc patients and report: reading claims and handing out one patient at a time. */
#ifndef MEDCALC_PATIENTS_H
#define MEDCALC_PATIENTS_H
#include "cli.h"
#include "ndclist.h"

/* Called once per patient, in input order (for input not sorted by patient_id: in order of
 * first appearance). Returns 0 to go on. */
typedef int (*patient_fn)(void *context, med_patient *patient, const med_patient_summary *s);

typedef struct patient_run {
    const options *o;
    med_table *table;
    med_rules *rules;
    med_ndc_list *site_list; /* --ndc-list, loaded once for the run */
    char ndc_lists[NDC_LISTS_TEXT]; /* "; ndc lists id@version sha256:..." consulted, or "" */
    const char *name;        /* input name for messages */
    long records, unattributed; /* data records; records with no usable patient */
    long patients, rejected;
    int grouped;             /* the input was read as a stream, sorted by patient_id */
} patient_run;

/* Loads table and rules, reads the input named by o->args, calls fn for each patient.
 * Returns an exit status (EXIT_OK when every row was usable). */
int for_each_patient(patient_run *run, patient_fn fn, void *context);
void patient_run_free(patient_run *run);

#endif
