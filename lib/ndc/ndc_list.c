/* Loading a product list: a YAML header (id, version, title, source, effective, notes) ended by
 * a line "...", then a CSV body with one product per row. NDC lists and RxNorm lists are one
 * format and one loader: only the code column differs (ndc or rxcui). Every row is checked
 * (ingredient known to the vocabulary, canonical form, unit, strength, NDC) and the first error
 * is reported with the line it is on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "common/dates.h"
#include "tables/embedded.h"
#include "tables/loader.h"
#include "common/error.h"
#include "ndc/ndc_private.h"
#include "tables/schema.h"
#include "common/sha256.h"
#include "tables/vocab.h"
#include "tables/yamldoc.h"

#define DEFAULT_LIST "cdc-ndc-2018"
#define DEFAULT_RXNORM_LIST "rxnorm-omtk"
#define MAX_STRENGTH 100000
#define MAX_INGREDIENTS 256

static const char *const HEADER_KEYS[] = {"id", "version", "title", "source", "effective",
                                          "notes", NULL};
static const char *const FORMS[] = {"oral", "patch", "buccal", "film", "oral-spray",
                                    "nasal-spray", "injection", "rectal", "implant",
                                    "iontophoretic", NULL};
static const char *const UNITS[] = {"mg", "mcg", "mcg/hr", "mg/mL", NULL};

enum { C_NDC, C_INGREDIENT, C_FORM, C_STRENGTH, C_UNIT, C_PRODUCT, C_GENERIC, C_DOSE_FORM, NCOL };
static const char *const COLUMNS[NCOL] = {"ndc", "ingredient", "form", "strength", "unit",
                                          "product", "generic", "dose_form"};
#define REQUIRED_COLUMNS 5 /* the first five */

/* What loading needs besides the list: the vocabulary, and interned ingredient names. */
typedef struct loader {
    med_ndc_list *list;
    med__list_key key;
    const char *source;
    const char *digest;    /* of the list's bytes when already known, else NULL */
    med_error *error;
    med_vocab *vocab;
    long line_offset;      /* lines before the CSV body */
    long where[NCOL];      /* field index of each column, or -1 */
    size_t fields;         /* fields in the column header */
    size_t capacity;       /* of list->entries */
    const char *ingredients[MAX_INGREDIENTS];
    size_t ingredient_count;
} loader;

/* The code column's name, and what a code is called in messages. */
static const char *key_column(const loader *ld)
{
    return ld->key == MED__KEY_RXCUI ? "rxcui" : "ndc";
}

static const char *key_name(const loader *ld)
{
    return ld->key == MED__KEY_RXCUI ? "RxCUI" : "NDC";
}

static med_status nomem(const loader *ld)
{
    return med__fail(ld->error, MED_ERR_NOMEM, ld->source, 0, 0, NULL, "out of memory");
}

static int same_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* The static canonical spelling of `text` among `list` (case aside), or NULL. */
static const char *canonical(const char *const *list, const char *text)
{
    for (; *list; list++)
        if (same_nocase(*list, text))
            return *list;
    return NULL;
}

static int valid_id(const char *id)
{
    size_t n = strlen(id);
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
            return 0;
    return n > 0 && n <= 64;
}

/* The header ends at a line that is exactly "..." (YAML's end-of-document marker). */
static const char *header_end(const char *data, size_t size, const char **body, long *lines)
{
    long n = 0;
    for (size_t i = 0; i < size;) {
        size_t end = i;
        while (end < size && data[end] != '\n')
            end++;
        size_t len = end - i;
        if (len && data[end - 1] == '\r')
            len--;
        n++;
        if (len == 3 && memcmp(data + i, "...", 3) == 0) {
            *body = end < size ? data + end + 1 : data + size;
            *lines = n;
            return data + end;
        }
        i = end + 1;
    }
    return NULL;
}

static med_status read_header(loader *ld, const char *data, size_t size, const char **body)
{
    med_schema_ctx c = {ld->source, ld->error};
    med_ndc_list_info *i = &ld->list->info;
    const char *end = header_end(data, size, body, &ld->line_offset);
    const char *notes;
    med_ynode *root = NULL;
    if (end == NULL)
        return med__fail(ld->error, MED_ERR_SYNTAX, ld->source, 1, 1, NULL,
                         "no line '...' ending the header: an NDC list is a YAML header (id, "
                         "version, title, source, effective), a line '...', then CSV rows");
    med_status s = med__yaml_parse(data, (size_t)(end - data), ld->source, &ld->list->arena,
                                   &root, ld->error);
    if (s == MED_OK) s = med__schema_keys(&c, root, "an NDC list header", HEADER_KEYS);
    if (s == MED_OK) s = med__schema_text(&c, root, "id", 1, &i->id);
    if (s == MED_OK) s = med__schema_text(&c, root, "version", 1, &i->version);
    if (s == MED_OK) s = med__schema_text(&c, root, "title", 1, &i->title);
    if (s == MED_OK) s = med__schema_text(&c, root, "source", 1, &i->source);
    if (s == MED_OK) s = med__schema_text(&c, root, "effective", 1, &i->effective);
    if (s == MED_OK) s = med__schema_text(&c, root, "notes", 0, &notes);
    if (s != MED_OK)
        return s;
    long day;
    if (!valid_id(i->id))
        return med__schema_fail(&c, med__ymap_get(root, "id"),
                                "'id' must be lowercase letters, digits and '-' (at most 64), "
                                "not '%s'", i->id);
    if (med__date_parse(i->effective, &day) != 0)
        return med__schema_fail(&c, med__ymap_get(root, "effective"),
                                "'effective' must be a date written YYYY-MM-DD, not '%s'",
                                i->effective);
    return MED_OK;
}

/* A located error about a row of the body. */
static med_status row_fail(const loader *ld, long line, const char *text, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static med_status row_fail(const loader *ld, long line, const char *text, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return med__fail(ld->error, MED_ERR_INVALID, ld->source, (int)(line + ld->line_offset), 0,
                     text, "%s", msg);
}

static med_status read_columns(loader *ld, const char *const *f, size_t n, long line)
{
    for (int c = 0; c < NCOL; c++)
        ld->where[c] = -1;
    for (size_t i = 0; i < n; i++) {
        int c = 0;
        while (c < NCOL && strcmp(f[i], c == C_NDC ? key_column(ld) : COLUMNS[c]) != 0)
            c++;
        if (c == NCOL)
            return row_fail(ld, line, f[i], "unknown column '%s'; expected %s, ingredient, "
                            "form, strength, unit (required), product, generic, dose_form", f[i],
                            key_column(ld));
        if (ld->where[c] >= 0)
            return row_fail(ld, line, f[i], "column '%s' appears twice", f[i]);
        ld->where[c] = (long)i;
    }
    for (int c = 0; c < REQUIRED_COLUMNS; c++)
        if (ld->where[c] < 0)
            return row_fail(ld, line, NULL, "the column header lacks '%s' (required: %s, "
                            "ingredient, form, strength, unit)",
                            c == C_NDC ? key_column(ld) : COLUMNS[c], key_column(ld));
    ld->fields = n;
    return MED_OK;
}

/* The list's own copy of an ingredient name, shared by every row naming it. */
static const char *intern_ingredient(loader *ld, const char *name)
{
    for (size_t i = 0; i < ld->ingredient_count; i++)
        if (strcmp(ld->ingredients[i], name) == 0)
            return ld->ingredients[i];
    if (ld->ingredient_count == MAX_INGREDIENTS ||
        med__vocab_ingredient_class(ld->vocab, name) == NULL)
        return NULL;
    const char *copy = med__arena_strndup(&ld->list->arena, name, strlen(name));
    if (copy)
        ld->ingredients[ld->ingredient_count++] = copy;
    return copy;
}

static const char *optional(loader *ld, const char *const *f, int column)
{
    long w = ld->where[column];
    if (w < 0 || f[w][0] == '\0')
        return "";
    return med__arena_strndup(&ld->list->arena, f[w], strlen(f[w]));
}

static med_status check_strength(const loader *ld, const char *text, long line, med_q *q)
{
    if (med__q_parse(text, strlen(text), q) != 0 || med__q_sign(*q) <= 0 ||
        med__q_cmp(*q, med__q_int(MAX_STRENGTH)) > 0)
        return row_fail(ld, line, text, "strength '%s' is not a plain number above 0 and at most "
                                        "%d", text, MAX_STRENGTH);
    return MED_OK;
}

/* One product row: every field checked, strings copied into the list's arena. */
static med_status read_row(loader *ld, const char *const *f, size_t n, long line,
                           med_ndc_entry *e)
{
    med_error ignored;
    if (n != ld->fields)
        return med__fail(ld->error, MED_ERR_INVALID, ld->source, (int)(line + ld->line_offset), 0,
                         NULL, "row has %zu fields but the column header has %zu", n, ld->fields);
    e->line = line + ld->line_offset;
    const char *code = f[ld->where[C_NDC]];
    if (ld->key == MED__KEY_RXCUI && med__rxcui_normalize(code, e->ndc, &ignored) != MED_OK)
        return row_fail(ld, line, code, "'%s' is not an RxCUI: expected 1 to 10 digits", code);
    if (ld->key == MED__KEY_NDC && med_ndc_normalize(code, e->ndc, &ignored) != MED_OK)
        return row_fail(ld, line, code, "'%s' is not an NDC: expected 11 digits, "
                        "or 10 dashed 4-4-2, 5-3-2 or 5-4-1", code);
    const char *ing = f[ld->where[C_INGREDIENT]];
    if ((e->ingredient = intern_ingredient(ld, ing)) == NULL)
        return row_fail(ld, line, ing, "ingredient '%s' is not an ingredient of the vocabulary "
                        "(write its canonical name, e.g. oxycodone, alprazolam)", ing);
    const char *form = f[ld->where[C_FORM]], *unit = f[ld->where[C_UNIT]];
    if ((e->form = canonical(FORMS, form)) == NULL)
        return row_fail(ld, line, form, "form '%s' is not one of oral, patch, buccal, film, "
                        "oral-spray, nasal-spray, injection, rectal, implant, iontophoretic",
                        form);
    if ((e->unit = canonical(UNITS, unit)) == NULL)
        return row_fail(ld, line, unit, "unit '%s' is not one of mg, mcg, mcg/hr, mg/mL", unit);
    if ((strcmp(e->form, "patch") == 0) != (strcmp(e->unit, "mcg/hr") == 0))
        return row_fail(ld, line, unit, "unit '%s' with form '%s': a patch, and only a patch, "
                                        "is in mcg/hr", unit, form);
    const char *strength = f[ld->where[C_STRENGTH]];
    med_status s = check_strength(ld, strength, line, &e->amount);
    if (s != MED_OK)
        return s;
    e->strength = med__arena_strndup(&ld->list->arena, strength, strlen(strength));
    e->product = optional(ld, f, C_PRODUCT);
    e->generic = optional(ld, f, C_GENERIC);
    e->dose_form = optional(ld, f, C_DOSE_FORM);
    if (!e->strength || !e->product || !e->generic || !e->dose_form)
        return nomem(ld);
    return MED_OK;
}

static med_status add_row(loader *ld, const char *const *f, size_t n, long line)
{
    med_ndc_list *l = ld->list;
    med_ndc_entry *p = med__grow(l->entries, l->count, &ld->capacity, sizeof *p, 1024);
    if (p == NULL)
        return nomem(ld);
    l->entries = p;
    memset(&l->entries[l->count], 0, sizeof l->entries[0]);
    med_status s = read_row(ld, f, n, line, &l->entries[l->count]);
    if (s == MED_OK)
        l->count++;
    return s;
}

typedef struct memory {
    const char *p;
    size_t left;
} memory;

static size_t read_memory(void *context, char *buf, size_t capacity, int *failed)
{
    memory *m = context;
    size_t n = m->left < capacity ? m->left : capacity;
    (void)failed;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return n;
}

static med_status read_body(loader *ld, const char *body, size_t size)
{
    memory m = {body, size};
    med_csv *csv = NULL;
    med_status s = med_csv_new(read_memory, &m, ld->source, &csv);
    int have_columns = 0;
    while (s == MED_OK) {
        const char *const *f;
        size_t n;
        long line;
        s = med_csv_next(csv, &f, &n, &line, ld->error);
        if (s != MED_OK) {
            if (ld->error)
                ld->error->line += (int)ld->line_offset;
            break;
        }
        if (f == NULL)
            break;
        s = have_columns ? add_row(ld, f, n, line) : read_columns(ld, f, n, line);
        have_columns = 1;
    }
    med_csv_free(csv);
    if (s == MED_ERR_NOMEM)
        return nomem(ld);
    if (s == MED_OK && !have_columns)
        return med__fail(ld->error, MED_ERR_INVALID, ld->source, (int)ld->line_offset + 1, 0,
                         NULL, "no column header after '...': expected ndc,ingredient,form,"
                               "strength,unit");
    return s;
}

static int by_ndc(const void *a, const void *b)
{
    return memcmp(((const med_ndc_entry *)a)->ndc, ((const med_ndc_entry *)b)->ndc, 11);
}

/* Sorted for binary search; a code listed twice is an error (which entry would be meant?). */
static med_status sort_entries(loader *ld)
{
    med_ndc_list *l = ld->list;
    qsort(l->entries, l->count, sizeof l->entries[0], by_ndc);
    for (size_t i = 1; i < l->count; i++) {
        const med_ndc_entry *a = &l->entries[i - 1], *b = &l->entries[i];
        if (memcmp(a->ndc, b->ndc, 11) != 0)
            continue;
        const med_ndc_entry *later = a->line > b->line ? a : b;
        return med__fail(ld->error, MED_ERR_INVALID, ld->source, (int)later->line, 0, later->ndc,
                         "%s %s is listed twice (lines %ld and %ld)", key_name(ld), later->ndc,
                         a->line < b->line ? a->line : b->line, later->line);
    }
    return MED_OK;
}

static med_status build(loader *ld, const char *data, size_t size, const char *origin)
{
    const char *body = NULL;
    med_status s = med__vocab_load_embedded(&ld->vocab, ld->error);
    if (s == MED_OK)
        s = read_header(ld, data, size, &body);
    if (s == MED_OK)
        s = read_body(ld, body, size - (size_t)(body - data));
    if (s == MED_OK)
        s = sort_entries(ld);
    med__vocab_free(ld->vocab);
    if (s != MED_OK)
        return s;
    med_ndc_list *l = ld->list;
    med__sha256_hex_known(data, size, ld->digest, l->digest);
    l->info.digest = l->digest;
    l->info.count = l->count;
    l->info.key = key_column(ld);
    l->info.origin = med__arena_strndup(&l->arena, origin, strlen(origin));
    return l->info.origin ? MED_OK : nomem(ld);
}

/* The loader's parse: a list of codes of kind `key` from its bytes. */
static med_status parse_keyed(med__list_key key, const char *data, size_t size, const char *source,
                              const med_embedded_file *known, void **out, med_error *error)
{
    med_ndc_list *l = calloc(1, sizeof *l);
    if (l == NULL)
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    med__arena_init(&l->arena);
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.list = l;
    ld.key = l->key = key;
    ld.source = source;
    ld.digest = known ? known->digest : NULL;
    ld.error = error;
    med_status s = build(&ld, data, size, source);
    if (s != MED_OK) {
        med_ndc_list_free(l);
        return s;
    }
    *out = l;
    return MED_OK;
}

static med_status parse_list(const char *data, size_t size, const char *source,
                             const med_embedded_file *known, void **out, med_error *error)
{
    return parse_keyed(MED__KEY_NDC, data, size, source, known, out, error);
}

static med_status parse_rxnorm_list(const char *data, size_t size, const char *source,
                                    const med_embedded_file *known, void **out,
                                    med_error *error)
{
    return parse_keyed(MED__KEY_RXCUI, data, size, source, known, out, error);
}

static const char *list_version(const void *l)
{
    return ((const med_ndc_list *)l)->info.version;
}

static void list_origin(void *l, const char *origin)
{
    ((med_ndc_list *)l)->info.origin = origin; /* only ever "embedded", a static string */
}

static void list_release(void *l)
{
    med_ndc_list_free(l);
}

static const char *const LIST_IDS[] = {DEFAULT_LIST, NULL};
static const med__loader LISTS = {"NDC list", "NDC lists are", med_embedded_ndc_lists, LIST_IDS,
                                  DEFAULT_LIST, "a list file", "<ndc lists>", parse_list, list_version,
                                  list_origin, list_release};
static const char *const RXNORM_IDS[] = {DEFAULT_RXNORM_LIST, NULL};
static const med__loader RXNORM_LISTS = {"RxNorm list", "RxNorm lists are", med_embedded_ndc_lists,
                                         RXNORM_IDS, DEFAULT_RXNORM_LIST, "a list file",
                                         "<rxnorm lists>", parse_rxnorm_list, list_version,
                                         list_origin, list_release};

/* The three ways in, for either kind of list. */
static med_status load_buffer(const med__loader *kind, const char *data, size_t size,
                              const char *name, med_ndc_list **out, med_error *error)
{
    void *l = NULL;
    med_status s = med__load_buffer(kind, data, size, name, out ? &l : NULL, error);
    if (out)
        *out = l;
    return s;
}

static med_status load_file(const med__loader *kind, const char *path, med_ndc_list **out,
                            med_error *error)
{
    void *l = NULL;
    med_status s = med__load_file(kind, path, out ? &l : NULL, error);
    if (out)
        *out = l;
    return s;
}

static med_status load_embedded(const med__loader *kind, const char *spec, med_ndc_list **out,
                                med_error *error)
{
    void *l = NULL;
    med_status s = med__load_embedded(kind, spec, out ? &l : NULL, error);
    if (out)
        *out = l;
    return s;
}

med_status med_ndc_list_load_buffer(const char *data, size_t size, const char *name,
                                    med_ndc_list **out, med_error *error)
{
    return load_buffer(&LISTS, data, size, name, out, error);
}

med_status med_ndc_list_load_file(const char *path, med_ndc_list **out, med_error *error)
{
    return load_file(&LISTS, path, out, error);
}

med_status med_ndc_list_load_embedded(const char *spec, med_ndc_list **out, med_error *error)
{
    return load_embedded(&LISTS, spec, out, error);
}

med_status med_rxnorm_list_load_buffer(const char *data, size_t size, const char *name,
                                       med_ndc_list **out, med_error *error)
{
    return load_buffer(&RXNORM_LISTS, data, size, name, out, error);
}

med_status med_rxnorm_list_load_file(const char *path, med_ndc_list **out, med_error *error)
{
    return load_file(&RXNORM_LISTS, path, out, error);
}

med_status med_rxnorm_list_load_embedded(const char *spec, med_ndc_list **out, med_error *error)
{
    return load_embedded(&RXNORM_LISTS, spec, out, error);
}

void med_ndc_list_free(med_ndc_list *list)
{
    if (list == NULL)
        return;
    free(list->entries);
    med__arena_free(&list->arena);
    free(list);
}
