/* Where each ingredient's rows begin in a table's lists, built once when the table loads. A
 * computation then starts its search at the first row that can match instead of comparing the
 * name of every row before it; the rows from there on are still compared one by one, so the
 * entry found is the one a scan of the whole list finds. Nothing here changes after loading, so
 * the index is shared between threads like the rest of the table. */
#include <stdint.h>
#include <string.h>

#include "tables/table_private.h"

/* The slot of `ingredient` in the index, added (with every list "none") when new. */
static med_ingredient_rows *slot(med_table *t, const char *ingredient, size_t cap)
{
    size_t i;
    if (med__strmap_get(&t->by_ingredient, ingredient, &i) == 0)
        return &t->rows[i];
    if (t->row_count == cap || med__strmap_put(&t->by_ingredient, ingredient, t->row_count) != 0)
        return NULL;
    med_ingredient_rows *r = &t->rows[t->row_count++];
    r->exclusion = t->exclusion_count;
    r->factor = t->factor_count;
    r->absence = t->absence_count;
    return r;
}

/* The row keys: every ingredient of the index under the address of the vocabulary's copy of
 * its name. */
static med_status index_addresses(med_table *t)
{
    size_t cap = 2;
    while (cap < 2 * t->row_count)
        cap *= 2;
    t->row_keys = med__arena_alloc(&t->arena, cap * sizeof *t->row_keys);
    if (t->row_keys == NULL)
        return MED_ERR_NOMEM;
    memset(t->row_keys, 0, cap * sizeof *t->row_keys);
    t->row_key_mask = cap - 1;
    for (size_t i = 0; i < t->by_ingredient.capacity; i++) {
        const med__strmap_slot *s = &t->by_ingredient.slots[i];
        const char *own = s->key ? med__vocab_ingredient_name(t->vocab, s->key) : NULL;
        if (own == NULL)
            continue; /* not reachable by address: found by its text */
        size_t k = med__table_row_slot(t, own);
        t->row_keys[k].ingredient = own;
        t->row_keys[k].row = s->value;
    }
    return MED_OK;
}

/* The rows of each vocabulary name's ingredient (entry_rows), found once here. */
static med_status index_entries(med_table *t)
{
    size_t count = med__vocab_entry_count(t->vocab);
    t->entry_rows = med__arena_alloc(&t->arena, (count ? count : 1) * sizeof *t->entry_rows);
    if (t->entry_rows == NULL)
        return MED_ERR_NOMEM;
    for (size_t i = 0; i < count; i++) {
        const char *ingredient = med__vocab_entry_ingredient(t->vocab, i);
        t->entry_rows[i] = ingredient ? med__table_rows(t, ingredient) : NULL;
    }
    return MED_OK;
}

/* A row's ingredient is the one asked for: a table's rows point at its vocabulary's copy of
 * the name, as a drug resolved in that vocabulary does, so the row that matches is usually
 * known by its address; a fallback table's rows, from another vocabulary, by their text. */
static int same_ingredient(const char *row, const char *ingredient)
{
    return row == ingredient || strcmp(row, ingredient) == 0;
}

static int same_form(const char *row_form, const char *form)
{
    if (row_form == NULL || form == NULL)
        return row_form == form;
    return strcmp(row_form, form) == 0;
}

med_listing med__table_listing(const med_table *t, const med_ingredient_rows *rows,
                               const char *ingredient, const char *form)
{
    for (size_t i = rows->exclusion; i < t->exclusion_count; i++) {
        const med_exclusion *x = &t->exclusions[i];
        if (same_ingredient(x->ingredient, ingredient) &&
            (x->form == NULL || same_form(x->form, form)))
            return (med_listing){MED_EXCLUDED, x};
    }
    for (size_t i = rows->factor; i < t->factor_count; i++)
        if (same_ingredient(t->factors[i].ingredient, ingredient) &&
            same_form(t->factors[i].form, form))
            return (med_listing){MED_LISTED, &t->factors[i]};
    for (size_t i = rows->absence; i < t->absence_count; i++)
        if (same_ingredient(t->absences[i].ingredient, ingredient))
            return (med_listing){MED_ABSENT, &t->absences[i]};
    return (med_listing){MED_UNLISTED, NULL};
}

/* Each ingredient's oral listing, once its rows are known. */
static void list_oral(med_table *t)
{
    for (size_t i = 0; i < t->by_ingredient.capacity; i++) {
        const med__strmap_slot *s = &t->by_ingredient.slots[i];
        if (s->key != NULL)
            t->rows[s->value].oral = med__table_listing(t, &t->rows[s->value], s->key, NULL);
    }
}

med_status med__table_index(med_table *t)
{
    t->no_rows = (med_ingredient_rows){t->exclusion_count, t->factor_count, t->absence_count,
                                       {MED_UNLISTED, NULL}};
    size_t cap = t->factor_count + t->exclusion_count + t->absence_count;
    t->rows = med__arena_alloc(&t->arena, (cap ? cap : 1) * sizeof *t->rows);
    if (t->rows == NULL)
        return MED_ERR_NOMEM;
    /* Backwards, so the row each list keeps last is its first for the ingredient. */
    for (size_t i = t->exclusion_count; i-- > 0;) {
        med_ingredient_rows *r = slot(t, t->exclusions[i].ingredient, cap);
        if (r == NULL)
            return MED_ERR_NOMEM;
        r->exclusion = i;
    }
    for (size_t i = t->factor_count; i-- > 0;) {
        med_ingredient_rows *r = slot(t, t->factors[i].ingredient, cap);
        if (r == NULL)
            return MED_ERR_NOMEM;
        r->factor = i;
    }
    for (size_t i = t->absence_count; i-- > 0;) {
        med_ingredient_rows *r = slot(t, t->absences[i].ingredient, cap);
        if (r == NULL)
            return MED_ERR_NOMEM;
        r->absence = i;
    }
    list_oral(t);
    med_status s = index_addresses(t);
    return s == MED_OK ? index_entries(t) : s;
}

const med_ingredient_rows *med__table_rows_by_text(const med_table *t, const char *ingredient)
{
    size_t i;
    if (med__strmap_get(&t->by_ingredient, ingredient, &i) == 0)
        return &t->rows[i];
    return &t->no_rows;
}
