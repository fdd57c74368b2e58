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

med_status med__table_index(med_table *t)
{
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
    return index_addresses(t);
}

med_ingredient_rows med__table_rows_by_text(const med_table *t, const char *ingredient)
{
    size_t i;
    if (med__strmap_get(&t->by_ingredient, ingredient, &i) == 0)
        return t->rows[i];
    med_ingredient_rows none = {t->exclusion_count, t->factor_count, t->absence_count};
    return none;
}
