/* Summary measures from a patient's built day series. Internal. */
#ifndef MED_PATIENT_MEASURES_H
#define MED_PATIENT_MEASURES_H
#include "patients/patient_private.h"

/* Fills everything in `out` but the rule results (flags, tier, long_term). */
void med__patient_measures(const med_patient *p, med__patient_summary *out);

#endif
