/* A table with a fallback: computes as its base table does, except that a factor the base does
 * not have (a drug it lists as absent, or a drug or form it does not list) is taken from the
 * fallback table. Peer calculators fill CDC 2022's gaps (meperidine, levorphanol, transmucosal
 * fentanyl, ...) from another CDC or CMS file silently; here the caller asks for it by name and
 * every result says which table supplied its factor. The joined table is a copy of the base's
 * struct borrowing all its arrays, so every call that takes a table takes it unchanged. */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "tables/table_private.h"

med_status med_table_with_fallback(const med_table *table, const med_table *fallback,
                                   med_table **out, med_error *error)
{
    med__error_clear(error);
    if (out)
        *out = NULL;
    if (table == NULL || fallback == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL,
                         "no table, fallback table or output given");
    if (table->base || fallback->base)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL,
                         "%s already has a fallback table: a fallback is one table deep",
                         table->base ? table->name : fallback->name);
    if (strcmp(table->info.id, fallback->info.id) == 0)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, fallback->info.id,
                         "the fallback table %s is the table itself (%s): name another table "
                         "(see medcalc tables)", fallback->name, table->name);
    med_table *t = malloc(sizeof *t);
    if (t == NULL)
        return med__fail(error, MED_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    *t = *table; /* borrows the base's arena, vocabulary and index: never freed through t */
    t->base = table;
    t->fallback = fallback;
    t->owned[0] = t->owned[1] = NULL;
    *out = t;
    return MED_OK;
}

med_status med_table_load_with_fallback(const char *spec, const char *fallback_spec,
                                        med_table **out, med_error *error)
{
    med_table *base = NULL, *fallback = NULL;
    if (out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no output given");
    *out = NULL;
    med_status s = med_table_load(spec, &base, error);
    if (s != MED_OK || fallback_spec == NULL || fallback_spec[0] == '\0') {
        *out = base;
        return s;
    }
    s = med_table_load(fallback_spec, &fallback, error);
    if (s == MED_OK)
        s = med_table_with_fallback(base, fallback, out, error);
    if (s != MED_OK) {
        med_table_free(fallback);
        med_table_free(base);
        return s;
    }
    (*out)->owned[0] = base;
    (*out)->owned[1] = fallback;
    return MED_OK;
}

const med_table *med_table_get_fallback(const med_table *table)
{
    return table ? table->fallback : NULL;
}
