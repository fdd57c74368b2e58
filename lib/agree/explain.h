/* The explanation search of med_agree (explain.c). Internal. */
#ifndef MED_EXPLAIN_H
#define MED_EXPLAIN_H
#include "compute/result.h"
#include "med.h"

typedef struct med_explain {
    const med_table *const *candidates; /* tables tried besides ours */
    size_t candidate_count;
    const med_tolerance *tolerance;
    const med_table *table;             /* ours */
    const med_input *input;
    const med__result *ours;             /* status OK for med__explain() */
    int64_t reported;                   /* hundredths */
} med_explain;

/* Finds what reproduces x->reported and says so in `text`; sets the cause. */
void med__explain(const med_explain *x, med_cause *cause, char *text, size_t cap);

/* Comma-separated names of candidate tables whose result has status `want` (for errors: no
 * factor only), under our method. */
void med__tables_without_value(const med_explain *x, med_result_status want, char *names,
                               size_t cap);

/* Comma-separated "id@version (method)" of candidate tables reproducing x->reported. */
void med__tables_reproducing(const med_explain *x, char *names, size_t cap);

#endif
