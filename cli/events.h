/* medcalc patients and report --events FILE: care events handed to each patient. */
#ifndef MEDCALC_EVENTS_H
#define MEDCALC_EVENTS_H
#include "patients.h"

/* Reads and checks the whole file against run->rules, keeping only where some patients' rows
 * begin (standard input or a pipe, which cannot be read again: its usable rows): a bad row is
 * reported with its line and reason and counted in run->events_rejected. NULL after reporting
 * when it cannot be read. */
events *events_load(patient_run *run, const char *path);
/* The latest date of a usable event ("" for none): the default as-of day may be it. */
const char *events_latest(const events *ev);
/* Once the claims' order is known (claims_grouped: streamed, sorted by patient_id), before the
 * first patient: the events are read alongside the claims when they are in the same order, else
 * into memory. 0, or -1 after reporting. */
int events_prepare(events *ev, int claims_grouped);
/* How they were read, for the summary line ("" before events_prepare). ev may be NULL. */
const char *events_how(const events *ev);
/* Gives patient `id` its events (0, or -1 after reporting). Patients are given in order of
 * their ids when streamed. In memory, safe from several threads for different patients; streamed,
 * each thread gives from its own events_fork(). */
int events_give(events *ev, med_patient *p, const char *id);
/* A thread's own reader of ev (ev itself when the rows are in memory), or NULL out of memory. */
events *events_fork(events *ev);
/* Counts what a fork gave into ev and frees the fork (nothing when fork is ev or NULL). */
void events_join(events *ev, events *fork);
/* Usable events of patients who were not in the claims. */
long events_unmatched(const events *ev);
void events_free(events *ev);

#endif
