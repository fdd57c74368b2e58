/* Care events and care gaps of one patient (care.c). Internal. */
#ifndef MED_CARE_PRIVATE_H
#define MED_CARE_PRIVATE_H
#include "patients/patient_private.h"

/* A care gap's state for one patient (med__patient_summary.gap_state). */
enum { MED_GAP_NA, MED_GAP_MET, MED_GAP_OPEN, MED_GAP_UNKNOWN };

/* patient.c: records an event of kind `kind` (an index into the rules' event names) on `day`; -1 when out
 * of memory. */
int med__care_push(med_patient *p, long day, int kind);

/* med_rules_check_event that also gives the event's kind (its index in the rules' event names):
 * a patient's event is checked and then stored by kind, without looking its name up twice. */
med_status med__care_check_event(const med_rules *rules, const char *date, const char *event,
                                 long *day, int *kind, char *why);

/* Sets the summary's care figures (last events, review due, gaps) from the patient's events, its
 * tier, flags, long-term therapy and activity, as of `as_of` (LONG_MIN: none). */
void med__care_apply(const med_patient *p, long as_of, med__patient_summary *s);

/* Nonzero when a computed fill is a naloxone rescue product under the rules. */
int med__care_is_naloxone(const med_rules *r, const med_result *x);

#endif
