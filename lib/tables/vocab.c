/* The vocabulary: loading vocabulary.yaml and resolving names to ingredients. */
#include "tables/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "tables/embedded.h"
#include "tables/loader.h"
#include "common/error.h"
#include "tables/names.h"
#include "tables/schema.h"
#include "common/sha256.h"
#include "common/text.h"
#include "tables/yamldoc.h"

static const char *const TOP_KEYS[] = {"id", "version", "title", "source", "notes",
                                       "ingredients", "products", "forms", "ignore_words",
                                       "strength_ranges", "long_acting", NULL};
static const char *const LONG_ACTING_KEYS[] = {"words", "ingredients", "forms", NULL};
static const char *const INGREDIENT_KEYS[] = {"ingredient", "class", "names", "note", NULL};
static const char *const PRODUCT_KEYS[] = {"names", "components", "form", "note", NULL};
static const char *const FORM_KEYS[] = {"form", "phrases", NULL};
static const char *const RANGE_KEYS[] = {"ingredient", "form", "per", "in", "unit", "min", "max",
                                         "ndcs", NULL};
static const char *const RANGE_PER[] = {"unit", "mL", NULL};
static const char *const RANGE_IN[] = {"alone", "combination", NULL};
static const char *const RANGE_UNITS[] = {"mg", "mcg", "mcg/hr", NULL};
static const char *const CLASSES[] = {"opioid", "benzodiazepine", "gabapentinoid",
                                      "opioid_antagonist", "non_opioid", NULL};

struct med_vocab {
    med_arena arena;
    char digest[65];
    const char *version;
    med_names names;
    med_strength_range *ranges;
    size_t range_count;
    const med_ynode *la_words, *la_ingredients, *la_forms; /* long_acting (the document lives in
                                                            * the arena with the vocabulary) */
};


/* Every item of a list of names, checked to be a scalar. */
static med_status each_name(const med_schema_ctx *c, const med_ynode *list, const char *key)
{
    if (list == NULL || list->kind != MED_Y_SEQUENCE || list->count == 0)
        return med__schema_fail(c, list, "'%s' must be a non-empty list", key);
    for (const med_ynode *n = list->first; n; n = n->next)
        if (n->kind != MED_Y_SCALAR || n->length == 0)
            return med__schema_fail(c, n, "each of '%s' must be a non-empty name", key);
    return MED_OK;
}

static med_status add_name(const med_schema_ctx *c, med_vocab *v, const med_ynode *n,
                           med_name_entry *e)
{
    med_name_result r = med__names_add(&v->names, &v->arena, n->value, e);
    if (r == MED_NAMES_NOMEM)
        return med__schema_nomem(c);
    if (r == MED_NAMES_EMPTY)
        return med__schema_fail(c, n, "name '%s' is only form or ignored words", n->value);
    if (r == MED_NAMES_DUPLICATE)
        return med__schema_fail(c, n, "name '%s' is listed twice (after lowercasing and "
                                      "dropping salts and form words)", n->value);
    return MED_OK;
}

static med_status read_ingredient(const med_schema_ctx *c, med_vocab *v, const med_ynode *e)
{
    const char *name, *cls;
    const med_ynode *names = med__ymap_get(e, "names");
    med_status s = med__schema_keys(c, e, "an ingredient", INGREDIENT_KEYS);
    if (s == MED_OK) s = med__schema_text(c, e, "ingredient", 1, &name);
    if (s == MED_OK) s = med__schema_text(c, e, "class", 1, &cls);
    if (s == MED_OK && names) s = each_name(c, names, "names");
    if (s != MED_OK)
        return s;
    if (!med__schema_in_list(cls, CLASSES))
        return med__schema_fail(c, med__ymap_get(e, "class"),
                                "unknown class '%s'; expected opioid, benzodiazepine, "
                                "gabapentinoid, opioid_antagonist or non_opioid", cls);
    med_name_entry *entry = med__arena_alloc(&v->arena, sizeof *entry);
    if (entry == NULL)
        return med__schema_nomem(c);
    entry->ingredient = name;
    entry->drug_class = cls;
    entry->components[0] = entry;
    entry->component_count = 1;
    s = add_name(c, v, med__ymap_get(e, "ingredient"), entry);
    for (const med_ynode *n = names ? names->first : NULL; n && s == MED_OK; n = n->next)
        s = add_name(c, v, n, entry);
    return s;
}

/* A product's components must be ingredients already listed (in print order of strengths). */
static med_status read_components(const med_schema_ctx *c, med_vocab *v, const med_ynode *list,
                                  med_name_entry *p)
{
    med_status s = each_name(c, list, "components");
    if (s != MED_OK)
        return s;
    if (list->count > MED_MAX_COMPONENTS)
        return med__schema_fail(c, list, "at most %d components", MED_MAX_COMPONENTS);
    for (const med_ynode *n = list->first; n; n = n->next) {
        const med_name_entry *ing = med__names_find_ingredient(&v->names, n->value);
        if (ing == NULL)
            return med__schema_fail(c, n, "component '%s' is not a listed ingredient", n->value);
        p->components[p->component_count++] = ing;
    }
    return MED_OK;
}

static med_status read_product(const med_schema_ctx *c, med_vocab *v, const med_ynode *e)
{
    const med_ynode *names = med__ymap_get(e, "names");
    med_name_entry *p = med__arena_alloc(&v->arena, sizeof *p);
    if (p == NULL)
        return med__schema_nomem(c);
    med_status s = med__schema_keys(c, e, "a product", PRODUCT_KEYS);
    if (s == MED_OK) s = each_name(c, names, "names");
    if (s == MED_OK) s = read_components(c, v, med__ymap_get(e, "components"), p);
    if (s == MED_OK) s = med__schema_text(c, e, "form", 0, &p->form);
    if (s != MED_OK)
        return s;
    if (p->form && !med__names_is_form(&v->names, p->form))
        return med__schema_fail(c, med__ymap_get(e, "form"), "unknown form '%s'", p->form);
    for (const med_ynode *n = names->first; n && s == MED_OK; n = n->next)
        s = add_name(c, v, n, p);
    return s;
}

static med_status read_forms(const med_schema_ctx *c, med_vocab *v, const med_ynode *list)
{
    for (const med_ynode *e = list->first; e; e = e->next) {
        const char *form;
        const med_ynode *phrases = med__ymap_get(e, "phrases");
        med_status s = med__schema_keys(c, e, "a form", FORM_KEYS);
        if (s == MED_OK) s = med__schema_text(c, e, "form", 1, &form);
        if (s == MED_OK) s = each_name(c, phrases, "phrases");
        for (const med_ynode *p = phrases ? phrases->first : NULL; p && s == MED_OK; p = p->next) {
            med_name_result r = med__names_add_form(&v->names, &v->arena, form, p->value);
            if (r == MED_NAMES_NOMEM)
                s = med__schema_nomem(c);
            else if (r != MED_NAMES_OK)
                s = med__schema_fail(c, p, "cannot use form phrase '%s'", p->value);
        }
        if (s != MED_OK)
            return s;
    }
    return MED_OK;
}

static med_status read_ignored(const med_schema_ctx *c, med_vocab *v, const med_ynode *list)
{
    med_status s = each_name(c, list, "ignore_words");
    for (const med_ynode *w = list->first; w && s == MED_OK; w = w->next) {
        med_name_result r = med__names_add_ignored(&v->names, &v->arena, w->value);
        if (r == MED_NAMES_NOMEM)
            s = med__schema_nomem(c);
        else if (r != MED_NAMES_OK)
            s = med__schema_fail(c, w, "cannot ignore '%s': one lowercase word expected",
                                 w->value);
    }
    return s;
}

static med_status read_range(const med_schema_ctx *c, const med_vocab *v, const med_ynode *e,
                             med_strength_range *r)
{
    const char *per, *in, *unused;
    med_status s = med__schema_keys(c, e, "a strength range", RANGE_KEYS);
    if (s == MED_OK) s = med__schema_text(c, e, "ingredient", 1, &r->ingredient);
    if (s == MED_OK) s = med__schema_text(c, e, "form", 1, &r->form);
    if (s == MED_OK) s = med__schema_text(c, e, "per", 1, &per);
    if (s == MED_OK) s = med__schema_text(c, e, "in", 1, &in);
    if (s == MED_OK) s = med__schema_text(c, e, "unit", 1, &r->unit);
    if (s == MED_OK) s = med__schema_text(c, e, "ndcs", 0, &unused);
    if (s == MED_OK) s = med__schema_decimal(c, e, "min", 1, 0, &r->min, &r->min_text);
    if (s == MED_OK) s = med__schema_decimal(c, e, "max", 1, 0, &r->max, &r->max_text);
    if (s != MED_OK)
        return s;
    const med_name_entry *ing = med__names_find_ingredient(&v->names, r->ingredient);
    if (ing == NULL || strcmp(ing->drug_class, "opioid") != 0)
        return med__schema_fail(c, med__ymap_get(e, "ingredient"),
                                "'%s' is not an opioid ingredient of the vocabulary",
                                r->ingredient);
    if (!med__names_is_form(&v->names, r->form))
        return med__schema_fail(c, med__ymap_get(e, "form"), "unknown form '%s'", r->form);
    if (!med__schema_in_list(per, RANGE_PER))
        return med__schema_fail(c, med__ymap_get(e, "per"), "per must be unit or mL");
    if (!med__schema_in_list(in, RANGE_IN))
        return med__schema_fail(c, med__ymap_get(e, "in"), "in must be alone or combination");
    if (!med__schema_in_list(r->unit, RANGE_UNITS))
        return med__schema_fail(c, med__ymap_get(e, "unit"), "unit must be mg, mcg or mcg/hr");
    if (med__q_cmp(r->min, r->max) > 0)
        return med__schema_fail(c, med__ymap_get(e, "min"), "min is above max");
    r->per_ml = strcmp(per, "mL") == 0;
    r->combination = strcmp(in, "combination") == 0;
    return MED_OK;
}

static med_status read_ranges(const med_schema_ctx *c, med_vocab *v, const med_ynode *list)
{
    v->ranges = med__arena_alloc(&v->arena, list->count * sizeof *v->ranges);
    if (v->ranges == NULL && list->count)
        return med__schema_nomem(c);
    for (const med_ynode *e = list->first; e; e = e->next) {
        med_strength_range *r = &v->ranges[v->range_count];
        memset(r, 0, sizeof *r);
        med_status s = read_range(c, v, e, r);
        if (s != MED_OK)
            return s;
        for (size_t i = 0; i < v->range_count; i++)
            if (strcmp(v->ranges[i].ingredient, r->ingredient) == 0 &&
                strcmp(v->ranges[i].form, r->form) == 0 && v->ranges[i].per_ml == r->per_ml &&
                v->ranges[i].combination == r->combination)
                return med__schema_fail(c, e, "a second range for %s %s", r->ingredient,
                                        r->form);
        v->range_count++;
    }
    return MED_OK;
}

/* The long_acting section: three lists of names, kept as parsed. */
static med_status read_long_acting(const med_schema_ctx *c, med_vocab *v, const med_ynode *m)
{
    med_status s = med__schema_keys(c, m, "long_acting", LONG_ACTING_KEYS);
    if (s == MED_OK) s = med__schema_seq(c, m, "words", 1, &v->la_words);
    if (s == MED_OK) s = med__schema_seq(c, m, "ingredients", 1, &v->la_ingredients);
    if (s == MED_OK) s = med__schema_seq(c, m, "forms", 1, &v->la_forms);
    if (s == MED_OK) s = each_name(c, v->la_words, "words");
    if (s == MED_OK) s = each_name(c, v->la_ingredients, "ingredients");
    if (s == MED_OK) s = each_name(c, v->la_forms, "forms");
    for (const med_ynode *n = v->la_ingredients ? v->la_ingredients->first : NULL;
         n && s == MED_OK; n = n->next)
        if (!med__vocab_is_ingredient(v, n->value))
            s = med__schema_fail(c, n, "'%s' is not an opioid ingredient of the vocabulary",
                                 n->value);
    for (const med_ynode *n = v->la_forms ? v->la_forms->first : NULL; n && s == MED_OK;
         n = n->next)
        if (!med__names_is_form(&v->names, n->value))
            s = med__schema_fail(c, n, "unknown form '%s'", n->value);
    return s;
}

static med_status read_sections(const med_schema_ctx *c, med_vocab *v, const med_ynode *root)
{
    const med_ynode *ings = NULL, *prods = NULL, *forms = NULL, *ignored = NULL, *ranges = NULL;
    const char *unused;
    med_status s = med__schema_keys(c, root, "the vocabulary", TOP_KEYS);
    if (s == MED_OK) s = med__schema_text(c, root, "version", 1, &v->version);
    if (s == MED_OK) s = med__schema_text(c, root, "source", 1, &unused);
    if (s == MED_OK) s = med__schema_seq(c, root, "ingredients", 1, &ings);
    if (s == MED_OK) s = med__schema_seq(c, root, "products", 0, &prods);
    if (s == MED_OK) s = med__schema_seq(c, root, "forms", 1, &forms);
    if (s == MED_OK) s = med__schema_seq(c, root, "ignore_words", 0, &ignored);
    if (s == MED_OK) s = med__schema_seq(c, root, "strength_ranges", 0, &ranges);
    /* Forms and ignored words first: names are normalised with them. */
    if (s == MED_OK) s = read_forms(c, v, forms);
    if (s == MED_OK && ignored) s = read_ignored(c, v, ignored);
    for (const med_ynode *e = ings ? ings->first : NULL; e && s == MED_OK; e = e->next)
        s = read_ingredient(c, v, e);
    for (const med_ynode *e = prods ? prods->first : NULL; e && s == MED_OK; e = e->next)
        s = read_product(c, v, e);
    if (s == MED_OK && ranges)
        s = read_ranges(c, v, ranges);
    const med_ynode *la = med__ymap_get(root, "long_acting");
    if (s == MED_OK && la)
        s = read_long_acting(c, v, la);
    return s;
}

med_status med__vocab_load(const char *data, size_t size, const char *source,
                           const med_embedded_file *known, med_vocab **out, med_error *error)
{
    med_schema_ctx c = {source, error};
    const med_ynode *root = NULL;
    *out = NULL;
    med_vocab *v = calloc(1, sizeof *v);
    if (v == NULL)
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    med__arena_init(&v->arena);
    med_status s = med__names_init(&v->names);
    if (s == MED_OK)
        s = med__yaml_parse_known(known, data, size, source, &v->arena, &root, error);
    if (s == MED_OK)
        s = read_sections(&c, v, root);
    if (s == MED_OK)
        s = med__names_finish(&v->names, &v->arena) == MED_NAMES_OK &&
                    med__names_resolve_all(&v->names, &v->arena) == MED_NAMES_OK
                ? MED_OK
                : med__schema_nomem(&c);
    if (s != MED_OK) {
        med__vocab_free(v);
        return s;
    }
    med__sha256_hex_known(data, size, known ? known->digest : NULL, v->digest);
    *out = v;
    return MED_OK;
}

/* The loader's parse, version (the vocabulary has none of its own) and release. */
static med_status parse_vocab(const char *data, size_t size, const char *source,
                              const med_embedded_file *known, void **out, med_error *error)
{
    med_vocab *v = NULL;
    med_status s = med__vocab_load(data, size, source, known, &v, error);
    *out = v;
    return s;
}

static const char *vocab_version(const void *v)
{
    (void)v;
    return "";
}

static void vocab_origin(void *v, const char *origin)
{
    (void)v;
    (void)origin;
}

static void vocab_release(void *v)
{
    med__vocab_free(v);
}

static const char *const VOCAB_IDS[] = {"vocabulary", NULL};
static const med__loader VOCABULARY = {"vocabulary", "vocabularies are", med_embedded_files,
                                       VOCAB_IDS, "vocabulary", "a .yaml file", "<embedded>",
                                       parse_vocab,
                                       vocab_version, vocab_origin, vocab_release};

med_status med__vocab_load_embedded(med_vocab **out, med_error *error)
{
    void *v = NULL;
    med_status s = med__load_embedded(&VOCABULARY, NULL, &v, error);
    *out = v;
    return s;
}

void med__vocab_free(med_vocab *vocab)
{
    if (vocab == NULL)
        return;
    med__names_free(&vocab->names);
    med__arena_free(&vocab->arena);
    free(vocab);
}

const char *med__vocab_digest(const med_vocab *vocab)
{
    return vocab->digest;
}

const char *med__vocab_version(const med_vocab *vocab)
{
    return vocab->version;
}

med_status med__vocab_resolve(const med_vocab *vocab, const char *text, med_resolved *out,
                              med_error *error)
{
    return med__names_resolve_parts(&vocab->names, text, out, NULL, error);
}

med_status med__vocab_resolve_len(const med_vocab *vocab, const char *text, size_t len,
                                  med_resolved *out, size_t *entry, med_error *error)
{
    return med__names_resolve_len(&vocab->names, text, len, out, NULL, entry, error);
}

size_t med__vocab_entry_count(const med_vocab *vocab)
{
    return vocab->names.whole_count;
}

const char *med__vocab_entry_ingredient(const med_vocab *vocab, size_t entry)
{
    return vocab->names.whole[entry].ingredient;
}

med_status med__vocab_resolve_parts(const med_vocab *vocab, const char *text, med_resolved *out,
                                    const char **names, med_error *error)
{
    return med__names_resolve_parts(&vocab->names, text, out, names, error);
}

int med__vocab_complete(const med_vocab *vocab, const char *text, const char **first, char *list,
                        size_t cap)
{
    return med__names_complete(&vocab->names, text, first, list, cap);
}

const char *med__vocab_find_form(const med_vocab *vocab, const char *text)
{
    return med__names_find_form(&vocab->names, text);
}

const char *med__vocab_ingredient_class(const med_vocab *vocab, const char *ingredient)
{
    const med_name_entry *e = med__names_find_ingredient(&vocab->names, ingredient);
    return e ? e->drug_class : NULL;
}

const char *med__vocab_ingredient_name(const med_vocab *vocab, const char *ingredient)
{
    const med_name_entry *e = med__names_find_ingredient(&vocab->names, ingredient);
    return e ? e->ingredient : NULL;
}

const char *med__vocab_form(const med_vocab *vocab, const char *text)
{
    return med__names_form_of(&vocab->names, text);
}

int med__vocab_is_ingredient(const med_vocab *vocab, const char *ingredient)
{
    const med_name_entry *e = med__names_find_ingredient(&vocab->names, ingredient);
    return e != NULL && strcmp(e->drug_class, "opioid") == 0;
}

/* The exact key first; then the other kind (a combination the list lacks is checked against the
 * ingredient alone, and the reverse), since a range of the same ingredient and form is still a
 * better check than none. */
const med_strength_range *med__vocab_strength_range(const med_vocab *vocab, const char *ingredient,
                                                    const char *form, int per_ml,
                                                    int combination)
{
    const med_strength_range *other = NULL;
    for (size_t i = 0; i < vocab->range_count; i++) {
        const med_strength_range *r = &vocab->ranges[i];
        if (strcmp(r->ingredient, ingredient) != 0 || strcmp(r->form, form) != 0 ||
            r->per_ml != per_ml)
            continue;
        if (r->combination == combination)
            return r;
        other = r;
    }
    return other;
}

/* Nonzero when `phrase`'s words are the lowercase words of the text at `t` (consecutively). */
static int phrase_at(const char *t, const char *phrase)
{
    const char *a = t, *b = phrase;
    while (*a && *b) {
        if (*b == ' ') {
            if (med__ascii_alnum(*a))
                break;
            while (*a && !med__ascii_alnum(*a))
                a++;
            b++;
            continue;
        }
        if (med__ascii_lower(*a) != *b)
            break;
        a++, b++;
    }
    return *b == '\0' && !med__ascii_alnum(*a);
}

/* Nonzero when the words of `text` hold one of the phrases of `list`. Each place a word may
 * start is found once and tried against every phrase, not once for each phrase. */
static int has_phrase(const char *text, const med_ynode *list)
{
    for (const char *t = text; *t; t++) {
        if (t != text && med__ascii_alnum(t[-1]))
            continue; /* only at the start of a word */
        for (const med_ynode *n = list ? list->first : NULL; n; n = n->next)
            if (phrase_at(t, n->value))
                return 1;
    }
    return 0;
}

static int in_names(const med_ynode *list, const char *value)
{
    for (const med_ynode *n = list ? list->first : NULL; value && n; n = n->next)
        if (strcmp(n->value, value) == 0)
            return 1;
    return 0;
}

int med__vocab_long_acting(const med_vocab *vocab, const char *const *texts, size_t count,
                           const char *ingredient, const char *form)
{
    if (in_names(vocab->la_ingredients, ingredient) || in_names(vocab->la_forms, form))
        return 1;
    for (size_t i = 0; i < count; i++)
        if (texts[i] && has_phrase(texts[i], vocab->la_words))
            return 1;
    return 0;
}
