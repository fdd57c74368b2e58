/* Typed access to YAML trees with file:line:column errors; see schema.h. */
#include "tables/schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"

med_status med__schema_fail(const med_schema_ctx *c, const med_ynode *node, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *text = node && node->kind == MED_Y_SCALAR ? node->value : NULL;
    return med__fail(c->error, MED_ERR_INVALID, c->source, node ? node->line : 0,
                     node ? node->column : 0, text, "%s", msg);
}

static int allowed_key(const char *key, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (strcmp(key, *allowed) == 0)
            return 1;
    return 0;
}

/* Lists the allowed keys for the message, so the fix is obvious. */
static void join_keys(const char *const *allowed, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (; *allowed && used < cap; allowed++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", used ? ", " : "", *allowed);
}

med_status med__schema_keys(const med_schema_ctx *c, const med_ynode *map, const char *what,
                            const char *const *allowed)
{
    if (map == NULL || map->kind != MED_Y_MAPPING)
        return med__schema_fail(c, map, "%s must be a mapping (key: value lines)", what);
    for (const med_ynode *k = map->first; k && k->next; k = k->next->next) {
        if (allowed_key(k->value, allowed))
            continue;
        char keys[300];
        join_keys(allowed, keys, sizeof keys);
        return med__schema_fail(c, k, "unknown key '%s' in %s; expected one of: %s", k->value,
                                what, keys);
    }
    return MED_OK;
}

med_status med__schema_text(const med_schema_ctx *c, const med_ynode *map, const char *key,
                            int required, const char **out)
{
    const med_ynode *v = med__ymap_get(map, key);
    *out = NULL;
    if (v == NULL) {
        if (!required)
            return MED_OK;
        return med__schema_fail(c, map, "missing required key '%s'", key);
    }
    if (v->kind != MED_Y_SCALAR)
        return med__schema_fail(c, v, "'%s' must be a single value, not a list or mapping", key);
    if (required && v->length == 0)
        return med__schema_fail(c, v, "'%s' must not be empty", key);
    *out = v->value;
    return MED_OK;
}

med_status med__schema_decimal(const med_schema_ctx *c, const med_ynode *map, const char *key,
                               int required, int allow_zero, med_q *out, const char **text)
{
    const char *t;
    med_status s = med__schema_text(c, map, key, required, &t);
    out->num = 0;
    out->den = 0;
    if (text)
        *text = t;
    if (s != MED_OK || t == NULL)
        return s;
    const med_ynode *v = med__ymap_get(map, key);
    int r = med__q_parse(t, strlen(t), out);
    if (r == -2)
        return med__schema_fail(c, v, "'%s: %s' has too many digits (at most 18)", key, t);
    if (r != 0)
        return med__schema_fail(c, v,
                                "'%s' must be a plain positive decimal such as 1.5 or 0.15 "
                                "(no sign, exponent, .5, inf or nan), not '%s'",
                                key, t);
    if (!allow_zero && med__q_sign(*out) <= 0)
        return med__schema_fail(c, v, "'%s' must be greater than zero, not '%s'", key, t);
    return MED_OK;
}

med_status med__schema_seq(const med_schema_ctx *c, const med_ynode *map, const char *key,
                           int required, const med_ynode **out)
{
    const med_ynode *v = med__ymap_get(map, key);
    *out = NULL;
    if (v == NULL)
        return required ? med__schema_fail(c, map, "missing required list '%s'", key) : MED_OK;
    if (v->kind != MED_Y_SEQUENCE)
        return med__schema_fail(c, v, "'%s' must be a list (lines starting with '- ')", key);
    if (required && v->count == 0)
        return med__schema_fail(c, v, "'%s' must not be empty", key);
    *out = v;
    return MED_OK;
}

int med__schema_in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

med_status med__schema_nomem(const med_schema_ctx *c)
{
    return med__fail(c->error, MED_ERR_NOMEM, c->source, 0, 0, NULL, "out of memory");
}

/* A present but empty text counts as absent for the quote/summary rule, and is refused. */
static med_status basis_text(const med_schema_ctx *c, const med_ynode *map, const char *key,
                             const char **out)
{
    med_status s = med__schema_text(c, map, key, 0, out);
    if (s == MED_OK && *out && (*out)[0] == '\0')
        return med__schema_fail(c, med__ymap_get(map, key), "'%s' must not be empty", key);
    return s;
}

med_status med__schema_basis(const med_schema_ctx *c, const med_ynode *map, const char *what,
                             med_schema_basis *out)
{
    const med_ynode *old = med__ymap_get(map, "advice");
    med_status s;
    memset(out, 0, sizeof *out);
    if (old)
        return med__schema_fail(c, old, "'advice' is not a key any more: write the source's own "
                                        "words as 'quote' (with 'location'), or the file's own "
                                        "words as 'summary' (with 'summarises')");
    s = basis_text(c, map, "quote", &out->quote);
    if (s == MED_OK) s = basis_text(c, map, "location", &out->location);
    if (s == MED_OK) s = basis_text(c, map, "summary", &out->summary);
    if (s == MED_OK) s = basis_text(c, map, "summarises", &out->summarises);
    if (s == MED_OK) s = basis_text(c, map, "source", &out->source);
    if (s != MED_OK)
        return s;
    if (out->quote == NULL && out->summary == NULL)
        return med__schema_fail(c, map, "%s needs 'quote' (the source's own words, with "
                                        "'location') or 'summary' (the file's own words, with "
                                        "'summarises'): it has neither", what);
    if (out->quote && out->location == NULL)
        return med__schema_fail(c, med__ymap_get(map, "quote"),
                                "'quote' needs 'location': the recommendation or section of "
                                "the source it stands in");
    if (out->location && out->quote == NULL)
        return med__schema_fail(c, med__ymap_get(map, "location"),
                                "'location' says where a 'quote' stands, and there is none");
    if (out->summary && out->summarises == NULL)
        return med__schema_fail(c, med__ymap_get(map, "summary"),
                                "'summary' needs 'summarises': what the summary restates");
    if (out->summarises && out->summary == NULL)
        return med__schema_fail(c, med__ymap_get(map, "summarises"),
                                "'summarises' goes with a 'summary', and there is none");
    return MED_OK;
}
