/* Loading a conversion table: YAML tree -> validated, immutable med_table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/embedded.h"
#include "common/error.h"
#include "common/readfile.h"
#include "tables/schema.h"
#include "common/sha256.h"
#include "tables/table_private.h"
#include "tables/table_read.h"
#include "tables/yamldoc.h"

#define DEFAULT_TABLE "cdc-2022"

static const char *const TOP_KEYS[] = {"id", "version", "title", "guideline", "source",
                                       "effective", "tiers_apply_to", "notes", "factors",
                                       "excluded", "absent", "thresholds", NULL};

const char *med__unit_name(med_unit unit)
{
    switch (unit) {
    case MED_UNIT_MG: return "mg";
    case MED_UNIT_MCG: return "mcg";
    case MED_UNIT_MCG_HR: return "mcg/hr";
    }
    return "?";
}

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

static med_status build(const char *data, size_t size, const char *source, const char *origin,
                        med_table *t, med_error *error)
{
    med_schema_ctx c = {source, error};
    med_ynode *root = NULL;
    med_status s = med__yaml_parse(data, size, source, &t->arena, &root, error);
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
    med__sha256_hex(data, size, t->digest);
    t->info.digest = t->digest;
    t->info.origin = med__arena_strndup(&t->arena, origin, strlen(origin));
    if (t->info.origin == NULL)
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    if (t->info.tiers_apply_to == NULL)
        t->info.tiers_apply_to = "prescription";
    return MED_OK;
}

med_status med_table_load_buffer(const char *yaml, size_t size, const char *name,
                                 med_table **out, med_error *error)
{
    med__error_clear(error);
    if (out == NULL || (yaml == NULL && size > 0))
        return med__fail(error, MED_ERR_ARGUMENT, name, 0, 0, NULL, "no table text given");
    *out = NULL;
    med_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return med__fail(error, MED_ERR_NOMEM, name, 0, 0, NULL, "out of memory");
    med__arena_init(&t->arena);
    const char *source = name ? name : "<buffer>";
    med_status s = build(yaml ? yaml : "", size, source, source, t, error);
    if (s != MED_OK) {
        if (error && error->code == MED_OK)
            med__fail(error, s, source, 0, 0, NULL, "out of memory");
        med_table_free(t);
        return s;
    }
    *out = t;
    return MED_OK;
}

void med_table_free(med_table *table)
{
    if (table == NULL)
        return;
    med__vocab_free(table->vocab);
    med__arena_free(&table->arena);
    free(table);
}

void med_table_get_info(const med_table *table, med_table_info *info)
{
    if (table && info)
        *info = table->info;
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

/* Only the ids listed as tables: the vocabulary, rules and NDC lists are embedded too. */
static const med_embedded_file *find_embedded(const char *id, size_t len)
{
    int listed = 0;
    for (const char *const *p = med_embedded_table_ids(); *p; p++)
        listed |= strlen(*p) == len && memcmp(*p, id, len) == 0;
    for (const med_embedded_file *f = med_embedded_files; listed && f->name; f++)
        if (strlen(f->name) == len && memcmp(f->name, id, len) == 0)
            return f;
    return NULL;
}

/* "id" or "id@version". */
med_status med_table_load_embedded(const char *spec, med_table **out, med_error *error)
{
    med__error_clear(error);
    if (out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no output given");
    *out = NULL;
    if (spec == NULL || *spec == '\0')
        spec = DEFAULT_TABLE;
    const char *at = strchr(spec, '@');
    size_t id_len = at ? (size_t)(at - spec) : strlen(spec);
    const med_embedded_file *f = find_embedded(spec, id_len);
    if (f == NULL) {
        char ids[200] = "";
        for (const char *const *p = med_embedded_table_ids(); *p; p++)
            snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", *ids ? ", " : "", *p);
        return med__fail(error, MED_ERR_NOT_FOUND, "<tables>", 0, 0, spec,
                         "no embedded table '%.*s'; the embedded tables are: %s (or give a path "
                         "to a .yaml file)",
                         (int)id_len, spec, ids);
    }
    char source[96];
    snprintf(source, sizeof source, "<embedded:%s>", f->name);
    med_table *t = NULL;
    med_status s = med_table_load_buffer(f->data, f->size, source, &t, error);
    if (s != MED_OK)
        return s;
    t->info.origin = "embedded";
    if (at && strcmp(at + 1, t->info.version) != 0) {
        s = med__fail(error, MED_ERR_VERSION, source, 0, 0, spec,
                      "table %s is version %s here, not %s as asked", t->info.id,
                      t->info.version, at + 1);
        med_table_free(t);
        return s;
    }
    *out = t;
    return MED_OK;
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

med_status med_table_threshold(const med_table *table, size_t index, med_threshold *out)
{
    if (table == NULL || out == NULL || index >= table->threshold_count)
        return MED_ERR_ARGUMENT;
    const med_threshold_rule *r = &table->thresholds[index];
    out->mme = med__q_to_double(r->mme);
    out->mme_text = r->mme_text;
    out->comparator = r->comparator;
    out->level = r->level;
    out->quote = r->quote;
    out->location = r->location;
    out->summary = r->summary;
    out->summarises = r->summarises;
    out->advice = r->quote ? r->quote : r->summary;
    out->source = r->source ? r->source : table->info.source;
    return MED_OK;
}

int med_threshold_crossed(const med_threshold *t, int64_t mme_hundredths)
{
    /* t->mme has at most two decimals (the loader checks), so this product is exact. */
    int64_t h = (int64_t)(t->mme * 100.0 + (t->mme >= 0 ? 0.5 : -0.5));
    return t->comparator == MED_CMP_GE ? mme_hundredths >= h : mme_hundredths > h;
}

const char *med_comparator_string(med_comparator comparator)
{
    return comparator == MED_CMP_GT ? ">" : ">=";
}

med_status med_table_load_file(const char *path, med_table **out, med_error *error)
{
    med__error_clear(error);
    if (path == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no table path given");
    *out = NULL;
    char *buf = NULL;
    size_t size = 0;
    med_status s = med__read_file(path, &buf, &size, error);
    if (s == MED_OK)
        s = med_table_load_buffer(buf, size, path, out, error);
    free(buf);
    return s;
}
