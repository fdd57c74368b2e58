/* The regimen grammar, for the parts of the library that read orders and for those that fill
 * a med_regimen's input themselves (product descriptions). Internal. */
#ifndef MED_REGIMEN_H
#define MED_REGIMEN_H
#include "compute/input.h"

/* Parses an order into `out`: med_regimen_parse() without the object. */
med_status med__regimen_parse(const char *text, med__input_buf *out, med_error *error);

/* The texts a med_regimen's input points into, for a caller that writes them; call
 * med__regimen_sync() afterwards. */
med__input_buf *med__regimen_buf(med_regimen *regimen);
void med__regimen_sync(med_regimen *regimen);

#endif
