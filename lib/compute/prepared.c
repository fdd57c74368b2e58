/* A prepared input: med_compute() cut in two. Reading an input's texts (resolving the drug,
 * the form and unit words, the decimals, the factor entry) is most of a computation; a caller
 * that computes one order many times reads them once here, and each computation is then the
 * exact arithmetic alone. Nothing is cached behind the caller's back: the caller holds the
 * prepared input, and the table stays read-only. */
#include <stdlib.h>

#include "compute/calc_private.h"

struct med_prepared {
    const med_table *table;
    med_method method;
    int readable;     /* the dose was read: compute it; else `read` is the whole result */
    med_dose dose;    /* points into the table only, never into the caller's input */
    med__result read; /* what reading the input left: the method, drug and form, or the
                       * error, excluded or not_opioid result */
};

med_status med_input_prepare(const med_table *table, const med_input *input, med_method method,
                             med_prepared **out)
{
    if (out)
        *out = NULL;
    if (table == NULL || input == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    if (input->version < 1 || input->version > MED_INPUT_VERSION)
        return MED_ERR_VERSION;
    med_prepared *p = malloc(sizeof *p);
    if (p == NULL)
        return MED_ERR_NOMEM;
    p->table = table;
    p->method = method;
    p->readable = med__compute_read(table, input, method, &p->dose, &p->read) == 0;
    *out = p;
    return MED_OK;
}

med_status med_compute_prepared(const med_prepared *prepared, med_result *out)
{
    if (prepared == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    if (!prepared->readable)
        return med__result_publish(&prepared->read, out);
    med__result r;
    med__compute_read_dose(prepared->table, &prepared->dose, prepared->method, &prepared->read,
                           &r);
    return med__result_publish(&r, out);
}

void med_prepared_free(med_prepared *prepared)
{
    free(prepared);
}
