/* Inputs inside the library. The public med_input borrows the caller's strings; the parts of
 * the library that make an input themselves (the regimen parser, product descriptions, the
 * explanation search) keep the texts in a med__input_buf and hand out a med_input that points
 * into it. Internal. */
#ifndef MED_INPUT_H
#define MED_INPUT_H
#include "common/decimal.h"
#include "med.h"

/* Bytes of the short fields a parser writes (numbers, units): longer ones are refused where
 * they are made, with a message. 64 holds an FDA list for four ingredients
 * ("mg/5mL; mg/5mL; mg/5mL; mg/5mL", "320.5; 30; 16"). */
#define MED_UNIT_MAX 64
/* Bytes of a drug or form text a parser writes, with its NUL. */
#define MED_NAME_MAX (MED_INPUT_MAX_TEXT + 1)

typedef struct med__input_buf {
    char drug[MED_NAME_MAX];
    char form[MED_NAME_MAX];
    char strength[MED_UNIT_MAX];
    char unit[MED_UNIT_MAX];
    char units_per_dose[MED_UNIT_MAX];
    char doses_per_day[MED_UNIT_MAX];
    char every_hours[MED_UNIT_MAX];
    char quantity[MED_UNIT_MAX];
    char days_supply[MED_UNIT_MAX];
    int prn;
} med__input_buf;

/* Empties `b`. */
void med__input_buf_clear(med__input_buf *b);

/* A med_input whose texts point into `b` (valid while `b` is). */
med_input med__input_view(const med__input_buf *b);

/* Bits of med__fields.given, one per number field: its text is not empty. */
#define MED__GIVEN_STRENGTH 0x01u
#define MED__GIVEN_UNITS_PER_DOSE 0x02u
#define MED__GIVEN_DOSES_PER_DAY 0x04u
#define MED__GIVEN_EVERY_HOURS 0x08u
#define MED__GIVEN_QUANTITY 0x10u
#define MED__GIVEN_DAYS_SUPPLY 0x20u

/* The caller's input read once, at the door: its texts made safe to read (every one non-NULL,
 * absent is ""), the drug name's length, which number fields were given, and each number field
 * parsed in the pass that measured it. Only lengths are refused here; what a field means (a
 * range, a list of strengths) is the business of the step that uses it, which reads the number
 * and whether it was given from here rather than the text. */
typedef struct med__fields {
    med_input text;
    size_t drug_len;
    unsigned given; /* MED__GIVEN_* */
    /* A number field's value: absent ({0, 0}) unless the whole text is a plain decimal ("10",
     * "7.5"); `given` tells an empty text from one that is no plain number. */
    med_q strength, units_per_dose, doses_per_day, every_hours, quantity, days_supply;
} med__fields;

/* Reads `in` into `out`. Returns MED_ERR_VERSION for a version this library does not know and
 * MED_ERR_LIMIT for a text over MED_INPUT_MAX_TEXT bytes, with `field` naming the first (in
 * the order of med_input). */
med_status med__input_read(const med_input *in, med__fields *out, const char **field);

#endif
