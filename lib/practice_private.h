/* The practice and its dashboard (lib/dashboard*.c, lib/attention.c): how they meet. Internal. */
#ifndef MED_PRACTICE_PRIVATE_H
#define MED_PRACTICE_PRIVATE_H
#include "med.h"

typedef struct med__dashboard med__dashboard;

/* practice.c: the dashboard attached to a practice (NULL when off), and its rules. Attaching
 * fails (-1) once a patient was added or the practice is finished. */
med__dashboard *med__practice_dashboard(const med_practice *p);
int med__practice_attach(med_practice *p, med__dashboard *d);
const med_rules *med__practice_rules(const med_practice *p);

/* dashboard.c, called by practice.c: a patient with MME (after the practice counted it), the
 * end (after the practice's groups are final), and release (accepts NULL). */
med_status med__dashboard_add(med__dashboard *d, const med_patient *patient,
                              const med_patient_summary *s);
med_status med__dashboard_finish(med__dashboard *d, const med_practice *p);
void med__dashboard_free(med__dashboard *d);

#endif
