/* Loading risk rules (risk-rules.yaml) and applying them to a patient's summary. */
#include <stdlib.h>
#include <string.h>

#include "tables/embedded.h"
#include "tables/loader.h"
#include "common/error.h"
#include "patients/patient_private.h"
#include "patients/rules_private.h"
#include "tables/schema.h"
#include "common/sha256.h"
#include "tables/yamldoc.h"

static const char *const TOP_KEYS[] = {"id", "version", "title", "source", "notes",
                                       "high_dose_mme", "long_term", "flags", "tiers",
                                       "point_of_care", "active_days", "care_gaps", "naloxone",
                                       "new_start_days", NULL};
static const char *const LONG_TERM_KEYS[] = {"description", "source", "quote", "location",
                                             "summary", "summarises", "window_days", "all",
                                             "any", NULL};
static const char *const FLAG_KEYS[] = {"name", "description", "source", "quote", "location",
                                        "summary", "summarises", "all", "any", NULL};
static const char *const TIER_KEYS[] = {"tier", "review_months", "all", "any", NULL};
static const char *const COND_KEYS[] = {"measure", "at_least", "above", "flag", NULL};

static const struct { const char *name; med_measure m; int mme; } MEASURES[] = {
    {"peak_mme", MED_M_PEAK, 1},
    {"average_mme", MED_M_AVERAGE, 1},
    {"average_covered_mme", MED_M_AVERAGE_COVERED, 1},
    {"mme_as_of", MED_M_AS_OF, 1},
    {"days_covered", MED_M_DAYS_COVERED, 0},
    {"treatment_days", MED_M_TREATMENT_DAYS, 0},
    {"benzodiazepine_overlap_days", MED_M_BENZO_OVERLAP, 0},
    {"prescribers", MED_M_PRESCRIBERS, 0},
    {"pharmacies", MED_M_PHARMACIES, 0},
    {"longest_run_at_highest", MED_M_LONGEST_RUN, 0},
    {"recent_days_covered", MED_M_RECENT_DAYS, 0},
};

/* A number for a condition: hundredths for MME measures (two decimals at most), else whole. */
static med_status read_value(const med_schema_ctx *c, const med_ynode *e, const char *key, int mme,
                             int64_t *out)
{
    med_q q;
    const char *text;
    med_status s = med__schema_decimal(c, e, key, 1, 1, &q, &text);
    if (s != MED_OK)
        return s;
    med_q scaled, hundred = med__q_int(mme ? 100 : 1);
    if (med__q_mul(q, hundred, &scaled) != 0 || scaled.den != 1 || scaled.num > 100000000)
        return med__schema_fail(c, med__ymap_get(e, key),
                                "'%s: %s' must be %s at most 1000000", key, text,
                                mme ? "an MME/day with at most two decimals," : "a whole number,");
    *out = (int64_t)scaled.num;
    return MED_OK;
}

static med_status read_flag_ref(const med_schema_ctx *c, const med_ynode *e, const med_rules *r,
                                size_t defined, med_condition *cond)
{
    const char *name;
    med_status s = med__schema_text(c, e, "flag", 1, &name);
    for (size_t i = 0; s == MED_OK && i < defined; i++)
        if (strcmp(r->flags[i].name, name) == 0) {
            cond->measure = MED_M_FLAG;
            cond->flag = i;
            return MED_OK;
        }
    return s != MED_OK ? s
                       : med__schema_fail(c, med__ymap_get(e, "flag"),
                                          "flag '%s' is not defined above this rule", name);
}

static med_status read_condition(const med_schema_ctx *c, const med_ynode *e, const med_rules *r,
                                 size_t defined_flags, med_condition *cond)
{
    const char *measure;
    med_status s = med__schema_keys(c, e, "a condition", COND_KEYS);
    if (s != MED_OK)
        return s;
    if (med__ymap_get(e, "flag"))
        return read_flag_ref(c, e, r, defined_flags, cond);
    s = med__schema_text(c, e, "measure", 1, &measure);
    if (s != MED_OK)
        return s;
    for (size_t i = 0; i < sizeof MEASURES / sizeof MEASURES[0]; i++) {
        if (strcmp(MEASURES[i].name, measure) != 0)
            continue;
        cond->measure = MEASURES[i].m;
        int has_above = med__ymap_get(e, "above") != NULL;
        if (has_above == (med__ymap_get(e, "at_least") != NULL))
            return med__schema_fail(c, e, "a condition needs exactly one of 'at_least' or 'above'");
        cond->strict = has_above;
        return read_value(c, e, has_above ? "above" : "at_least", MEASURES[i].mme, &cond->value);
    }
    return med__schema_fail(c, med__ymap_get(e, "measure"),
                            "unknown measure '%s' (see the comment at the top of risk-rules.yaml)",
                            measure);
}

/* An optional whole number of days from 1 to 3660 (`fallback` when the key is absent). */
static med_status read_days(const med_schema_ctx *c, const med_ynode *e, const char *key,
                            long fallback, long *out)
{
    int64_t v = fallback;
    if (med__ymap_get(e, key) == NULL) {
        *out = fallback;
        return MED_OK;
    }
    med_status s = read_value(c, e, key, 0, &v);
    if (s == MED_OK && (v < 1 || v > 3660))
        return med__schema_fail(c, med__ymap_get(e, key), "'%s' must be from 1 to 3660 days",
                                key);
    *out = (long)v;
    return s;
}

/* `all:` or `any:` (at most one of them); none means always true. */
static med_status read_expr(const med_schema_ctx *c, const med_ynode *e, med_rules *r,
                            size_t defined_flags, med_rule_expr *x)
{
    const med_ynode *all = med__ymap_get(e, "all"), *any = med__ymap_get(e, "any");
    if (all && any)
        return med__schema_fail(c, e, "give 'all' or 'any', not both");
    const med_ynode *list = all ? all : any;
    x->any = any != NULL;
    if (list == NULL)
        return MED_OK;
    if (list->kind != MED_Y_SEQUENCE || list->count == 0)
        return med__schema_fail(c, list, "'%s' must be a non-empty list of conditions",
                                all ? "all" : "any");
    med_condition *conds = med__arena_alloc(&r->arena, list->count * sizeof *conds);
    if (conds == NULL)
        return med__schema_nomem(c);
    size_t n = 0;
    for (const med_ynode *item = list->first; item; item = item->next) {
        med_status s = read_condition(c, item, r, defined_flags, &conds[n++]);
        if (s != MED_OK)
            return s;
    }
    x->conditions = conds;
    x->count = n;
    return MED_OK;
}

/* A flag says why it is raised: the source's words (quote) or the file's own (summary). */
static med_status read_basis(const med_schema_ctx *c, const med_ynode *e, med_flag_rule *f)
{
    med_schema_basis b;
    med_status s = med__schema_basis(c, e, "a flag", &b);
    if (s != MED_OK)
        return s;
    f->quote = b.quote;
    f->location = b.location;
    f->summary = b.summary;
    f->summarises = b.summarises;
    return MED_OK;
}

static med_status read_flags(const med_schema_ctx *c, const med_ynode *root, med_rules *r)
{
    const med_ynode *list;
    med_status s = med__schema_seq(c, root, "flags", 1, &list);
    if (s != MED_OK)
        return s;
    if (list->count > MED_MAX_PATIENT_FLAGS)
        return med__schema_fail(c, list, "at most %d flags", MED_MAX_PATIENT_FLAGS);
    r->flags = med__arena_alloc(&r->arena, list->count * sizeof *r->flags);
    if (r->flags == NULL)
        return med__schema_nomem(c);
    for (const med_ynode *e = list->first; e; e = e->next) {
        med_flag_rule *f = &r->flags[r->flag_count];
        s = med__schema_keys(c, e, "a flag", FLAG_KEYS);
        if (s == MED_OK) s = med__schema_text(c, e, "name", 1, &f->name);
        if (s == MED_OK) s = med__schema_text(c, e, "description", 1, &f->description);
        if (s == MED_OK) s = med__schema_text(c, e, "source", 1, &f->source);
        if (s == MED_OK) s = read_basis(c, e, f);
        if (s == MED_OK) s = read_expr(c, e, r, r->flag_count, &f->expr);
        if (s == MED_OK && f->expr.count == 0)
            s = med__schema_fail(c, e, "flag '%s' needs 'all' or 'any' conditions", f->name);
        if (s != MED_OK)
            return s;
        r->flag_count++;
    }
    return MED_OK;
}

static med_status read_tiers(const med_schema_ctx *c, const med_ynode *root, med_rules *r)
{
    const med_ynode *list;
    med_status s = med__schema_seq(c, root, "tiers", 1, &list);
    if (s != MED_OK)
        return s;
    if (list->count > MED_MAX_RULE_TIERS)
        return med__schema_fail(c, list, "at most %d tiers", MED_MAX_RULE_TIERS);
    r->tiers = med__arena_alloc(&r->arena, list->count * sizeof *r->tiers);
    if (r->tiers == NULL)
        return med__schema_nomem(c);
    for (const med_ynode *e = list->first; e; e = e->next) {
        med_tier_rule *t = &r->tiers[r->tier_count];
        int64_t months = 0;
        s = med__schema_keys(c, e, "a tier", TIER_KEYS);
        if (s == MED_OK) s = med__schema_text(c, e, "tier", 1, &t->tier);
        if (s == MED_OK) s = read_value(c, e, "review_months", 0, &months);
        if (s == MED_OK) s = read_expr(c, e, r, r->flag_count, &t->expr);
        if (s != MED_OK)
            return s;
        t->review_months = (int)months;
        int last = e->next == NULL;
        if ((t->expr.count == 0) != last)
            return med__schema_fail(c, e, last ? "the last tier is the default: it takes no "
                                                 "conditions"
                                               : "only the last tier may have no conditions");
        r->tier_count++;
    }
    return MED_OK;
}

static med_status read_rules(const med_schema_ctx *c, const med_ynode *root, med_rules *r)
{
    const char *title, *source;
    const med_ynode *lt;
    med_status s = med__schema_keys(c, root, "the rules", TOP_KEYS);
    if (s == MED_OK) s = med__schema_text(c, root, "id", 1, &r->id);
    if (s == MED_OK) s = med__schema_text(c, root, "version", 1, &r->version);
    if (s == MED_OK) s = med__schema_text(c, root, "title", 1, &title);
    if (s == MED_OK) s = med__schema_text(c, root, "source", 1, &source);
    if (s == MED_OK) s = med__schema_text(c, root, "high_dose_mme", 1, &r->high_dose_text);
    if (s == MED_OK) s = read_value(c, root, "high_dose_mme", 1, &r->high_dose_hundredths);
    if (s != MED_OK)
        return s;
    lt = med__ymap_get(root, "long_term");
    s = med__schema_keys(c, lt, "long_term", LONG_TERM_KEYS);
    if (s == MED_OK) s = med__schema_text(c, lt, "description", 1, &r->long_term_text);
    if (s == MED_OK) s = read_days(c, root, "active_days", 90, &r->active_days);
    if (s == MED_OK) s = read_days(c, lt, "window_days", 180, &r->long_term_window_days);
    if (s == MED_OK) s = read_flags(c, root, r);
    if (s == MED_OK) s = read_expr(c, lt, r, r->flag_count, &r->long_term);
    if (s == MED_OK) s = read_tiers(c, root, r);
    if (s == MED_OK) s = med__rules_read_point_of_care(c, root, r);
    if (s == MED_OK) s = med__rules_read_care(c, root, r);
    if (s == MED_OK) s = read_days(c, root, "new_start_days", 90, &r->new_start_days);
    return s;
}

/* The loader's parse: rules from their YAML bytes. */
static med_status parse_rules(const char *data, size_t size, const char *source,
                              const med_embedded_file *known, void **out, med_error *error)
{
    med_schema_ctx c = {source, error};
    const med_ynode *root = NULL;
    med_rules *r = calloc(1, sizeof *r);
    if (r == NULL)
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    med__arena_init(&r->arena);
    med_status s = med__yaml_parse_known(known, data, size, source, &r->arena, &root, error);
    if (s == MED_OK)
        s = read_rules(&c, root, r);
    if (s != MED_OK) {
        med_rules_free(r);
        return s;
    }
    med__sha256_hex_known(data, size, known ? known->digest : NULL, r->digest);
    *out = r;
    return MED_OK;
}

static const char *rules_version(const void *r)
{
    return ((const med_rules *)r)->version;
}

static void rules_origin(void *r, const char *origin)
{
    (void)r; /* rules do not report their origin */
    (void)origin;
}

static void rules_release(void *r)
{
    med_rules_free(r);
}

static const char *const RULES_IDS[] = {"risk-rules", NULL};
static const med__loader RULES = {"rules", "rules are", med_embedded_files, RULES_IDS,
                                  "risk-rules", "a .yaml file", "<embedded>", parse_rules, rules_version,
                                  rules_origin, rules_release};

med_status med_rules_load_embedded(const char *spec, med_rules **out, med_error *error)
{
    void *r = NULL;
    med_status s = med__load_embedded(&RULES, spec, out ? &r : NULL, error);
    if (out)
        *out = r;
    return s;
}

med_status med_rules_load_file(const char *path, med_rules **out, med_error *error)
{
    void *r = NULL;
    med_status s = med__load_file(&RULES, path, out ? &r : NULL, error);
    if (out)
        *out = r;
    return s;
}

med_status med_rules_load_buffer(const char *yaml, size_t size, const char *name,
                                 med_rules **out, med_error *error)
{
    void *r = NULL;
    med_status s = med__load_buffer(&RULES, yaml, size, name, out ? &r : NULL, error);
    if (out)
        *out = r;
    return s;
}

med_status med_rules_load(const char *spec, med_rules **out, med_error *error)
{
    if (spec == NULL || strcmp(spec, "risk-rules") == 0 || strncmp(spec, "risk-rules@", 11) == 0)
        return med_rules_load_embedded(spec, out, error);
    return med_rules_load_file(spec, out, error);
}

void med_rules_free(med_rules *rules)
{
    if (rules == NULL)
        return;
    med__arena_free(&rules->arena);
    free(rules);
}

void med_rules_get_info(const med_rules *rules, const char **id, const char **version,
                        const char **digest)
{
    if (id) *id = rules ? rules->id : NULL;
    if (version) *version = rules ? rules->version : NULL;
    if (digest) *digest = rules ? rules->digest : NULL;
}

const char *med_rules_high_dose_text(const med_rules *rules)
{
    return rules ? rules->high_dose_text : NULL;
}

const char *med_rules_long_term_text(const med_rules *rules)
{
    return rules ? rules->long_term_text : NULL;
}

long med_rules_active_days(const med_rules *rules)
{
    return rules ? rules->active_days : 0;
}

long med_rules_long_term_window_days(const med_rules *rules)
{
    return rules ? rules->long_term_window_days : 0;
}

static int64_t measure_value(const med__patient_summary *s, med_measure m)
{
    switch (m) {
    case MED_M_PEAK: return s->peak_hundredths;
    case MED_M_AVERAGE: return s->average_hundredths;
    case MED_M_AVERAGE_COVERED: return s->average_covered_hundredths;
    case MED_M_AS_OF: return s->as_of_hundredths;
    case MED_M_DAYS_COVERED: return s->days_covered;
    case MED_M_TREATMENT_DAYS: return s->treatment_days;
    case MED_M_BENZO_OVERLAP: return s->benzodiazepine_overlap_days;
    case MED_M_PRESCRIBERS: return s->prescribers;
    case MED_M_PHARMACIES: return s->pharmacies;
    case MED_M_LONGEST_RUN: return s->longest_run_at_highest;
    case MED_M_RECENT_DAYS: return s->recent_days_covered;
    case MED_M_FLAG: return 0;
    }
    return 0;
}

static int holds(const med_condition *c, const med__patient_summary *s, const int *raised)
{
    if (c->measure == MED_M_FLAG)
        return raised[c->flag];
    int64_t v = measure_value(s, c->measure);
    return c->strict ? v > c->value : v >= c->value;
}

/* Inline: some eight expressions a patient (each flag, long-term, the tiers), of a condition or
 * two each, where a call cost about as much as the conditions. */
static inline int evaluate(const med_rule_expr *x, const med__patient_summary *s,
                           const int *raised)
{
    if (x->count == 0)
        return 1;
    for (size_t i = 0; i < x->count; i++) {
        int h = holds(&x->conditions[i], s, raised);
        if (x->any && h)
            return 1;
        if (!x->any && !h)
            return 0;
    }
    return !x->any;
}

void med__rules_apply(const med_rules *rules, med__patient_summary *s)
{
    int raised[MED_MAX_PATIENT_FLAGS] = {0};
    s->flag_count = 0;
    for (size_t i = 0; i < rules->flag_count; i++) {
        raised[i] = evaluate(&rules->flags[i].expr, s, raised);
        if (raised[i])
            s->flags[s->flag_count++] = rules->flags[i].name;
    }
    s->long_term = evaluate(&rules->long_term, s, raised);
    for (size_t i = 0; i < rules->tier_count; i++)
        if (evaluate(&rules->tiers[i].expr, s, raised)) {
            s->risk_tier = rules->tiers[i].tier;
            s->review_months = rules->tiers[i].review_months;
            return;
        }
}
