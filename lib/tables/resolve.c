/* Resolving a drug name: a whole name first ("Tylenol w/ codeine"), then the parts of a
 * combination ("hydrocodone/apap") one by one; unknown names get the nearest known name. */
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "common/text.h"
#include "tables/names.h"

typedef struct parts {
    const med_name_entry *items[MED_MAX_COMPONENTS];
    int count;
    const char *form;
} parts;

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* Edit distance, for "did you mean", when it is at most `bound`; else bound + 1. Keys are short
 * (at most 256 bytes). Only names within the bound can be suggested, so a name whose length
 * differs by more is not compared at all, and the rows stop once a whole row is over the bound
 * (the least value of a row never falls in the rows after it). */
static size_t distance_within(const char *a, const char *b, size_t bound)
{
    size_t la = strlen(a), lb = strlen(b), row[MED_NAMES_KEY_MAX + 1];
    if (lb > MED_NAMES_KEY_MAX || (la > lb ? la - lb : lb - la) > bound)
        return bound + 1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], least;
        least = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            row[j] = min3(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1]));
            diag = up;
            if (row[j] < least)
                least = row[j];
        }
        if (least > bound)
            return bound + 1;
    }
    return row[lb] <= bound ? row[lb] : bound + 1;
}

/* The known name nearest `key` (the first in byte order of those as near), when it is near
 * enough to suggest. */
static const char *nearest(const med_names *n, const char *key)
{
    size_t len = strlen(key);
    size_t allowed = len / 3 > 1 ? len / 3 : 1; /* "foo" is not a misspelt "cod" */
    const char *best = NULL;
    size_t best_d = allowed; /* nothing further is suggested */
    for (size_t i = 0; i < n->keys.capacity; i++) {
        const char *k = n->keys.slots[i].key;
        if (k == NULL)
            continue;
        size_t d = distance_within(key, k, best_d);
        if (d > best_d)
            continue;
        if (best == NULL || d < best_d || strcmp(k, best) < 0) {
            best_d = d;
            best = k;
        }
    }
    return best;
}

static med_status unknown(const med_names *n, const char *text, const char *key, med_error *e)
{
    if (e == NULL) /* the caller wants no message: no nearest name to look for */
        return MED_ERR_NOT_FOUND;
    if (key[0] == '\0')
        return med__fail(e, MED_ERR_NOT_FOUND, "<drug>", 0, 0, text,
                         "no drug name in '%s': expected an ingredient or brand such as "
                         "'oxycodone' or 'Percocet'", text);
    const char *near = nearest(n, key);
    if (near)
        return med__fail(e, MED_ERR_NOT_FOUND, "<drug>", 0, 0, text,
                         "unknown drug '%s'; did you mean '%s'?", key, near);
    return med__fail(e, MED_ERR_NOT_FOUND, "<drug>", 0, 0, text,
                     "unknown drug '%s': not an ingredient or brand in the vocabulary", key);
}

/* Two entries that name the same ingredients (a brand of one ingredient names it). */
static int same_ingredients(const med_name_entry *a, const med_name_entry *b)
{
    if (a->component_count != b->component_count)
        return 0;
    for (int i = 0; i < a->component_count; i++)
        if (a->components[i] != b->components[i])
            return 0;
    return 1;
}

int med__names_complete(const med_names *n, const char *text, const char **first, char *list,
                        size_t cap)
{
    char key[MED_NAMES_KEY_MAX];
    const char *form;
    int too_long, distinct = 0;
    const med_name_entry *seen[8];
    size_t k = 0;
    *first = NULL;
    if (cap)
        list[0] = '\0';
    if (med__names_lookup(n, text, strlen(text), key, sizeof key, &form, &too_long) != NULL ||
        strlen(key) < 3)
        return 0;
    size_t len = strlen(key);
    for (size_t i = 0; i < n->keys.capacity; i++) {
        const char *name = n->keys.slots[i].key;
        if (name == NULL || strncmp(name, key, len) != 0)
            continue;
        const med_name_entry *e = n->entries[n->keys.slots[i].value];
        int known = 0;
        for (int j = 0; j < distinct && j < 8 && !known; j++)
            known = same_ingredients(seen[j], e);
        if (!known) {
            if (distinct < 8)
                seen[distinct] = e;
            distinct++;
            if (k < cap)
                k += (size_t)snprintf(list + k, cap - k, "%s%s", k ? ", " : "", name);
        }
        if (*first == NULL || strlen(name) < strlen(*first) ||
            (strlen(name) == strlen(*first) && strcmp(name, *first) < 0))
            *first = name;
    }
    return distinct;
}

/* Adds an entry's ingredients (a product brings its components) to the parts. */
static med_status add_entry(parts *p, const med_name_entry *e, const char *form, const char *text,
                            med_error *err)
{
    if (p->form == NULL)
        p->form = form ? form : e->form;
    for (int i = 0; i < e->component_count; i++) {
        int seen = 0;
        for (int j = 0; j < p->count; j++)
            seen |= p->items[j] == e->components[i];
        if (seen)
            continue; /* two salts of one ingredient ("oxycodone hcl/oxycodone terephthalate") */
        if (p->count == MED_MAX_COMPONENTS)
            return med__fail(err, MED_ERR_INVALID, "<drug>", 0, 0, text,
                             "too many ingredients in '%s' (at most %d)", text,
                             MED_MAX_COMPONENTS);
        p->items[p->count++] = e->components[i];
    }
    return MED_OK;
}

/* The word at text[i] (case aside) is `w` (lowercase) standing alone. */
static int word_at(const char *text, size_t len, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > len || (i > 0 && med__ascii_alnum(text[i - 1])) || (i + k < len && med__ascii_alnum(text[i + k])))
        return 0;
    for (size_t j = 0; j < k; j++)
        if ((char)(text[i + j] | 0x20) != w[j])
            return 0;
    return 1;
}

/* `text` with the ways lists join ingredients (';', ',', '&', '+', the words AND and WITH)
 * written as '/'; 0 when it has none of them nor '/' or '-', so is no combination. */
static int connectors_as_slash(const char *text, size_t len, char *out)
{
    size_t k = 0;
    int found = 0;
    for (size_t i = 0; i < len && k + 1 < MED_NAMES_KEY_MAX; i++) {
        size_t skip = word_at(text, len, i, "and") ? 3 : word_at(text, len, i, "with") ? 4 : 0;
        if (skip || strchr(";,&+/-", text[i])) {
            out[k++] = '/';
            found = 1;
            i += skip ? skip - 1 : 0;
        } else {
            out[k++] = text[i];
        }
    }
    out[k] = '\0';
    return found;
}

/* The parts `text` (len bytes, at most 256) names; `written` is how it looked up as written,
 * so a miss there is not looked up again. */
static med_status collect(const med_names *n, const char *text, size_t len, med_as_written written,
                          parts *p, med_error *err)
{
    char key[MED_NAMES_KEY_MAX];
    const char *form;
    int too_long;
    const med_name_entry *e =
        written == MED_AS_WRITTEN_UNKNOWN
            ? med__names_lookup_key(n, text, len, key, sizeof key, &form, &too_long)
            : med__names_lookup(n, text, len, key, sizeof key, &form, &too_long);
    if (e)
        return add_entry(p, e, form, text, err);
    if (too_long)
        return med__fail(err, MED_ERR_LIMIT, "<drug>", 0, 0, text,
                         "drug name has too many words (at most 32)");
    /* A combination: "hydrocodone/apap", or as claims write it, "HYDROCODONE-ACETAMINOPHEN",
     * "ACETAMINOPHEN; CODEINE PHOSPHATE", "HYDROCODONE BITARTRATE AND ACETAMINOPHEN". */
    char joined[MED_NAMES_KEY_MAX];
    if (!connectors_as_slash(text, len, joined))
        return unknown(n, text, key, err);
    const char *whole = text;
    text = joined;
    len = strlen(joined);
    for (const char *part = text; part <= text + len;) {
        const char *end = strpbrk(part, "/-");
        if (end == NULL)
            end = text + len;
        int empty = 1; /* "ASPIRIN, CAFFEINE, AND CODEINE": nothing between ',' and AND */
        for (const char *c = part; c < end && empty; c++)
            empty = !med__ascii_alnum(*c);
        if (empty) {
            part = end + 1;
            continue;
        }
        e = med__names_lookup(n, part, (size_t)(end - part), key, sizeof key, &form, &too_long);
        if (e == NULL)
            return unknown(n, whole, key, err);
        med_status s = add_entry(p, e, form, whole, err);
        if (s != MED_OK)
            return s;
        part = end + 1;
    }
    return p->count ? MED_OK : unknown(n, whole, "", err); /* "/": no part names anything */
}

/* The part that names a product without opioid: a benzodiazepine or gabapentinoid part wins,
 * since those are what co-prescribing checks look for. */
static int non_opioid_part(const parts *p)
{
    for (int i = 0; i < p->count; i++)
        if (strcmp(p->items[i]->drug_class, "benzodiazepine") == 0 ||
            strcmp(p->items[i]->drug_class, "gabapentinoid") == 0)
            return i;
    return 0;
}

med_status med__names_resolve(const med_names *n, const char *text, med_resolved *out,
                              med_error *error)
{
    return med__names_resolve_parts(n, text, out, NULL, error);
}

/* The result for the parts `text` named: its one opioid, else the part non_opioid_part picks;
 * `names` (or NULL) receives every part's ingredient. */
static med_status choose(const parts *p, const char *text, med_resolved *out, const char **names,
                         med_error *error)
{
    int opioid = -1;
    for (int i = 0; i < p->count; i++) {
        if (strcmp(p->items[i]->drug_class, "opioid") != 0)
            continue;
        if (opioid >= 0)
            return med__fail(error, MED_ERR_INVALID, "<drug>", 0, 0, text,
                             "'%s' names two opioids (%s and %s); give one regimen per opioid",
                             text, p->items[opioid]->ingredient, p->items[i]->ingredient);
        opioid = i;
    }
    int pick = opioid >= 0 ? opioid : non_opioid_part(p);
    out->ingredient = p->items[pick]->ingredient;
    out->drug_class = p->items[pick]->drug_class;
    out->form = p->form;
    out->component_index = pick;
    out->component_count = p->count;
    out->opioid = opioid >= 0;
    for (int i = 0; names && i < p->count; i++)
        names[i] = p->items[i]->ingredient;
    return MED_OK;
}

med_status med__names_resolve_entry(const med_name_entry *e, med_resolved *out)
{
    parts p;
    memset(&p, 0, sizeof p);
    memset(out, 0, sizeof *out);
    med_status s = add_entry(&p, e, NULL, "", NULL); /* a found name brings no form words */
    return s != MED_OK ? s : choose(&p, "", out, NULL, NULL);
}

med_name_result med__names_resolve_all(med_names *n, med_arena *arena)
{
    n->whole = med__arena_alloc(arena, (n->entry_count ? n->entry_count : 1) * sizeof *n->whole);
    if (n->whole == NULL)
        return MED_NAMES_NOMEM;
    for (size_t i = 0; i < n->entry_count; i++)
        if (med__names_resolve_entry(n->entries[i], &n->whole[i]) != MED_OK)
            memset(&n->whole[i], 0, sizeof n->whole[i]);
    n->whole_count = n->entry_count;
    return MED_NAMES_OK;
}

med_status med__names_resolve_parts(const med_names *n, const char *text, med_resolved *out,
                                    const char **names, med_error *error)
{
    size_t entry;
    return med__names_resolve_len(n, text, strlen(text), out, names, &entry, error);
}

med_status med__names_resolve_len(const med_names *n, const char *text, size_t len,
                                  med_resolved *out, const char **names, size_t *entry,
                                  med_error *error)
{
    char key[MED_NAMES_KEY_MAX];
    parts p;
    size_t at;
    /* A name written as its key ("oxycodone", "OxyContin") was resolved when the vocabulary
     * loaded: the same parts, the same choice (med__names_resolve_all). A text too long for a
     * key (over 256 bytes) is not one, and is refused below. */
    med_as_written written = med__names_as_written(n, text, len, key, sizeof key, &at);
    if (written == MED_AS_WRITTEN_FOUND && names == NULL && at < n->whole_count &&
        n->whole[at].ingredient != NULL) {
        *out = n->whole[at];
        *entry = at;
        return MED_OK;
    }
    *entry = MED_VOCAB_NO_ENTRY;
    if (len > 256)
        return med__fail(error, MED_ERR_LIMIT, "<drug>", 0, 0, text,
                         "drug name is %zu bytes; at most 256", len);
    memset(&p, 0, sizeof p);
    memset(out, 0, sizeof *out);
    med_status s = collect(n, text, len, written, &p, error);
    if (s != MED_OK)
        return s;
    return choose(&p, text, out, names, error);
}
