/* Point-of-care flags of the risk rules (the `point_of_care:` list of risk-rules.yaml): what
 * one set of concurrent orders raises at once, with the guideline's words: an opioid with a
 * benzodiazepine or a gabapentinoid, and naloxone advice. Read here, kept apart from the
 * patient flags in rules.c, which need a patient's days. */
#include <string.h>

#include "patients/rules_private.h"

static const char *const CARE_KEYS[] = {"name", "description", "source", "quote", "location",
                                        "summary", "summarises", "any", NULL};
static const char *const CARE_COND_KEYS[] = {"measure", "at_least", "coprescribed", NULL};

static const struct { const char *name; unsigned bit; } CLASSES[] = {
    {"benzodiazepine", MED_COPRESCRIBED_BENZODIAZEPINE},
    {"gabapentinoid", MED_COPRESCRIBED_GABAPENTINOID},
};

/* {coprescribed: CLASS} or {measure: total_mme, at_least: N}. */
static med_status read_care_condition(const med_schema_ctx *c, const med_ynode *e,
                                      med_care_condition *out)
{
    const char *cls, *measure, *text;
    med_status s = med__schema_keys(c, e, "a point-of-care condition", CARE_COND_KEYS);
    if (s == MED_OK) s = med__schema_text(c, e, "coprescribed", 0, &cls);
    if (s != MED_OK)
        return s;
    if (cls) {
        for (size_t i = 0; i < sizeof CLASSES / sizeof CLASSES[0]; i++)
            if (strcmp(CLASSES[i].name, cls) == 0) {
                out->coprescribed = CLASSES[i].bit;
                return MED_OK;
            }
        return med__schema_fail(c, med__ymap_get(e, "coprescribed"),
                                "'coprescribed: %s' must be benzodiazepine or gabapentinoid", cls);
    }
    s = med__schema_text(c, e, "measure", 1, &measure);
    if (s != MED_OK)
        return s;
    if (strcmp(measure, "total_mme") != 0)
        return med__schema_fail(c, med__ymap_get(e, "measure"),
                                "a point-of-care condition measures total_mme only, not '%s'",
                                measure);
    med_q q, scaled;
    s = med__schema_decimal(c, e, "at_least", 1, 1, &q, &text);
    if (s != MED_OK)
        return s;
    if (med__q_mul(q, med__q_int(100), &scaled) != 0 || scaled.den != 1 ||
        scaled.num > 100000000)
        return med__schema_fail(c, med__ymap_get(e, "at_least"),
                                "'at_least: %s' must be an MME/day with at most two decimals, at "
                                "most 1000000", text);
    out->at_least = (int64_t)scaled.num;
    return MED_OK;
}

static med_status read_care_any(const med_schema_ctx *c, const med_ynode *e, med_rules *r,
                                med_care_rule *f)
{
    const med_ynode *list = med__ymap_get(e, "any");
    if (list == NULL || list->kind != MED_Y_SEQUENCE || list->count == 0)
        return med__schema_fail(c, list ? list : e, "point-of-care flag '%s' needs 'any': a "
                                "non-empty list of conditions", f->flag.name);
    f->conditions = med__arena_alloc(&r->arena, list->count * sizeof *f->conditions);
    if (f->conditions == NULL)
        return med__schema_nomem(c);
    for (const med_ynode *item = list->first; item; item = item->next) {
        med_care_condition *cond = &f->conditions[f->count++];
        memset(cond, 0, sizeof *cond);
        med_status s = read_care_condition(c, item, cond);
        if (s != MED_OK)
            return s;
    }
    return MED_OK;
}

static med_status read_care_rule(const med_schema_ctx *c, const med_ynode *e, med_rules *r,
                                 med_care_rule *f)
{
    med_schema_basis b;
    med_status s = med__schema_keys(c, e, "a point-of-care flag", CARE_KEYS);
    if (s == MED_OK) s = med__schema_text(c, e, "name", 1, &f->flag.name);
    if (s == MED_OK) s = med__schema_text(c, e, "description", 1, &f->flag.description);
    if (s == MED_OK) s = med__schema_text(c, e, "source", 1, &f->flag.source);
    if (s == MED_OK) s = med__schema_basis(c, e, "a point-of-care flag", &b);
    if (s != MED_OK)
        return s;
    f->flag.quote = b.quote;
    f->flag.location = b.location;
    f->flag.summary = b.summary;
    f->flag.summarises = b.summarises;
    return read_care_any(c, e, r, f);
}

med_status med__rules_read_point_of_care(const med_schema_ctx *c, const med_ynode *root,
                                         med_rules *r)
{
    const med_ynode *list;
    med_status s = med__schema_seq(c, root, "point_of_care", 0, &list);
    if (s != MED_OK || list == NULL)
        return s;
    if (list->count > MED_MAX_CARE_FLAGS)
        return med__schema_fail(c, list, "at most %d point-of-care flags", MED_MAX_CARE_FLAGS);
    r->care = med__arena_alloc(&r->arena, (list->count ? list->count : 1) * sizeof *r->care);
    if (r->care == NULL)
        return med__schema_nomem(c);
    for (const med_ynode *e = list->first; e; e = e->next) {
        med_care_rule *f = &r->care[r->care_count];
        memset(f, 0, sizeof *f);
        s = read_care_rule(c, e, r, f);
        if (s != MED_OK)
            return s;
        for (size_t i = 0; i < r->care_count; i++)
            if (strcmp(r->care[i].flag.name, f->flag.name) == 0)
                return med__schema_fail(c, e, "point-of-care flag '%s' is defined twice",
                                        f->flag.name);
        r->care_count++;
    }
    return MED_OK;
}

/* A flag is raised when any of its conditions holds. The MME condition reads the sum of what
 * was computed: for an incomplete set a lower bound, so what it crosses the total crosses too. */
static int care_raised(const med_care_rule *f, const med_total *total)
{
    for (size_t i = 0; i < f->count; i++) {
        const med_care_condition *cond = &f->conditions[i];
        if (cond->coprescribed ? (total->coprescribed & cond->coprescribed) != 0
                               : total->computed_hundredths >= cond->at_least)
            return 1;
    }
    return 0;
}

size_t med_rules_care_count(const med_rules *rules, const med_total *total)
{
    size_t n = 0;
    if (rules == NULL || total == NULL || total->version < 2)
        return 0;
    for (size_t i = 0; i < rules->care_count; i++)
        n += care_raised(&rules->care[i], total) != 0;
    return n;
}

const med_care_flag *med_rules_care_flag(const med_rules *rules, const med_total *total,
                                         size_t index)
{
    if (rules == NULL || total == NULL || total->version < 2)
        return NULL;
    for (size_t i = 0; i < rules->care_count; i++)
        if (care_raised(&rules->care[i], total) && index-- == 0)
            return &rules->care[i].flag;
    return NULL;
}
