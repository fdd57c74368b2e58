/* Loading a conversion table: YAML tree -> validated, immutable med_table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/embedded.h"
#include "tables/loader.h"
#include "common/error.h"
#include "tables/schema.h"
#include "common/sha256.h"
#include "tables/table_private.h"
#include "tables/table_read.h"
#include "tables/yamldoc.h"

#define DEFAULT_TABLE "cdc-2022"

static const char *const TOP_KEYS[] = {"id", "version", "title", "guideline", "source",
                                       "effective", "tiers_apply_to", "notes", "factors",
                                       "excluded", "absent", "thresholds", NULL};

static int valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return 1;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD naming a real day. */
static int valid_date(const char *s)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= days[m - 1] + (m == 2 && leap(y));
}

static med_status read_header(const med_schema_ctx *c, const med_ynode *root, med_table *t)
{
    med_table_info *i = &t->info;
    med_status s = med__schema_keys(c, root, "a table", TOP_KEYS);
    if (s == MED_OK) s = med__schema_text(c, root, "id", 1, &i->id);
    if (s == MED_OK) s = med__schema_text(c, root, "version", 1, &i->version);
    if (s == MED_OK) s = med__schema_text(c, root, "title", 1, &i->title);
    if (s == MED_OK) s = med__schema_text(c, root, "guideline", 1, &i->guideline);
    if (s == MED_OK) s = med__schema_text(c, root, "source", 1, &i->source);
    if (s == MED_OK) s = med__schema_text(c, root, "effective", 1, &i->effective);
    if (s == MED_OK) s = med__schema_text(c, root, "notes", 0, &t->notes);
    if (s == MED_OK) s = med__schema_text(c, root, "tiers_apply_to", 0, &i->tiers_apply_to);
    if (s != MED_OK)
        return s;
    if (!valid_id(i->id))
        return med__schema_fail(c, med__ymap_get(root, "id"),
                                "'id' must be lowercase letters, digits and '-' (at most 64), "
                                "not '%s'", i->id);
    if (!valid_date(i->effective))
        return med__schema_fail(c, med__ymap_get(root, "effective"),
                                "'effective' must be a date written YYYY-MM-DD, not '%s'",
                                i->effective);
    if (i->tiers_apply_to && strcmp(i->tiers_apply_to, "total") != 0 &&
        strcmp(i->tiers_apply_to, "prescription") != 0)
        return med__schema_fail(c, med__ymap_get(root, "tiers_apply_to"),
                                "'tiers_apply_to' must be 'total' or 'prescription', not '%s'",
                                i->tiers_apply_to);
    t->tiers_total = i->tiers_apply_to && strcmp(i->tiers_apply_to, "total") == 0;
    return MED_OK;
}


static med_status build(const char *data, size_t size, const char *source,
                        const med_embedded_file *known, const char *origin, med_table *t,
                        med_error *error)
{
    med_schema_ctx c = {source, error};
    const med_ynode *root = NULL;
    med_status s = med__yaml_parse_known(known, data, size, source, &t->arena, &root, error);
    if (s == MED_OK)
        s = med__vocab_load_embedded(&t->vocab, error);
    if (s == MED_OK)
        s = read_header(&c, root, t);
    if (s == MED_OK)
        s = med__table_read_factors(&c, root, t);
    if (s == MED_OK)
        s = med__table_read_exclusions(&c, root, t);
    if (s == MED_OK)
        s = med__table_read_thresholds(&c, root, t);
    if (s != MED_OK)
        return s;
    if (med__table_publish(t) != MED_OK || med__table_index(t) != MED_OK)
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    med__sha256_hex_known(data, size, known ? known->digest : NULL, t->digest);
    t->info.digest = t->digest;
    t->info.origin = med__arena_strndup(&t->arena, origin, strlen(origin));
    if (t->info.origin == NULL)
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    if (t->info.tiers_apply_to == NULL)
        t->info.tiers_apply_to = "prescription";
    size_t n = strlen(t->info.id) + strlen(t->info.version) + 2;
    char *name = med__arena_alloc(&t->arena, n);
    if (name == NULL)
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    snprintf(name, n, "%s@%s", t->info.id, t->info.version);
    t->name = name;
    return MED_OK;
}

const med_table_info *med_table_get_info(const med_table *table)
{
    return table ? &table->info : NULL;
}

/* The loader's parse: a table from YAML bytes. */
static med_status parse_table(const char *data, size_t size, const char *source,
                              const med_embedded_file *known, void **out, med_error *error)
{
    med_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    med__arena_init(&t->arena);
    med_status s = build(data, size, source, known, source, t, error);
    if (s != MED_OK) {
        med_table_free(t);
        return s;
    }
    *out = t;
    return MED_OK;
}

static const char *table_version(const void *t)
{
    return ((const med_table *)t)->info.version;
}

static void table_origin(void *t, const char *origin)
{
    ((med_table *)t)->info.origin = origin; /* only ever "embedded", a static string */
}

static void table_release(void *t)
{
    med_table_free(t);
}

static const med__loader TABLES = {"table", "tables are", med_embedded_files, NULL, DEFAULT_TABLE,
                                   "a .yaml file", "<tables>", parse_table, table_version, table_origin,
                                   table_release};

/* The loader, with the ids of the embedded tables (the other embedded files are not tables). */
static med__loader tables_loader(void)
{
    med__loader l = TABLES;
    l.ids = med_embedded_table_ids();
    return l;
}

med_status med_table_load_buffer(const char *yaml, size_t size, const char *name,
                                 med_table **out, med_error *error)
{
    med__loader l = tables_loader();
    void *t = NULL;
    med_status s = med__load_buffer(&l, yaml, size, name, out ? &t : NULL, error);
    if (out)
        *out = t;
    return s;
}

void med_table_free(med_table *table)
{
    if (table == NULL)
        return;
    if (table->base) { /* a table with a fallback (fallback.c): only what it owns */
        med_table_free(table->owned[0]);
        med_table_free(table->owned[1]);
        free(table);
        return;
    }
    med__vocab_free(table->vocab);
    med__strmap_free(&table->by_ingredient);
    med__arena_free(&table->arena);
    free(table);
}

const char *med_default_table_id(void)
{
    return DEFAULT_TABLE;
}

const char *const *med_embedded_table_ids(void)
{
    static const char *const ids[] = {"cdc-2022", "cdc-2016", "cms-2018", "hedis-2025",
                                      "wa-amdg-2015", NULL};
    return ids;
}

/* "id" or "id@version". */
med_status med_table_load_embedded(const char *spec, med_table **out, med_error *error)
{
    med__loader l = tables_loader();
    void *t = NULL;
    med_status s = med__load_embedded(&l, spec, out ? &t : NULL, error);
    if (out)
        *out = t;
    return s;
}

static int looks_like_path(const char *spec)
{
    size_t n = strlen(spec);
    return strchr(spec, '/') != NULL || (n > 5 && strcmp(spec + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(spec + n - 4, ".yml") == 0);
}

med_status med_table_load(const char *spec, med_table **out, med_error *error)
{
    if (spec && looks_like_path(spec))
        return med_table_load_file(spec, out, error);
    return med_table_load_embedded(spec, out, error);
}

size_t med_table_threshold_count(const med_table *table)
{
    return table ? table->threshold_count : 0;
}

const med_threshold *med_table_threshold(const med_table *table, size_t index)
{
    if (table == NULL || index >= table->threshold_count)
        return NULL;
    return &table->thresholds[index].pub;
}

int med_threshold_crossed(const med_threshold *t, int64_t mme_hundredths)
{
    if (t == NULL)
        return 0;
    return t->comparator == MED_CMP_GE ? mme_hundredths >= t->mme_hundredths
                                       : mme_hundredths > t->mme_hundredths;
}

const char *med_comparator_string(med_comparator comparator)
{
    return comparator == MED_CMP_GT ? ">" : ">=";
}

med_status med_table_load_file(const char *path, med_table **out, med_error *error)
{
    med__loader l = tables_loader();
    void *t = NULL;
    med_status s = med__load_file(&l, path, out ? &t : NULL, error);
    if (out)
        *out = t;
    return s;
}
