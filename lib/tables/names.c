/* Normalising names and looking them up; see names.h. */
#include "common/grow.h"
#include "tables/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"

#define MAX_WORDS 32
#define MAX_TEXT 256

/* A name split into lowercase ASCII words; `removed` marks form and ignored words. */
typedef struct words {
    char buf[MAX_TEXT + 1];
    const char *w[MAX_WORDS];
    int removed[MAX_WORDS];
    int n;
} words;

static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* The table names.h declares: one load per byte of a name as written. A blank is itself (a key
 * separates its words by one), every other byte no part of a key. */
#define LETTER(c) [c] = c, [c - 'a' + 'A'] = c
const unsigned char med__names_key_char[256] = {
    LETTER('a'), LETTER('b'), LETTER('c'), LETTER('d'), LETTER('e'), LETTER('f'), LETTER('g'),
    LETTER('h'), LETTER('i'), LETTER('j'), LETTER('k'), LETTER('l'), LETTER('m'), LETTER('n'),
    LETTER('o'), LETTER('p'), LETTER('q'), LETTER('r'), LETTER('s'), LETTER('t'), LETTER('u'),
    LETTER('v'), LETTER('w'), LETTER('x'), LETTER('y'), LETTER('z'),
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9', [' '] = ' ',
};
#undef LETTER

/* Splits text[0..len) into words; anything but letters and digits separates. -1 if too long. */
static int split(const char *text, size_t len, words *out)
{
    if (len > MAX_TEXT)
        return -1;
    out->n = 0;
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && !is_word_char(lower(text[i])))
            i++;
        if (i >= len)
            break;
        if (out->n == MAX_WORDS)
            return -1;
        out->w[out->n] = out->buf + k;
        out->removed[out->n++] = 0;
        while (i < len && is_word_char(lower(text[i])))
            out->buf[k++] = lower(text[i++]);
        out->buf[k++] = '\0';
    }
    return 0;
}

/* The entry a key names, or NULL. */
static const med_name_entry *find_entry(const med_names *n, const char *key)
{
    size_t i;
    return med__strmap_get(&n->keys, key, &i) == 0 ? n->entries[i] : NULL;
}

/* Most words differ from a list's word in their first byte: that is looked at before a call. */
static int same_word(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

/* Marks every place the phrase's words stand, in a row and not yet taken, as taken. Nonzero when
 * there was one. */
static int take_phrase(const med_form_phrase *ph, words *w)
{
    int took = 0;
    for (int i = 0; i + ph->word_count <= w->n; i++) {
        int match = 1;
        for (int j = 0; j < ph->word_count && match; j++)
            match = !w->removed[i + j] && strcmp(w->w[i + j], ph->words[j]) == 0;
        if (!match)
            continue;
        for (int j = 0; j < ph->word_count; j++)
            w->removed[i + j] = 1;
        took = 1;
    }
    return took;
}

/* The lists (by first byte, see med_names) of the phrases that may match the name: those whose
 * first word starts like one of its words. Each vocabulary name goes through here when a table
 * loads, which is most of a one-off calculation's time: the other phrases are never looked at. */
static int candidate_lists(const med_names *n, const words *w, int heads[MAX_WORDS])
{
    uint64_t seen[4] = {0, 0, 0, 0};
    int lists = 0;
    for (int i = 0; i < w->n; i++) {
        unsigned char c = (unsigned char)w->w[i][0];
        if (seen[c >> 6] >> (c & 63) & 1)
            continue;
        seen[c >> 6] |= (uint64_t)1 << (c & 63);
        if (n->first_phrase[c] >= 0)
            heads[lists++] = n->first_phrase[c];
    }
    return lists;
}

/* Takes the form phrases out of the name's words, trying phrases in the order the vocabulary
 * lists them (that order decides which form a name reports, and a word taken by one phrase is
 * not matched by a later one): the candidate lists are walked together, lowest index first. */
static const char *take_forms(const med_names *n, words *w)
{
    int heads[MAX_WORDS];
    int lists = candidate_lists(n, w, heads);
    const char *form = NULL;
    while (lists > 0) {
        int at = 0;
        for (int k = 1; k < lists; k++)
            if (heads[k] < heads[at])
                at = k;
        const med_form_phrase *ph = &n->phrases[heads[at]];
        heads[at] = ph->next;
        if (heads[at] < 0)
            heads[at] = heads[--lists];
        if (take_phrase(ph, w) && form == NULL)
            form = ph->form;
    }
    return form;
}

static int ignored(const med_names *n, const char *word)
{
    for (size_t i = 0; i < n->ignored_count; i++)
        if (same_word(n->ignored[i], word))
            return 1;
    return 0;
}

/* The lookup key of one name: remaining words joined by single spaces. */
static const char *make_key(const med_names *n, const char *text, size_t len, char *key,
                            size_t cap, const char **form)
{
    words w;
    if (split(text, len, &w) != 0)
        return NULL;
    *form = take_forms(n, &w);
    size_t k = 0;
    key[0] = '\0';
    for (int i = 0; i < w.n; i++) {
        if (w.removed[i] || ignored(n, w.w[i]))
            continue;
        size_t l = strlen(w.w[i]);
        if (k + l + 2 > cap + (k == 0))
            return NULL;
        if (k)
            key[k++] = ' ';
        memcpy(key + k, w.w[i], l + 1);
        k += l;
    }
    return key;
}

med_status med__names_init(med_names *n)
{
    memset(n, 0, sizeof *n);
    for (int c = 0; c < 256; c++)
        n->first_phrase[c] = n->last_phrase[c] = -1;
    return MED_OK;
}

void med__names_free(med_names *n)
{
    med__strmap_free(&n->keys);
    free(n->entries);
    free(n->phrases);
    free(n->ignored);
    memset(n, 0, sizeof *n);
}

med_name_result med__names_finish(med_names *n, med_arena *arena)
{
    (void)n;
    (void)arena;
    return MED_NAMES_OK;
}


med_name_result med__names_add_form(med_names *n, med_arena *arena, const char *form,
                                    const char *phrase)
{
    words w;
    if (split(phrase, strlen(phrase), &w) != 0 || w.n == 0 || w.n > 4)
        return MED_NAMES_BAD;
    void *phrases_grown = med__grow(n->phrases, n->phrase_count, &n->phrase_capacity, sizeof *n->phrases, 16);
    if (phrases_grown == NULL)
        return MED_NAMES_NOMEM;
    n->phrases = phrases_grown;
    med_form_phrase *p = &n->phrases[n->phrase_count];
    p->form = form;
    p->word_count = w.n;
    for (int i = 0; i < w.n; i++)
        if ((p->words[i] = med__arena_strndup(arena, w.w[i], strlen(w.w[i]))) == NULL)
            return MED_NAMES_NOMEM;
    /* appended to its first byte's list, which so stays in the order phrases are added */
    int index = (int)n->phrase_count++;
    unsigned char first = (unsigned char)p->words[0][0];
    p->next = -1;
    if (n->last_phrase[first] >= 0)
        n->phrases[n->last_phrase[first]].next = index;
    else
        n->first_phrase[first] = index;
    n->last_phrase[first] = index;
    return MED_NAMES_OK;
}

med_name_result med__names_add_ignored(med_names *n, med_arena *arena, const char *word)
{
    words w;
    if (split(word, strlen(word), &w) != 0 || w.n != 1)
        return MED_NAMES_BAD;
    void *ignored_grown = med__grow(n->ignored, n->ignored_count, &n->ignored_capacity, sizeof *n->ignored, 16);
    if (ignored_grown == NULL)
        return MED_NAMES_NOMEM;
    n->ignored = ignored_grown;
    const char *copy = med__arena_strndup(arena, w.w[0], strlen(w.w[0]));
    if (copy == NULL)
        return MED_NAMES_NOMEM;
    n->ignored[n->ignored_count++] = copy;
    return MED_NAMES_OK;
}

med_name_result med__names_add(med_names *n, med_arena *arena, const char *name,
                               const med_name_entry *entry)
{
    char key[MAX_TEXT + 1];
    const char *form;
    if (make_key(n, name, strlen(name), key, sizeof key, &form) == NULL)
        return MED_NAMES_BAD;
    if (key[0] == '\0')
        return MED_NAMES_EMPTY;
    const med_name_entry *found = find_entry(n, key);
    if (found)
        return found == entry ? MED_NAMES_OK : MED_NAMES_DUPLICATE;
    const char *copy = med__arena_strndup(arena, key, strlen(key));
    const med_name_entry **entries =
        copy ? med__grow(n->entries, n->entry_count, &n->entry_capacity, sizeof *entries, 16)
             : NULL;
    if (entries == NULL)
        return MED_NAMES_NOMEM;
    n->entries = entries;
    if (med__strmap_put(&n->keys, copy, n->entry_count) != 0)
        return MED_NAMES_NOMEM;
    n->entries[n->entry_count++] = entry;
    return MED_NAMES_OK;
}

int med__names_is_form(const med_names *n, const char *form)
{
    for (size_t i = 0; i < n->phrase_count; i++)
        if (strcmp(n->phrases[i].form, form) == 0)
            return 1;
    return 0;
}

const med_name_entry *med__names_find_ingredient(const med_names *n, const char *ingredient)
{
    char key[MAX_TEXT + 1];
    const char *form;
    if (make_key(n, ingredient, strlen(ingredient), key, sizeof key, &form) == NULL)
        return NULL;
    const med_name_entry *e = find_entry(n, key);
    if (e == NULL || e->ingredient == NULL || strcmp(e->ingredient, ingredient) != 0)
        return NULL;
    return e;
}

const char *med__names_form_of(const med_names *n, const char *text)
{
    words w;
    if (split(text, strlen(text), &w) != 0)
        return NULL;
    if (w.n == 0)
        return "";
    const char *form = take_forms(n, &w);
    for (int i = 0; i < w.n; i++)
        if (!w.removed[i] && !ignored(n, w.w[i]))
            return NULL;
    return form ? form : "";
}

/* Product descriptions carry words no phrase names ("72HR", pack sizes): those are skipped. */
const char *med__names_find_form(const med_names *n, const char *text)
{
    words w;
    if (split(text, strlen(text), &w) != 0)
        return NULL;
    return take_forms(n, &w);
}

/* Exposed for the resolver: the key of `text` and the entry it names (NULL if none). */
const med_name_entry *med__names_lookup(const med_names *n, const char *text, size_t len,
                                        char *key, size_t cap, const char **form, int *too_long)
{
    size_t at;
    if (med__names_as_written(n, text, len, key, cap, &at) == MED_AS_WRITTEN_FOUND) {
        *form = NULL;
        *too_long = 0;
        return n->entries[at];
    }
    return med__names_lookup_key(n, text, len, key, cap, form, too_long);
}

const med_name_entry *med__names_lookup_key(const med_names *n, const char *text, size_t len,
                                            char *key, size_t cap, const char **form,
                                            int *too_long)
{
    *form = NULL;
    *too_long = 0;
    if (make_key(n, text, len, key, cap, form) == NULL) {
        key[0] = '\0';
        *too_long = 1;
        return NULL;
    }
    return find_entry(n, key);
}
