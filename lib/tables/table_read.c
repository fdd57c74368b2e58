/* Reading and checking a table's factors, exclusions and thresholds. */
#include "tables/table_read.h"

#include <string.h>

#include "common/error.h"

static const char *const FACTOR_KEYS[] = {"ingredient", "form", "unit", "factor", "tiers",
                                          "per", "patch_hours", "note", NULL};
static const char *const TIER_KEYS[] = {"above", "at_most", "factor", "note", NULL};
static const char *const EXCLUDED_KEYS[] = {"ingredient", "form", "reason", NULL};
static const char *const ABSENT_KEYS[] = {"ingredient", "note", NULL};
/* "advice" is listed only so that med__schema_basis can say what replaced it. */
static const char *const THRESHOLD_KEYS[] = {"mme", "comparator", "level", "quote", "location",
                                             "summary", "summarises", "source", "note",
                                             "advice", NULL};
static const char *const FORMS[] = {"patch", "buccal", "film", "oral-spray", "nasal-spray",
                                    "injection", "rectal", "oral", NULL};

/* The largest factor a table may give: no published factor comes near it (levorphanol's 11
 * is the largest per mg), and it keeps every product of doses and factors exact. */
#define MAX_FACTOR 1000

static med_status check_factor(const med_schema_ctx *c, const med_ynode *e, med_q factor,
                               const char *text)
{
    if (med__q_cmp(factor, med__q_int(MAX_FACTOR)) <= 0)
        return MED_OK;
    return med__schema_fail(c, med__ymap_get(e, "factor"),
                            "factor %s is above %d: no conversion factor is that large", text,
                            MAX_FACTOR);
}


static int same_form(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* The ingredient must be one the vocabulary knows, so a typo cannot hide a factor. */
static med_status read_ingredient(const med_schema_ctx *c, const med_ynode *e, const med_table *t,
                                  const char **out)
{
    med_status s = med__schema_text(c, e, "ingredient", 1, out);
    if (s == MED_OK && !med__vocab_is_ingredient(t->vocab, *out))
        return med__schema_fail(c, med__ymap_get(e, "ingredient"),
                                "'%s' is not an ingredient in the vocabulary; use its canonical "
                                "name (for example 'meperidine', 'levorphanol')",
                                *out);
    /* The vocabulary's own copy of the name, the one a resolved drug points to: a computation
     * then knows its rows by the address before comparing any text (dose.c, look_up). */
    if (s == MED_OK)
        *out = med__vocab_ingredient_name(t->vocab, *out);
    return s;
}

/* "oral" is the default form and is stored as NULL. */
static med_status read_form(const med_schema_ctx *c, const med_ynode *e, const char **out)
{
    med_status s = med__schema_text(c, e, "form", 0, out);
    if (s != MED_OK || *out == NULL)
        return s;
    if (!med__schema_in_list(*out, FORMS))
        return med__schema_fail(c, med__ymap_get(e, "form"),
                                "unknown form '%s'; expected one of: patch, buccal, film, "
                                "oral-spray, nasal-spray, injection, rectal, oral",
                                *out);
    if (strcmp(*out, "oral") == 0)
        *out = NULL;
    return MED_OK;
}

static med_status read_unit(const med_schema_ctx *c, const med_ynode *e, med_factor *f)
{
    const char *u;
    med_status s = med__schema_text(c, e, "unit", 1, &u);
    if (s != MED_OK)
        return s;
    if (strcmp(u, "mg") == 0)
        f->unit = MED_UNIT_MG;
    else if (strcmp(u, "mcg") == 0)
        f->unit = MED_UNIT_MCG;
    else if (strcmp(u, "mcg/hr") == 0)
        f->unit = MED_UNIT_MCG_HR;
    else
        return med__schema_fail(c, med__ymap_get(e, "unit"),
                                "unknown unit '%s'; expected mg, mcg or mcg/hr", u);
    return MED_OK;
}

/* Patch factors say what they multiply (a rate, or patches dispensed per day) and how long a
 * patch is worn, which is what lets both methods work under every table. */
static med_status read_patch(const med_schema_ctx *c, const med_ynode *e, med_factor *f)
{
    const char *per;
    med_status s = med__schema_text(c, e, "per", f->unit == MED_UNIT_MCG_HR, &per);
    if (s == MED_OK)
        s = med__schema_decimal(c, e, "patch_hours", f->unit == MED_UNIT_MCG_HR, 0,
                                &f->patch_hours, NULL);
    if (s != MED_OK)
        return s;
    if (f->unit != MED_UNIT_MCG_HR) {
        if (per || !med__q_absent(f->patch_hours))
            return med__schema_fail(c, med__ymap_get(e, per ? "per" : "patch_hours"),
                                    "'per' and 'patch_hours' belong to mcg/hr (patch) factors only");
        f->per = MED_PER_DOSE;
        return MED_OK;
    }
    if (strcmp(per, "rate") == 0)
        f->per = MED_PER_RATE;
    else if (strcmp(per, "patch-day") == 0)
        f->per = MED_PER_PATCH_DAY;
    else
        return med__schema_fail(c, med__ymap_get(e, "per"),
                                "'per' must be 'rate' or 'patch-day', not '%s'", per);
    if (f->form && strcmp(f->form, "patch") != 0)
        return med__schema_fail(c, med__ymap_get(e, "form"),
                                "a mcg/hr factor is for a patch, not form '%s'", f->form);
    f->form = "patch";
    return MED_OK;
}

static med_status read_tier(const med_schema_ctx *c, const med_ynode *e, med_tier *tier)
{
    med_status s = med__schema_keys(c, e, "a tier", TIER_KEYS);
    if (s == MED_OK)
        s = med__schema_decimal(c, e, "above", 1, 1, &tier->above, &tier->above_text);
    if (s == MED_OK)
        s = med__schema_decimal(c, e, "at_most", 0, 0, &tier->at_most, &tier->at_most_text);
    if (s == MED_OK)
        s = med__schema_decimal(c, e, "factor", 1, 0, &tier->factor, &tier->factor_text);
    if (s == MED_OK)
        s = check_factor(c, e, tier->factor, tier->factor_text);
    if (s == MED_OK)
        s = med__schema_text(c, e, "note", 0, &tier->note);
    if (s == MED_OK && !med__q_absent(tier->at_most) && med__q_cmp(tier->at_most, tier->above) <= 0)
        return med__schema_fail(c, med__ymap_get(e, "at_most"),
                                "tier 'at_most: %s' must be greater than 'above: %s'",
                                tier->at_most_text, tier->above_text);
    return s;
}

/* Tiers are half-open intervals (above, at_most] that must tile (0, top] with no gap or overlap. */
static med_status check_tier_chain(const med_schema_ctx *c, const med_ynode *item,
                                   const med_tier *prev, const med_tier *tier)
{
    if (prev == NULL) {
        if (med__q_sign(tier->above) != 0)
            return med__schema_fail(c, med__ymap_get(item, "above"),
                                    "the first tier must start at 'above: 0', not '%s': doses "
                                    "below it would get no factor",
                                    tier->above_text);
        return MED_OK;
    }
    if (med__q_absent(prev->at_most))
        return med__schema_fail(c, item, "only the last tier may leave out 'at_most'");
    int cmp = med__q_cmp(tier->above, prev->at_most);
    if (cmp != 0)
        return med__schema_fail(c, med__ymap_get(item, "above"),
                                "tiers %s: 'above: %s' must equal the previous tier's 'at_most: "
                                "%s'",
                                cmp < 0 ? "overlap" : "leave a gap", tier->above_text,
                                prev->at_most_text);
    return MED_OK;
}

static med_status read_tiers(const med_schema_ctx *c, const med_ynode *list, med_table *t,
                             med_factor *f)
{
    if (list->kind != MED_Y_SEQUENCE || list->count == 0)
        return med__schema_fail(c, list, "'tiers' must be a non-empty list");
    med_tier *tiers = med__arena_alloc(&t->arena, list->count * sizeof *tiers);
    if (tiers == NULL)
        return med__schema_nomem(c);
    size_t n = 0;
    for (const med_ynode *item = list->first; item; item = item->next, n++) {
        med_status s = read_tier(c, item, &tiers[n]);
        if (s == MED_OK)
            s = check_tier_chain(c, item, n ? &tiers[n - 1] : NULL, &tiers[n]);
        if (s != MED_OK)
            return s;
    }
    f->tiers = tiers;
    f->tier_count = n;
    return MED_OK;
}

static med_status read_factor_value(const med_schema_ctx *c, const med_ynode *e, med_table *t,
                                    med_factor *f)
{
    const med_ynode *tiers = med__ymap_get(e, "tiers");
    int has_factor = med__ymap_get(e, "factor") != NULL;
    if (has_factor == (tiers != NULL))
        return med__schema_fail(c, e, "a factor entry needs exactly one of 'factor' or 'tiers'");
    if (has_factor) {
        med_status s = med__schema_decimal(c, e, "factor", 1, 0, &f->factor, &f->factor_text);
        return s == MED_OK ? check_factor(c, e, f->factor, f->factor_text) : s;
    }
    if (!t->info.tiers_apply_to)
        return med__schema_fail(c, tiers,
                                "a table with tiers must say 'tiers_apply_to: total' or "
                                "'tiers_apply_to: prescription'");
    if (f->unit == MED_UNIT_MCG_HR)
        return med__schema_fail(c, tiers, "patch (mcg/hr) factors cannot be tiered");
    return read_tiers(c, tiers, t, f);
}

static med_status check_unique(const med_schema_ctx *c, const med_ynode *e, const med_table *t,
                               const med_factor *f)
{
    for (size_t i = 0; i < t->factor_count; i++)
        if (strcmp(t->factors[i].ingredient, f->ingredient) == 0 &&
            same_form(t->factors[i].form, f->form))
            return med__schema_fail(c, e, "a second factor for %s%s%s: each ingredient and form "
                                          "may have one entry",
                                    f->ingredient, f->form ? " " : "", f->form ? f->form : "");
    return MED_OK;
}

static med_status read_factor(const med_schema_ctx *c, const med_ynode *e, med_table *t,
                              med_factor *f)
{
    med_status s = med__schema_keys(c, e, "a factor entry", FACTOR_KEYS);
    if (s == MED_OK) s = read_ingredient(c, e, t, &f->ingredient);
    if (s == MED_OK) s = read_form(c, e, &f->form);
    if (s == MED_OK) s = read_unit(c, e, f);
    if (s == MED_OK) s = read_patch(c, e, f);
    if (s == MED_OK) s = read_factor_value(c, e, t, f);
    if (s == MED_OK) s = med__schema_text(c, e, "note", 0, &f->note);
    if (s == MED_OK) s = check_unique(c, e, t, f);
    return s;
}

med_status med__table_read_factors(const med_schema_ctx *c, const med_ynode *root, med_table *t)
{
    const med_ynode *list;
    med_status s = med__schema_seq(c, root, "factors", 1, &list);
    if (s != MED_OK)
        return s;
    t->factors = med__arena_alloc(&t->arena, list->count * sizeof *t->factors);
    if (t->factors == NULL)
        return med__schema_nomem(c);
    for (const med_ynode *e = list->first; e; e = e->next) {
        s = read_factor(c, e, t, &t->factors[t->factor_count]);
        if (s != MED_OK)
            return s;
        t->factor_count++;
    }
    return MED_OK;
}

static int has_factor_for(const med_table *t, const char *ingredient, const char *form, int any)
{
    for (size_t i = 0; i < t->factor_count; i++)
        if (strcmp(t->factors[i].ingredient, ingredient) == 0 &&
            (any || same_form(t->factors[i].form, form)))
            return 1;
    return 0;
}

static med_status read_excluded(const med_schema_ctx *c, const med_ynode *e, med_table *t,
                                med_exclusion *x)
{
    med_status s = med__schema_keys(c, e, "an excluded entry", EXCLUDED_KEYS);
    if (s == MED_OK) s = read_ingredient(c, e, t, &x->ingredient);
    if (s == MED_OK) s = read_form(c, e, &x->form);
    if (s == MED_OK) s = med__schema_text(c, e, "reason", 1, &x->reason);
    if (s == MED_OK && has_factor_for(t, x->ingredient, x->form, x->form == NULL))
        return med__schema_fail(c, e, "%s is both excluded and given a factor", x->ingredient);
    return s;
}

static med_status read_absent(const med_schema_ctx *c, const med_ynode *e, med_table *t,
                              med_absence *a)
{
    med_status s = med__schema_keys(c, e, "an absent entry", ABSENT_KEYS);
    if (s == MED_OK) s = read_ingredient(c, e, t, &a->ingredient);
    if (s == MED_OK) s = med__schema_text(c, e, "note", 1, &a->note);
    if (s == MED_OK && has_factor_for(t, a->ingredient, NULL, 1))
        return med__schema_fail(c, e, "%s is both absent and given a factor", a->ingredient);
    return s;
}

med_status med__table_read_exclusions(const med_schema_ctx *c, const med_ynode *root,
                                      med_table *t)
{
    const med_ynode *ex, *ab;
    med_status s = med__schema_seq(c, root, "excluded", 0, &ex);
    if (s == MED_OK)
        s = med__schema_seq(c, root, "absent", 0, &ab);
    if (s != MED_OK)
        return s;
    if (ex) {
        t->exclusions = med__arena_alloc(&t->arena, ex->count * sizeof *t->exclusions);
        if (t->exclusions == NULL)
            return med__schema_nomem(c);
        for (const med_ynode *e = ex->first; e && s == MED_OK; e = e->next)
            s = read_excluded(c, e, t, &t->exclusions[t->exclusion_count++]);
    }
    if (ab && s == MED_OK) {
        t->absences = med__arena_alloc(&t->arena, ab->count * sizeof *t->absences);
        if (t->absences == NULL)
            return med__schema_nomem(c);
        for (const med_ynode *e = ab->first; e && s == MED_OK; e = e->next)
            s = read_absent(c, e, t, &t->absences[t->absence_count++]);
    }
    return s;
}

static int valid_level(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || *s == '-'))
            return 0;
    return 1;
}

static med_status read_threshold(const med_schema_ctx *c, const med_ynode *e,
                                 med_threshold_rule *r)
{
    const char *cmp;
    med_schema_basis b;
    med_status s = med__schema_keys(c, e, "a threshold", THRESHOLD_KEYS);
    if (s == MED_OK) s = med__schema_decimal(c, e, "mme", 1, 0, &r->mme, &r->mme_text);
    if (s == MED_OK) s = med__schema_text(c, e, "comparator", 1, &cmp);
    if (s == MED_OK) s = med__schema_text(c, e, "level", 1, &r->level);
    if (s == MED_OK) s = med__schema_basis(c, e, "a threshold", &b);
    if (s == MED_OK) s = med__schema_text(c, e, "note", 0, &r->note);
    if (s != MED_OK)
        return s;
    r->quote = b.quote;
    r->location = b.location;
    r->summary = b.summary;
    r->summarises = b.summarises;
    r->source = b.source;
    if (med__q_cmp(r->mme, med__q_int(1000000)) > 0)
        return med__schema_fail(c, med__ymap_get(e, "mme"),
                                "threshold 'mme: %s' is above 1000000 MME/day", r->mme_text);
    int64_t h = 0; /* at most 1000000 MME/day: held */
    med_q hundred = med__q_int(100), scaled;
    if (med__q_hundredths(r->mme, &h) != 0 || med__q_mul(r->mme, hundred, &scaled) != 0 ||
        med__q_cmp(scaled, med__q_int(h)) != 0)
        return med__schema_fail(c, med__ymap_get(e, "mme"),
                                "threshold 'mme: %s' may have at most two decimals (MME/day is "
                                "compared after rounding to hundredths)",
                                r->mme_text);
    r->hundredths = h;
    if (strcmp(cmp, ">=") == 0)
        r->comparator = MED_CMP_GE;
    else if (strcmp(cmp, ">") == 0)
        r->comparator = MED_CMP_GT;
    else
        return med__schema_fail(c, med__ymap_get(e, "comparator"),
                                "'comparator' must be \">=\" or \">\", not '%s'", cmp);
    if (!valid_level(r->level))
        return med__schema_fail(c, med__ymap_get(e, "level"),
                                "'level' must be lowercase letters and '-', not '%s'", r->level);
    return MED_OK;
}

med_status med__table_read_thresholds(const med_schema_ctx *c, const med_ynode *root,
                                      med_table *t)
{
    const med_ynode *list;
    med_status s = med__schema_seq(c, root, "thresholds", 1, &list);
    if (s != MED_OK)
        return s;
    if (list->count > MED_MAX_THRESHOLDS)
        return med__schema_fail(c, list, "a table has at most %d thresholds; this one lists %zu",
                                MED_MAX_THRESHOLDS, list->count);
    t->thresholds = med__arena_alloc(&t->arena, list->count * sizeof *t->thresholds);
    if (t->thresholds == NULL)
        return med__schema_nomem(c);
    for (const med_ynode *e = list->first; e; e = e->next) {
        med_threshold_rule *r = &t->thresholds[t->threshold_count];
        s = read_threshold(c, e, r);
        if (s != MED_OK)
            return s;
        if (t->threshold_count && r->hundredths < t->thresholds[t->threshold_count - 1].hundredths)
            return med__schema_fail(c, med__ymap_get(e, "mme"),
                                    "thresholds must be listed in ascending order of mme");
        t->threshold_count++;
    }
    return MED_OK;
}
