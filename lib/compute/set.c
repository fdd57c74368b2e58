/* A set computed once and read many times: each input's result and texts and the total, from
 * one computation. Asking med_compute_set_text() for every text of every input computes the
 * whole set each time, which grows with the square of the set's size. */
#include <stdlib.h>

#include "compute/calc_private.h"

struct med_computed_set {
    med__result *results; /* count of them, texts made */
    med__total total;
    size_t count;
};

med_status med_computed_set_new(const med_table *table, const med_input *inputs, size_t count,
                                med_method method, med_computed_set **out)
{
    if (out == NULL)
        return MED_ERR_ARGUMENT;
    *out = NULL;
    if (table == NULL || (count && inputs == NULL))
        return MED_ERR_ARGUMENT;
    med_computed_set *set = malloc(sizeof *set);
    if (set == NULL)
        return MED_ERR_NOMEM;
    set->count = count;
    med_status s = med__set_results(table, inputs, count, method, 0, &set->results,
                                    &set->total);
    if (s != MED_OK) {
        free(set);
        return s;
    }
    *out = set;
    return MED_OK;
}

void med_computed_set_free(med_computed_set *set)
{
    if (set == NULL)
        return;
    free(set->results);
    free(set);
}

size_t med_computed_set_count(const med_computed_set *set)
{
    return set ? set->count : 0;
}

med_status med_computed_set_result(const med_computed_set *set, size_t index, med_result *out)
{
    if (set == NULL || out == NULL || index >= set->count)
        return MED_ERR_ARGUMENT;
    return med__result_publish(&set->results[index], out);
}

med_status med_computed_set_total(const med_computed_set *set, med_total *out)
{
    if (set == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    return med__total_publish(&set->total, out);
}

/* Whether `what` names one of the texts (a value from outside the enum names none). */
static int is_text(med_text what)
{
    return (int)what >= 0 && (int)what < MED__TEXT_COUNT;
}

med_status med_computed_set_text(const med_computed_set *set, size_t index, med_text what,
                                 char *buf, size_t capacity, size_t *length)
{
    size_t n = med__text_out("", buf, capacity);
    med_status s = MED_ERR_ARGUMENT;
    if (set != NULL && index < set->count && is_text(what)) {
        n = med__text_out(med__result_text(&set->results[index], what), buf, capacity);
        s = MED_OK;
    }
    if (length)
        *length = n;
    return s;
}

/* One text of a set computed for it alone. A `what` that names no text gives "" and MED_OK,
 * as it always has here (and as med_compute_text() gives ""). */
med_status med_compute_set_text_checked(const med_table *table, const med_input *inputs,
                                        size_t count, med_method method, size_t index,
                                        med_text what, char *buf, size_t capacity,
                                        size_t *length)
{
    med_computed_set *set = NULL;
    size_t n = med__text_out("", buf, capacity);
    med_status s = index < count ? med_computed_set_new(table, inputs, count, method, &set)
                                 : MED_ERR_ARGUMENT;
    if (s == MED_OK)
        n = med__text_out(med__result_text(&set->results[index], what), buf, capacity);
    med_computed_set_free(set);
    if (length)
        *length = n;
    return s;
}

size_t med_compute_set_text(const med_table *table, const med_input *inputs, size_t count,
                            med_method method, size_t index, med_text what, char *buf,
                            size_t capacity)
{
    size_t n;
    if (med_compute_set_text_checked(table, inputs, count, method, index, what, buf, capacity,
                                     &n) != MED_OK)
        return 0;
    return n;
}
