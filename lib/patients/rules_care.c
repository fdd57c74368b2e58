/* The registry's part of the rules: care events, care gaps (an active patient on long-term
 * therapy with no review, urine drug test, ... in the last months), and which ingredients are
 * naloxone rescue products in the claims. Kept in the rules file so a clinic can change them. */
#include <string.h>

#include "common/error.h"
#include "patients/rules_private.h"

static const char *const BUILTIN[MED_EV_BUILTIN] = {"review", "uds", "pdmp", "agreement",
                                                    "naloxone", "function"};
static const char *const GAP_KEYS[] = {"name", "event", "months", "applies_to", "flag",
                                       "description", "source", "quote", "location", "summary",
                                       "summarises", NULL};
static const char *const NALOXONE_KEYS[] = {"description", "source", "quote", "location",
                                            "summary", "summarises", "ingredients", NULL};

int med__rules_event(const med_rules *r, const char *name)
{
    for (size_t i = 0; name && i < r->event_count; i++)
        if (strcmp(r->event_names[i], name) == 0)
            return (int)i;
    return -1;
}

/* A name for an event or a gap: lowercase letters, digits and '_', 1 to 40 bytes (it becomes a
 * CSV column's text and a JSON key). */
static int good_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 40)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

/* `months`: a whole number from 1 to 120, or "review" (the tier's review_months: 0). */
static med_status read_months(const med_schema_ctx *c, const med_ynode *e, int *out)
{
    const char *text;
    med_status s = med__schema_text(c, e, "months", 1, &text);
    if (s != MED_OK)
        return s;
    int v = 0;
    if (strcmp(text, "review") == 0) {
        *out = 0;
        return MED_OK;
    }
    for (const char *d = text; *d && v <= 120; d++)
        v = *d >= '0' && *d <= '9' ? v * 10 + (*d - '0') : 1000;
    if (v < 1 || v > 120)
        return med__schema_fail(c, med__ymap_get(e, "months"),
                                "'months: %s' must be a whole number from 1 to 120, or 'review' "
                                "(the tier's review_months)", text);
    *out = v;
    return MED_OK;
}

/* The event a gap looks for: a built-in one, or a new name the rules define. */
static med_status gap_event(const med_schema_ctx *c, const med_ynode *e, med_rules *r,
                            med_care_gap_rule *g)
{
    med_status s = med__schema_text(c, e, "event", 1, &g->event);
    if (s != MED_OK)
        return s;
    int i = med__rules_event(r, g->event);
    if (i < 0) {
        if (!good_name(g->event))
            return med__schema_fail(c, med__ymap_get(e, "event"),
                                    "event '%s' must be lowercase letters, digits and '_'",
                                    g->event);
        if (r->event_count == MED_MAX_EVENTS)
            return med__schema_fail(c, e, "at most %d events", MED_MAX_EVENTS);
        i = (int)r->event_count;
        r->event_names[r->event_count++] = g->event;
    }
    g->event_index = (size_t)i;
    return MED_OK;
}

static med_status gap_scope(const med_schema_ctx *c, const med_ynode *e, const med_rules *r,
                            med_care_gap_rule *g)
{
    const char *applies = NULL, *flag = NULL;
    med_status s = med__schema_text(c, e, "applies_to", 0, &applies);
    if (s == MED_OK) s = med__schema_text(c, e, "flag", 0, &flag);
    if (s != MED_OK)
        return s;
    g->long_term_only = applies == NULL || strcmp(applies, "active_long_term") == 0;
    if (applies && !g->long_term_only && strcmp(applies, "active") != 0)
        return med__schema_fail(c, med__ymap_get(e, "applies_to"),
                                "applies_to must be active_long_term or active, not '%s'",
                                applies);
    g->flag = -1;
    for (size_t i = 0; flag && i < r->flag_count; i++)
        if (strcmp(r->flags[i].name, flag) == 0)
            g->flag = (int)i;
    if (flag && g->flag < 0)
        return med__schema_fail(c, med__ymap_get(e, "flag"), "flag '%s' is not defined", flag);
    return MED_OK;
}

static med_status read_gap(const med_schema_ctx *c, const med_ynode *e, med_rules *r,
                           med_care_gap_rule *g)
{
    med_schema_basis b;
    med_status s = med__schema_keys(c, e, "a care gap", GAP_KEYS);
    if (s == MED_OK) s = med__schema_text(c, e, "name", 1, &g->name);
    if (s == MED_OK && !good_name(g->name))
        s = med__schema_fail(c, med__ymap_get(e, "name"),
                             "care gap name '%s' must be lowercase letters, digits and '_'",
                             g->name);
    if (s == MED_OK) s = med__schema_text(c, e, "description", 1, &g->description);
    if (s == MED_OK) s = med__schema_text(c, e, "source", 1, &g->source);
    if (s == MED_OK) s = med__schema_basis(c, e, "a care gap", &b);
    if (s == MED_OK) s = read_months(c, e, &g->months);
    if (s == MED_OK) s = gap_event(c, e, r, g);
    if (s == MED_OK) s = gap_scope(c, e, r, g);
    if (s != MED_OK)
        return s;
    g->quote = b.quote;
    g->location = b.location;
    g->summary = b.summary;
    g->summarises = b.summarises;
    for (size_t i = 0; i < r->gap_count; i++)
        if (strcmp(r->gaps[i].name, g->name) == 0)
            return med__schema_fail(c, e, "care gap '%s' is defined twice", g->name);
    return MED_OK;
}

static med_status read_gaps(const med_schema_ctx *c, const med_ynode *root, med_rules *r)
{
    const med_ynode *list;
    med_status s = med__schema_seq(c, root, "care_gaps", 0, &list);
    if (s != MED_OK || list == NULL)
        return s;
    if (list->count > MED_MAX_CARE_GAPS)
        return med__schema_fail(c, list, "at most %d care gaps", MED_MAX_CARE_GAPS);
    r->gaps = med__arena_alloc(&r->arena, (list->count ? list->count : 1) * sizeof *r->gaps);
    if (r->gaps == NULL)
        return med__schema_nomem(c);
    for (const med_ynode *e = list->first; e; e = e->next) {
        memset(&r->gaps[r->gap_count], 0, sizeof *r->gaps);
        if ((s = read_gap(c, e, r, &r->gaps[r->gap_count])) != MED_OK)
            return s;
        r->gap_count++;
    }
    return MED_OK;
}

/* `naloxone: {ingredients: [...]}`: single-ingredient fills of these are rescue products. A
 * combination (buprenorphine/naloxone) is computed as its opioid, so it never counts. */
static med_status read_naloxone(const med_schema_ctx *c, const med_ynode *root, med_rules *r)
{
    const med_ynode *n = med__ymap_get(root, "naloxone"), *list;
    med_schema_basis b;
    r->naloxone_ingredients[0] = "naloxone";
    r->naloxone_count = 1;
    if (n == NULL)
        return MED_OK;
    med_status s = med__schema_keys(c, n, "naloxone", NALOXONE_KEYS);
    if (s == MED_OK) s = med__schema_text(c, n, "source", 1, &r->naloxone_source);
    if (s == MED_OK) s = med__schema_basis(c, n, "naloxone", &b);
    if (s == MED_OK) s = med__schema_seq(c, n, "ingredients", 1, &list);
    if (s != MED_OK)
        return s;
    if (list->count == 0 || list->count > MED_MAX_NALOXONE)
        return med__schema_fail(c, list, "naloxone ingredients: 1 to %d names", MED_MAX_NALOXONE);
    r->naloxone_count = 0;
    for (const med_ynode *e = list->first; e; e = e->next) {
        if (e->kind != MED_Y_SCALAR)
            return med__schema_fail(c, e, "a naloxone ingredient is a name");
        r->naloxone_ingredients[r->naloxone_count++] = e->value;
    }
    return MED_OK;
}

med_status med__rules_read_care(const med_schema_ctx *c, const med_ynode *root, med_rules *r)
{
    for (size_t i = 0; i < MED_EV_BUILTIN; i++)
        r->event_names[i] = BUILTIN[i];
    r->event_count = MED_EV_BUILTIN;
    med_status s = read_gaps(c, root, r);
    return s == MED_OK ? read_naloxone(c, root, r) : s;
}
