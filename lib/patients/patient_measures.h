/* Summary measures from a patient's built day series. Internal. */
#ifndef MED_PATIENT_MEASURES_H
#define MED_PATIENT_MEASURES_H
#include "patients/patient_private.h"

/* Fills everything in `out` but the rule results (flags, tier, long_term). */
void med__patient_measures(const med_patient *p, med__patient_summary *out);

/* The latest opioid fill up to the as-of day `as_of` (s->as_of_used) into last_fill, "" for
 * none, and the opioids whose supply covers that day into drugs: "oxycodone;morphine" (each
 * ingredient once, in order of fill; cut at a whole name when they do not fit), or "". Of the
 * fills as the last summary left them; asked for by the dashboard's attention list only, so
 * not worked out for every patient. */
void med__patient_current(const med_patient *p, long as_of, char drugs[MED_DRUGS_TEXT],
                          char last_fill[11]);

/* attribution.c: the index in p->names of the primary prescriber over the window ending on
 * `as_of` (LONG_MIN: none; then over all fills), or -1 when no fill giving MME names one. */
int med__primary_prescriber(const med_patient *p, long as_of);
/* attribution.c: the index in p->names of the patient's group value (med_fill's group), -1. */
int med__patient_group(const med_patient *p, int primary);

#endif
