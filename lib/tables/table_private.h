/* The inside of a loaded med_table: plain arrays, all allocated in the table's arena, never
 * changed after loading (so a table can be shared between threads). Internal. */
#ifndef MED_TABLE_PRIVATE_H
#define MED_TABLE_PRIVATE_H
#include "common/arena.h"
#include "common/decimal.h"
#include "common/strmap.h"
#include "med.h"
#include "tables/vocab.h"

typedef enum { MED_UNIT_MG, MED_UNIT_MCG, MED_UNIT_MCG_HR } med_unit;
typedef enum { MED_PER_DOSE, MED_PER_RATE, MED_PER_PATCH_DAY } med_per;

typedef struct med_tier {
    med_q above;        /* the tier holds daily doses d with above < d <= at_most */
    med_q at_most;      /* absent (den 0): no upper bound */
    const char *above_text, *at_most_text;
    med_q factor;
    const char *factor_text;
    const char *note;
    med_tier_info pub;  /* what med_table_tier() hands out, filled once loaded; results
                         * take the factor's double from it */
} med_tier;

typedef struct med_factor {
    const char *ingredient;
    const char *form;   /* NULL: oral and rectal forms */
    med_unit unit;
    med_per per;
    med_q patch_hours;  /* for patches */
    med_q factor;       /* single factor (absent when tiered) */
    const char *factor_text;
    med_tier *tiers;      /* the table's own: filled while loading */
    size_t tier_count;
    const char *note;
    med_factor_info pub; /* what med_table_factor() hands out, filled once loaded; results
                          * take the factor's double from it */
} med_factor;

typedef struct med_exclusion {
    const char *ingredient, *form, *reason;
    med_exclusion_info pub;
} med_exclusion;

typedef struct med_absence {
    const char *ingredient, *note;
    med_absence_info pub;
} med_absence;

typedef struct med_threshold_rule {
    med_q mme;
    int64_t hundredths;
    const char *mme_text;
    med_comparator comparator;
    const char *level, *note;
    const char *quote, *location;     /* the source's words and where they stand */
    const char *summary, *summarises; /* the table's own words and what they restate */
    const char *source;               /* NULL: the table's source */
    med_threshold pub;                /* what med_table_threshold() hands out, once loaded */
} med_threshold_rule;

/* How a table lists an ingredient in a form: `what` is its factor entry (LISTED), exclusion
 * (EXCLUDED) or absence note (ABSENT); NULL when the table does not list it (UNLISTED). */
typedef enum { MED_LISTED, MED_EXCLUDED, MED_ABSENT, MED_UNLISTED } med_listing_kind;
typedef struct med_listing {
    med_listing_kind kind;
    const void *what;
} med_listing;

/* The first row of each list that names an ingredient; the list's count when none does. */
typedef struct med_ingredient_rows {
    size_t exclusion, factor, absence;
    med_listing oral; /* the ingredient's listing in no form (oral), found when the table loads:
                       * most doses are oral, and then need no search of the rows */
} med_ingredient_rows;

struct med_table {
    med_arena arena;
    med_table_info info;
    char digest[65];
    int tiers_total;     /* tiers chosen by the patient's total daily dose */
    const char *notes;
    med_factor *factors;
    size_t factor_count;
    med_exclusion *exclusions;
    size_t exclusion_count;
    med_absence *absences;
    size_t absence_count;
    med_threshold_rule *thresholds;
    size_t threshold_count;
    med_vocab *vocab;    /* owned */
    med__strmap by_ingredient; /* ingredient -> index into rows (see table_index.c) */
    med_ingredient_rows *rows;
    size_t row_count;
    med_ingredient_rows no_rows; /* an ingredient no list names: every count, UNLISTED */
    /* The same index keyed by the address of the vocabulary's copy of each name, the text a
     * resolved drug points to: a computation finds its rows without hashing the name again.
     * Open addressing, row_key_mask + 1 slots (a power of two, at most half full). */
    struct med_row_key { const char *ingredient; size_t row; } *row_keys;
    size_t row_key_mask;
    /* The same rows by the vocabulary's name a drug was written as (med__vocab_resolve_len's
     * entry): the rows of the ingredient that name resolves to, NULL where it resolves to
     * none. The usual name is found so, without a second lookup of its ingredient. */
    const med_ingredient_rows **entry_rows;
    const char *name;    /* "cdc-2022@1", for the results that name the table a factor came from */
    /* A table with a fallback (fallback.c) is a copy of its base's struct that borrows all of
     * the base's arrays; it frees only itself and the tables it owns. Plain tables: all NULL. */
    const med_table *base;       /* the table it computes as, or NULL */
    const med_table *fallback;   /* where a factor the base lacks is taken from, or NULL */
    med_table *owned[2];         /* base and fallback when it loaded them itself */
};

/* "mg", "mcg", "mcg/hr": inline, as every result names its unit; one load, by the unit's
 * place in med_unit. */
static inline const char *med__unit_name(med_unit unit)
{
    static const char *const NAMES[] = {[MED_UNIT_MG] = "mg", [MED_UNIT_MCG] = "mcg",
                                        [MED_UNIT_MCG_HR] = "mcg/hr"};
    return (unsigned)unit < sizeof NAMES / sizeof NAMES[0] ? NAMES[unit] : "?";
}

/* Fills the public views (pub) of a table just loaded: factors, tiers, exclusions, absences and
 * thresholds. Returns MED_ERR_NOMEM when the arena is full. */
med_status med__table_publish(med_table *t);

/* Builds the ingredient index of a table just read (table_index.c); MED_ERR_NOMEM when out of
 * memory. */
med_status med__table_index(med_table *t);

/* Where the address `ingredient` is (or would go) in t->row_keys (which must exist): a
 * multiplicative hash of the address, then linear probing. */
static inline size_t med__table_row_slot(const med_table *t, const char *ingredient)
{
    size_t i = (size_t)(((uint64_t)(uintptr_t)ingredient * 0x9e3779b97f4a7c15ull) >> 32) &
               t->row_key_mask;
    while (t->row_keys[i].ingredient != NULL && t->row_keys[i].ingredient != ingredient)
        i = (i + 1) & t->row_key_mask;
    return i;
}

/* med__table_rows for a name the row keys do not hold: found by its text. */
const med_ingredient_rows *med__table_rows_by_text(const med_table *t, const char *ingredient);

/* Where `ingredient`'s rows begin in each list (t->no_rows when it names none). A name
 * resolved in this table's vocabulary is found by its address, inline (every computation
 * asks); any other text (a fallback table's lookup of a name resolved in its base's
 * vocabulary) by its bytes. Borrowed from the table. */
static inline const med_ingredient_rows *med__table_rows(const med_table *t,
                                                         const char *ingredient)
{
    size_t i;
    if (t->row_keys && t->row_keys[i = med__table_row_slot(t, ingredient)].ingredient != NULL)
        return &t->rows[t->row_keys[i].row];
    return med__table_rows_by_text(t, ingredient);
}

/* How `t` lists `ingredient` (whose rows are `rows`) in `form` (NULL: oral): the first
 * exclusion that covers the form, else the first factor entry for the form, else the first
 * absence note. Searches the rows; a computation of an oral dose reads rows->oral instead,
 * which this made when the table loaded. */
med_listing med__table_listing(const med_table *t, const med_ingredient_rows *rows,
                               const char *ingredient, const char *form);

#endif
