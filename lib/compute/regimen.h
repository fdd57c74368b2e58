/* The regimen grammar, for the parts of the library that read orders and for those that fill
 * a med_regimen's input themselves (product descriptions). Internal. */
#ifndef MED_REGIMEN_H
#define MED_REGIMEN_H
#include "compute/input.h"

/* What a parse read besides the input: the words it read and set aside (a reason, a quantity
 * dispensed, refills, a duration, a brand, a restatement it checked), each with its kind and
 * column, and the daily cap with what decided the daily amount. */
#define MED__REGIMEN_MAX_IGNORED 32
typedef struct med__regimen_notes {
    size_t count;
    struct {
        const char *kind; /* static: "reason", "quantity", "refills", "duration", "route",
                           * "brand", "instruction", "restatement" */
        unsigned column;  /* 1-based */
        unsigned offset;  /* into text */
    } item[MED__REGIMEN_MAX_IGNORED];
    char text[MED_REGIMEN_MAX_TEXT + MED__REGIMEN_MAX_IGNORED + 1];
    size_t used;
    char cap[64];             /* "30 mg/day", "8 tablets/day"; "" without a cap */
    char schedule[64];        /* the schedule's most frequent use, in the cap's unit */
    const char *decided_by;   /* "schedule" or "cap"; "" without a cap */
    char split[192];          /* "10 mg x 1/day + 20 mg x 1/day"; "" unless split */
} med__regimen_notes;

void med__regimen_notes_clear(med__regimen_notes *notes);

/* Parses an order into `out`: med_regimen_parse() without the object. */
med_status med__regimen_parse(const char *text, med__input_buf *out, med_error *error);
/* The same, also filling `notes` (which may be NULL). */
med_status med__regimen_parse_notes(const char *text, med__input_buf *out,
                                    med__regimen_notes *notes, med_error *error);

/* The texts a med_regimen's input points into, for a caller that writes them; call
 * med__regimen_sync() afterwards (it also forgets the notes of an earlier parse). */
med__input_buf *med__regimen_buf(med_regimen *regimen);
void med__regimen_sync(med_regimen *regimen);

#endif
