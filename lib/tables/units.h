/* The one vocabulary of strength units, for every door in (claims columns, product
 * descriptions, regimens, NDC and RxNorm lists): FDA's `mg/1`, `ug/1`, `ug/h`, `mg/5mL`; RxNorm's
 * `MG`, `MG/ML`, `MG/HR`, `MG/ACTUAT`; pharmacy `MCG/HR`, `MCG/SPRAY`; and lists of them
 * (`mg/1; mg/1`). Each is read into a base unit and an exact scale. Internal. */
#ifndef MED_UNITS_H
#define MED_UNITS_H
#include <stddef.h>

#include "common/decimal.h"
#include "tables/table_private.h"

/* What a unit says: a strength s in it is s x scale in `base` (per mL when per_ml is not
 * absent: s x scale in base per per_ml mL). "MG/HR" is mcg/hr with scale 1000; "mg/5 mL" is mg
 * per 5 mL; "MCG/SPRAY", "mg/1", "MG/ACTUAT" are per unit (a spray, a tablet, an actuation). */
typedef struct med_unit_read {
    med_unit base;
    med_q scale;
    med_q per_ml; /* absent (den 0) unless a liquid's */
} med_unit_read;

/* Longest unit text read, in bytes. */
#define MED_UNIT_TEXT_MAX 64

/* Reads one unit (case and spaces aside). 0, or -1 when it is not a unit we know. */
int med__unit_read(const char *text, med_unit_read *out);

/* The number of parts of a list ("325; 10", "10/325", "10-325", "mg/1; mg/1"): parts of a
 * strength are separated by '/', ';' or '-' (between numbers); parts of a unit list by ';'.
 * med__strength_part copies the i-th part of a strength (trimmed) into `buf`; -1 when there is
 * no such part or it does not fit. med__unit_part the same for a unit list. */
int med__strength_parts(const char *strength);
int med__strength_part(const char *strength, int i, char *buf, size_t cap);
int med__unit_parts(const char *unit);
int med__unit_part(const char *unit, int i, char *buf, size_t cap);

#endif
