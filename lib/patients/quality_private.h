/* Quality measures of one patient (quality.c), counted by the practice. Internal. */
#ifndef MED_QUALITY_PRIVATE_H
#define MED_QUALITY_PRIVATE_H
#include "patients/patient_private.h"

#define MED_QM_FIXED 6 /* new starts 3 and 7 days and ER/LA, long-term 50 and 90 MME, with a
                        * benzo */
#define MED_MAX_MEASURES (MED_QM_FIXED + MED_MAX_CARE_GAPS)

/* Measures under these rules: the fixed ones, then one per care gap. */
size_t med__quality_count(const med_rules *r);
const char *med__quality_key(const med_rules *r, size_t i);
/* Label, definition and source of measure `i` into `out` (a care gap's texts are written into
 * the buffers given). */
void med__quality_texts(const med_rules *r, size_t i, med_quality_measure *out, char *label,
                        size_t label_cap, char *definition, size_t def_cap);
/* Which denominators (den[i] = 1) and numerators the patient is in, for the measurement period
 * [from, to] (day numbers). */
void med__quality_patient(const med_patient *p, const med__patient_summary *s, long from,
                          long to, unsigned char *den, unsigned char *num);
/* The 12 months ending on `as_of`. */
void med__quality_period(long as_of, long *from, long *to);

#endif
