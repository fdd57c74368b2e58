/* The name index behind the vocabulary: normalising text into a lookup key (dropping salts and
 * release words, taking out form words) and finding what a key names. Internal. */
#ifndef MED_NAMES_H
#define MED_NAMES_H
#include <stddef.h>

#include "common/arena.h"
#include "common/strmap.h"
#include "tables/vocab.h"

typedef struct med_name_entry med_name_entry;
struct med_name_entry {
    const char *ingredient; /* set for ingredients (canonical name); NULL for products */
    const char *drug_class; /* ingredients only */
    const char *form;       /* products: the form the brand implies, or NULL */
    const med_name_entry *components[MED_MAX_COMPONENTS]; /* ingredients, in strength order */
    int component_count;
};

typedef enum {
    MED_NAMES_OK,
    MED_NAMES_NOMEM,
    MED_NAMES_EMPTY,     /* the name is nothing but form or ignored words */
    MED_NAMES_DUPLICATE, /* the key already names something */
    MED_NAMES_BAD        /* not usable (too long, no letters) */
} med_name_result;

typedef struct med_form_phrase {
    const char *form;
    const char *words[4];
    int word_count;
    int next; /* the next phrase whose first word starts with the same byte, or -1 */
} med_form_phrase;

typedef struct med_names {
    med__strmap keys;     /* a name's key (in the arena) -> index into entries */
    const med_name_entry **entries;
    size_t entry_count, entry_capacity;
    med_form_phrase *phrases;
    size_t phrase_count, phrase_capacity;
    /* By the first byte of a phrase's first word: the first and last such phrase, or -1. */
    int first_phrase[256], last_phrase[256];
    const char **ignored;
    size_t ignored_count, ignored_capacity;
    /* Per entry (same index), made by med__names_resolve_all: what a text that is the entry's key
     * as written resolves to, ingredient NULL where that is an error. In the arena. */
    med_resolved *whole;
    size_t whole_count;   /* entries resolved there (names added later are not) */
} med_names;

med_status med__names_init(med_names *n);
void med__names_free(med_names *n);
med_name_result med__names_finish(med_names *n, med_arena *arena);

med_name_result med__names_add_form(med_names *n, med_arena *arena, const char *form,
                                    const char *phrase);
med_name_result med__names_add_ignored(med_names *n, med_arena *arena, const char *word);
med_name_result med__names_add(med_names *n, med_arena *arena, const char *name,
                               const med_name_entry *entry);

int med__names_is_form(const med_names *n, const char *form);
const med_name_entry *med__names_find_ingredient(const med_names *n, const char *ingredient);
const char *med__names_form_of(const med_names *n, const char *text);
/* The form the first matching phrase names anywhere in `text`, other words ignored; NULL if none. */
const char *med__names_find_form(const med_names *n, const char *text);
/* The entry `text[0..len)` names, or NULL; `key` receives its normalised key, `form` the form
 * its words named; *too_long is set (and key is "") when the text has too many words. */
const med_name_entry *med__names_lookup(const med_names *n, const char *text, size_t len,
                                        char *key, size_t cap, const char **form, int *too_long);
/* The same by the normalised key alone, for a caller that has found med__names_as_written
 * to miss. */
const med_name_entry *med__names_lookup_key(const med_names *n, const char *text, size_t len,
                                            char *key, size_t cap, const char **form,
                                            int *too_long);
#define MED_NAMES_KEY_MAX 257

/* A truncated name ("HYDROCODON", "OXYCOD", pharmacy and PDMP spellings): the names whose key
 * begins with the key of `text`, when that key has at least 3 letters and names nothing itself.
 * Returns how many different ingredient sets they name (0 for none: names of one ingredient,
 * such as morphine and its brands, are one); *first is the shortest such name, and `list`
 * (cap bytes) the first few, comma-separated, for an error about an ambiguous one. */
int med__names_complete(const med_names *n, const char *text, const char **first, char *list,
                        size_t cap);

med_status med__names_resolve(const med_names *n, const char *text, med_resolved *out,
                              med_error *error);
/* What `e` alone resolves to (a text naming just it, with no form words): MED_OK, or the status
 * of the error resolving it would give. For med__names_resolve_all. */
med_status med__names_resolve_entry(const med_name_entry *e, med_resolved *out);
/* Resolves every entry once into n->whole (after the last name is added), so a name written
 * as its key resolves with one lookup. */
med_name_result med__names_resolve_all(med_names *n, med_arena *arena);

/* How a text looks up as written (lowercased, no normalising), for med__names_as_written. */
typedef enum {
    MED_AS_WRITTEN_NOT_A_KEY, /* it needs normalising (salt or form words, punctuation) */
    MED_AS_WRITTEN_UNKNOWN,   /* it is written as a key, but no name has that key */
    MED_AS_WRITTEN_FOUND      /* *at is its entry's index */
} med_as_written;

/* What each byte is in a key: its lowercase for a letter or digit, ' ' for a blank, '\0' for
 * any other byte. */
extern const unsigned char med__names_key_char[256];

/* Most names arrive already as a key ("oxycodone", "OxyContin"): lowercased into `key` (cap
 * bytes), they can be looked up at once. Keys hold no form or ignored words, so a hit needs no
 * normalising. Inline: every computation resolves a name, and most are written this way. */
static inline med_as_written med__names_as_written(const med_names *n, const char *text,
                                                   size_t len, char *key, size_t cap, size_t *at)
{
    if (len >= cap || len == 0)
        return MED_AS_WRITTEN_NOT_A_KEY;
    uint64_t hash = MED__STRHASH_SEED; /* hashed as it is written: one pass over the text */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = med__names_key_char[(unsigned char)text[i]];
        /* one compare finds both: a byte no key holds, and a blank (not first, not doubled) */
        if (c <= ' ' && (c == '\0' || i == 0 || key[i - 1] == ' '))
            return MED_AS_WRITTEN_NOT_A_KEY;
        key[i] = (char)c;
        hash = med__strhash_step(hash, c);
    }
    if (key[len - 1] == ' ')
        return MED_AS_WRITTEN_NOT_A_KEY;
    key[len] = '\0';
    return med__strmap_get_hashed(&n->keys, key, len, hash, at) == 0 ? MED_AS_WRITTEN_FOUND
                                                                      : MED_AS_WRITTEN_UNKNOWN;
}
/* The same, and the canonical names of all its ingredients in print order (`names` holds
 * MED_MAX_COMPONENTS pointers; out->component_count of them are set). */
med_status med__names_resolve_parts(const med_names *n, const char *text, med_resolved *out,
                                    const char **names, med_error *error);
/* The same for a text whose length (strlen) the caller has measured; *entry is the index of
 * the entry (below n->whole_count) whose key the text is written as, when that is how it
 * resolved, else MED_VOCAB_NO_ENTRY. */
med_status med__names_resolve_len(const med_names *n, const char *text, size_t len,
                                  med_resolved *out, const char **names, size_t *entry,
                                  med_error *error);

#endif
