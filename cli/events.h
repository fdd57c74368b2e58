/* medcalc patients and report --events FILE: care events handed to each patient. */
#ifndef MEDCALC_EVENTS_H
#define MEDCALC_EVENTS_H
#include "patients.h"

/* Reads and checks the whole file against run->rules: a bad row is reported with its line and
 * reason and counted in run->events_rejected. NULL after reporting when it cannot be read. */
events *events_load(patient_run *run, const char *path);
/* The latest date of a usable event ("" for none): the default as-of day may be it. */
const char *events_latest(const events *ev);
/* Gives patient `id` its events (0, or -1 out of memory). Safe from several threads for
 * different patients. */
int events_give(events *ev, med_patient *p, const char *id);
/* Usable events of patients who were not in the claims. */
long events_unmatched(const events *ev);
void events_free(events *ev);

#endif
