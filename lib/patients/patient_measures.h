/* Summary measures from a patient's built day series. Internal. */
#ifndef MED_PATIENT_MEASURES_H
#define MED_PATIENT_MEASURES_H
#include "patients/patient_private.h"

/* Fills everything in `out` but the rule results (flags, tier, long_term). */
void med__patient_measures(const med_patient *p, med__patient_summary *out);

/* attribution.c: the index in p->names of the primary prescriber over the window ending on
 * `as_of` (LONG_MIN: none; then over all fills), or -1 when no fill giving MME names one. */
int med__primary_prescriber(const med_patient *p, long as_of);
/* attribution.c: the index in p->names of the patient's group value (med_fill's group), -1. */
int med__patient_group(const med_patient *p, int primary);

#endif
