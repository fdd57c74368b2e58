/* Quality measures of one patient (quality.c), counted by the practice. Internal. */
#ifndef MED_QUALITY_PRIVATE_H
#define MED_QUALITY_PRIVATE_H
#include <stdint.h>

#include "patients/patient_private.h"

#define MED_QM_FIXED 6 /* new starts 3 and 7 days and ER/LA, long-term 50 and 90 MME, with a
                        * benzo */
#define MED_MAX_MEASURES (MED_QM_FIXED + MED_MAX_CARE_GAPS)
_Static_assert(MED_MAX_MEASURES <= 32, "a patient's measures are the bits of a uint32_t");

/* Measures under these rules: the fixed ones, then one per care gap. */
size_t med__quality_count(const med_rules *r);
const char *med__quality_key(const med_rules *r, size_t i);
/* Label, definition and source of measure `i` into `out` (a care gap's texts are written into
 * the buffers given). */
void med__quality_texts(const med_rules *r, size_t i, med_quality_measure *out, char *label,
                        size_t label_cap, char *definition, size_t def_cap);
/* Which denominators the patient is in (bit i of *den for measure i) and which numerators it
 * meets (bit i of *num, only ever within *den), for the measurement period [from, to] (day
 * numbers). Bits rather than a byte per measure: most patients are in one or two, and the
 * practice counts them by looking at those alone. */
void med__quality_patient(const med_patient *p, const med__patient_summary *s, long from,
                          long to, uint32_t *den, uint32_t *num);
/* The 12 months ending on `as_of`. */
void med__quality_period(long as_of, long *from, long *to);

#endif
