/* Conformance vectors: a curated, deterministic set of inputs for one table that covers every
 * factor entry (drug and form), combination products, liquids, PRN ranges, patches at several
 * change intervals, every tier boundary, the table's thresholds, excluded and absent drugs.
 * The clinical vectors are schedules, the supply vectors are fills (claims). The expected
 * values are whatever med_compute() gives; this file only chooses the inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "agree/agree_private.h"
#include "compute/input.h"

/* Methadone daily doses around the tier boundaries every shipped table and peer calculator
 * uses (CDC 2016 bands 1-20, 21-40, 41-60, ">=61-80"; CMS >20, >40, >60): the list. */
static const char *const METHADONE_DOSES[] = {"20", "20.5", "21", "40", "40.01", "60", "61",
                                              "80", "81"};

/* Combination products as claims and orders name them; the strength order follows the name
 * (codeine is printed second in acetaminophen/codeine 300/30). */
static const struct combination {
    const char *ingredient, *drug, *strength;
} COMBINATIONS[] = {
    {"hydrocodone", "hydrocodone/acetaminophen", "5/325"},
    {"oxycodone", "oxycodone/acetaminophen", "5/325"},
    {"codeine", "acetaminophen/codeine", "300/30"},
    {"tramadol", "tramadol/acetaminophen", "37.5/325"},
    {"benzhydrocodone", "benzhydrocodone/acetaminophen", "6.12/325"},
    {"pentazocine", "pentazocine/naloxone", "50/0.5"},
    {"dihydrocodeine", "acetaminophen/caffeine/dihydrocodeine", "320.5/30/16"},
};

/* Ingredients sold as oral liquids (solution or concentrate). */
static const char *const LIQUIDS[] = {"morphine", "oxycodone", "hydromorphone", "methadone",
                                      "codeine"};

/* A vector as the list keeps it: the texts its public med_vector points into. */
typedef struct vector_rec {
    char name[64], covers[160];
    med_method method;
    med__input_buf in;
} vector_rec;

struct med_vector_list {
    vector_rec *recs;
    med_vector *pub;
    size_t count, capacity;
};

typedef struct builder {
    med_vector_list *list;
    med_method method;
    int failed;   /* a name or field did not fit: a bug in this file, reported as LIMIT */
    int nomem;
} builder;

/* The fields of one vector input; NULL members stay empty. */
typedef struct spec {
    const char *drug, *form, *strength, *unit, *per_dose, *doses, *every, *qty, *days;
    int prn;
} spec;

static int set(char *dst, size_t cap, const char *src)
{
    return src && (size_t)snprintf(dst, cap, "%s", src) >= cap;
}

/* Room for one more vector; NULL when out of memory. */
static vector_rec *next_rec(builder *b)
{
    med_vector_list *l = b->list;
    vector_rec *recs = med__grow(l->recs, l->count, &l->capacity, sizeof *recs, 256);
    if (recs == NULL)
        return NULL;
    l->recs = recs;
    return &l->recs[l->count++];
}

static void add(builder *b, const char *name, const char *covers, const spec *s)
{
    vector_rec *v = next_rec(b);
    if (v == NULL) {
        b->nomem = 1;
        return;
    }
    memset(v, 0, sizeof *v);
    v->method = b->method;
    med__input_buf *in = &v->in;
    in->prn = s->prn;
    b->failed |= set(v->name, sizeof v->name, name) | set(v->covers, sizeof v->covers, covers) |
                 set(in->drug, sizeof in->drug, s->drug) |
                 set(in->form, sizeof in->form, s->form) |
                 set(in->strength, sizeof in->strength, s->strength) |
                 set(in->unit, sizeof in->unit, s->unit) |
                 set(in->units_per_dose, sizeof in->units_per_dose, s->per_dose) |
                 set(in->doses_per_day, sizeof in->doses_per_day, s->doses) |
                 set(in->every_hours, sizeof in->every_hours, s->every) |
                 set(in->quantity, sizeof in->quantity, s->qty) |
                 set(in->days_supply, sizeof in->days_supply, s->days);
}

static const char *form_of(const med_factor *f)
{
    return f->form ? f->form : "oral";
}

/* Clinical: one patch at several change intervals and strengths. Supply: patches dispensed. */
static void patch_vectors(builder *b, const med_factor *f)
{
    static const struct {
        const char *strength, *every, *clinical_name, *qty, *supply_name, *interval;
    } P[] = {
        {"25", NULL, "no change interval", "10", "10 patches", "one per 72 h"},
        {"25", "72", "changed every 72 h", "15", "15 patches", "one per 48 h"},
        {"25", "48", "changed every 48 h", "30", "30 patches", "one per 24 h"},
        {"25", "24", "changed every 24 h", "5", "5 patches", "one per 144 h"},
        {"12", "72", "changed every 72 h", "10", "10 patches", "one per 72 h"},
        {"75", "72", "changed every 72 h", "3", "3 patches", "one per 10 days"},
        {"100", "72", "changed every 72 h", "10", "10 patches", "one per 72 h"},
    };
    char name[64], covers[160];
    int clinical = b->method == MED_METHOD_CLINICAL;
    for (size_t i = 0; i < sizeof P / sizeof *P; i++) {
        spec sc = {f->ingredient, "patch", P[i].strength, "mcg/hr", NULL, NULL, P[i].every,
                   NULL, NULL, 0};
        spec ss = {f->ingredient, "patch", P[i].strength, "mcg/hr", NULL, NULL, NULL, P[i].qty,
                   "30", 0};
        if (clinical) {
            snprintf(name, sizeof name, "%s-patch-%smcg-hr-q%s%s", f->ingredient, P[i].strength,
                     P[i].every ? P[i].every : "none", P[i].every ? "h" : "");
            snprintf(covers, sizeof covers, "%s patch %s mcg/hr, %s", f->ingredient,
                     P[i].strength, P[i].clinical_name);
        } else {
            snprintf(name, sizeof name, "%s-patch-%smcg-hr-qty%s", f->ingredient, P[i].strength,
                     P[i].qty);
            snprintf(covers, sizeof covers, "%s patch %s mcg/hr, %s in 30 days (%s)",
                     f->ingredient, P[i].strength, P[i].supply_name, P[i].interval);
        }
        add(b, name, covers, clinical ? &sc : &ss);
    }
}

static const struct combination *combination_of(const char *ingredient)
{
    for (size_t i = 0; i < sizeof COMBINATIONS / sizeof *COMBINATIONS; i++)
        if (strcmp(COMBINATIONS[i].ingredient, ingredient) == 0)
            return &COMBINATIONS[i];
    return NULL;
}

static int is_liquid(const char *ingredient)
{
    for (size_t i = 0; i < sizeof LIQUIDS / sizeof *LIQUIDS; i++)
        if (strcmp(LIQUIDS[i], ingredient) == 0)
            return 1;
    return 0;
}

/* Oral extras: a PRN range, a fill with a fractional daily dose, a liquid, a combination. */
static void oral_extras(builder *b, const med_factor *f)
{
    const char *ing = f->ingredient;
    char name[64], covers[160];
    int clinical = b->method == MED_METHOD_CLINICAL;
    spec prn = {ing, NULL, "5", "mg", "2", NULL, "4", NULL, NULL, 1};
    spec odd = {ing, NULL, "10", "mg", NULL, NULL, NULL, "100", "30", 0};
    snprintf(name, sizeof name, "%s-oral-%s", ing, clinical ? "prn-range" : "fill-fraction");
    snprintf(covers, sizeof covers, clinical ? "%s 5 mg 2 tablets q4-6h PRN: counted at the "
                                               "most frequent interval (6 doses a day)"
                                             : "%s 100 tablets in 30 days: a daily dose with "
                                               "a repeating decimal (33.33 mg/day)", ing);
    add(b, name, covers, clinical ? &prn : &odd);
    if (is_liquid(ing)) {
        spec liquid_c = {ing, "oral solution", "5", "mg/5 mL", "10", NULL, "6", NULL, NULL, 0};
        spec liquid_s = {ing, "oral solution", "1", "mg/mL", NULL, NULL, NULL, "600", "30", 0};
        snprintf(name, sizeof name, "%s-oral-liquid", ing);
        snprintf(covers, sizeof covers, clinical ? "%s oral solution 5 mg/5 mL, 10 mL q6h"
                                                 : "%s oral solution 1 mg/mL, 600 mL in 30 "
                                                   "days", ing);
        add(b, name, covers, clinical ? &liquid_c : &liquid_s);
    }
    const struct combination *c = combination_of(ing);
    if (c) {
        spec combo_c = {c->drug, NULL, c->strength, "mg", "2", NULL, "6", NULL, NULL, 1};
        spec combo_s = {c->drug, NULL, c->strength, "mg", NULL, NULL, NULL, "120", "30", 0};
        snprintf(name, sizeof name, "%s-oral-combination", ing);
        snprintf(covers, sizeof covers, clinical ? "%s %s, 2 tablets q6h PRN: the opioid part "
                                                   "of a combination product"
                                                 : "%s %s, 120 tablets in 30 days: the opioid "
                                                   "part of a combination product",
                 c->drug, c->strength);
        add(b, name, covers, clinical ? &combo_c : &combo_s);
    }
}

/* A plain order or fill of any dose-based entry (mg or mcg, any form). */
static void dose_vector(builder *b, const med_factor *f)
{
    char name[64], covers[160];
    const char *form = f->form ? f->form : NULL;
    const char *unit = med__unit_name(f->unit);
    const char *strength = f->unit == MED_UNIT_MCG ? "100" : "10";
    int clinical = b->method == MED_METHOD_CLINICAL;
    spec sc = {f->ingredient, form, strength, unit, NULL, NULL, "6", NULL, NULL, 0};
    spec ss = {f->ingredient, form, strength, unit, NULL, NULL, NULL, "120", "30", 0};
    if (form && strcmp(form, "nasal-spray") == 0 && f->unit == MED_UNIT_MG) {
        /* A spray bottle dispensed in mL: CDC's butorphanol example, 10 mg/mL x 2.5 mL. */
        spec spray = {f->ingredient, form, "10", "mg/mL", NULL, NULL, NULL, "2.5", "30", 0};
        ss = spray;
        strength = "1";
        sc.strength = strength;
    }
    snprintf(name, sizeof name, "%s-%s-%s", f->ingredient, form_of(f),
             clinical ? "q6h" : "fill");
    if (clinical)
        snprintf(covers, sizeof covers, "%s %s %s %s q6h", f->ingredient, form_of(f), strength,
                 unit);
    else
        snprintf(covers, sizeof covers, "%s %s %s %s, %s in %s days", f->ingredient,
                 form_of(f), ss.strength, ss.unit, ss.qty, ss.days);
    add(b, name, covers, clinical ? &sc : &ss);
}

static int cmp_text_number(const void *pa, const void *pb)
{
    med_q a, b;
    const char *x = *(const char *const *)pa, *y = *(const char *const *)pb;
    if (med__q_parse(x, strlen(x), &a) || med__q_parse(y, strlen(y), &b))
        return strcmp(x, y);
    return med__q_cmp(a, b);
}

/* Adds `text` to the list unless an equal number is there. */
static void add_dose(char list[][24], size_t *n, size_t cap, const char *text)
{
    med_q q, o;
    if (*n >= cap || med__q_parse(text, strlen(text), &q) != 0)
        return;
    for (size_t i = 0; i < *n; i++)
        if (med__q_parse(list[i], strlen(list[i]), &o) == 0 && med__q_cmp(o, q) == 0)
            return;
    snprintf(list[(*n)++], 24, "%s", text);
}

/* Tier boundaries b, b + 0.01, b + 0.5, b + 1 of a tiered entry; the methadone doses. */
static void tier_vectors(builder *b, const med_factor *f)
{
    char doses[64][24], name[64], covers[160];
    size_t n = 0;
    static const char *const STEPS[] = {"0", "0.01", "0.5", "1"};
    if (f->tier_count)
        add_dose(doses, &n, 64, "10");
    for (size_t i = 0; i < f->tier_count; i++) {
        if (f->tiers[i].at_most_text == NULL)
            continue;
        for (size_t k = 0; k < sizeof STEPS / sizeof *STEPS; k++) {
            med_q step, sum;
            char text[24];
            if (med__q_parse(STEPS[k], strlen(STEPS[k]), &step) ||
                med__q_add(f->tiers[i].at_most, step, &sum))
                continue;
            med__q_format(sum, 2, text, sizeof text);
            add_dose(doses, &n, 64, text);
        }
    }
    if (strcmp(f->ingredient, "methadone") == 0)
        for (size_t i = 0; i < sizeof METHADONE_DOSES / sizeof *METHADONE_DOSES; i++)
            add_dose(doses, &n, 64, METHADONE_DOSES[i]);
    const char *ptrs[64];
    for (size_t i = 0; i < n; i++)
        ptrs[i] = doses[i];
    qsort(ptrs, n, sizeof *ptrs, cmp_text_number);
    int clinical = b->method == MED_METHOD_CLINICAL;
    const char *unit = med__unit_name(f->unit);
    for (size_t i = 0; i < n; i++) {
        spec sc = {f->ingredient, f->form, ptrs[i], unit, NULL, "1", NULL, NULL, NULL, 0};
        spec ss = {f->ingredient, f->form, ptrs[i], unit, NULL, NULL, NULL, "30", "30", 0};
        snprintf(name, sizeof name, "%s-%s-%s%s-day", f->ingredient, form_of(f), ptrs[i], unit);
        snprintf(covers, sizeof covers, "%s %s %s/day: %s", f->ingredient, ptrs[i], unit,
                 f->tier_count ? "tier boundary" : "a tier boundary of banded tables");
        add(b, name, covers, clinical ? &sc : &ss);
    }
}

/* Morphine at each threshold and a hundredth below it, where morphine's factor is 1. */
static void threshold_vectors(builder *b, const med_table *t)
{
    const med_factor *m = med__table_entry(t, "morphine", NULL);
    if (m == NULL || m->tier_count || med__q_cmp(m->factor, med__q_int(1)) != 0)
        return;
    for (size_t i = 0; i < t->threshold_count; i++) {
        med_q below, minus_cent = {-1, 100};
        char texts[2][24], name[64], covers[160];
        snprintf(texts[0], sizeof texts[0], "%s", t->thresholds[i].mme_text);
        if (med__q_add(t->thresholds[i].mme, minus_cent, &below))
            continue;
        med__q_format(below, 2, texts[1], sizeof texts[1]);
        for (int k = 0; k < 2; k++) {
            spec sc = {"morphine", NULL, texts[k], "mg", NULL, "1", NULL, NULL, NULL, 0};
            spec ss = {"morphine", NULL, texts[k], "mg", NULL, NULL, NULL, "30", "30", 0};
            snprintf(name, sizeof name, "morphine-oral-%smg-day-%s", texts[k],
                     k ? "below-threshold" : "threshold");
            snprintf(covers, sizeof covers, "morphine %s mg/day: %s the %s threshold %s %s",
                     texts[k], k ? "a hundredth below" : "exactly at",
                     t->thresholds[i].level, med_comparator_string(t->thresholds[i].comparator),
                     t->thresholds[i].mme_text);
            add(b, name, covers, b->method == MED_METHOD_CLINICAL ? &sc : &ss);
        }
    }
}

/* Excluded and absent drugs, and a drug that is not an opioid. */
static void status_vectors(builder *b, const med_table *t)
{
    char name[64], covers[160];
    int clinical = b->method == MED_METHOD_CLINICAL;
    for (size_t i = 0; i < t->exclusion_count; i++) {
        const med_exclusion *x = &t->exclusions[i];
        int patch = x->form && strcmp(x->form, "patch") == 0;
        spec sc = {x->ingredient, x->form, patch ? "10" : "8", patch ? "mcg/hr" : "mg", NULL,
                   patch ? NULL : "1", patch ? "168" : NULL, NULL, NULL, 0};
        spec ss = {x->ingredient, x->form, patch ? "10" : "8", patch ? "mcg/hr" : "mg", NULL,
                   NULL, NULL, patch ? "4" : "30", patch ? "28" : "30", 0};
        snprintf(name, sizeof name, "%s-%s-excluded", x->ingredient, x->form ? x->form : "any");
        snprintf(covers, sizeof covers, "%s: excluded by the table (no MME, not zero)",
                 x->ingredient);
        add(b, name, covers, clinical ? &sc : &ss);
    }
    for (size_t i = 0; i < t->absence_count; i++) {
        const char *ing = t->absences[i].ingredient;
        spec sc = {ing, NULL, "10", "mg", NULL, NULL, "6", NULL, NULL, 0};
        spec ss = {ing, NULL, "10", "mg", NULL, NULL, NULL, "120", "30", 0};
        snprintf(name, sizeof name, "%s-absent", ing);
        snprintf(covers, sizeof covers, "%s: the table gives no factor (an error, not zero)",
                 ing);
        add(b, name, covers, clinical ? &sc : &ss);
    }
    spec sc = {"alprazolam", NULL, "1", "mg", NULL, "2", NULL, NULL, NULL, 0};
    spec ss = {"alprazolam", NULL, "1", "mg", NULL, NULL, NULL, "60", "30", 0};
    add(b, "alprazolam-not-opioid", "a benzodiazepine: classified, no MME",
        clinical ? &sc : &ss);
}

static void one_method(builder *b, const med_table *t)
{
    for (size_t i = 0; i < t->factor_count; i++) {
        const med_factor *f = &t->factors[i];
        if (f->unit == MED_UNIT_MCG_HR) {
            patch_vectors(b, f);
            continue;
        }
        if (f->tier_count == 0)
            dose_vector(b, f);
        if (f->tier_count || strcmp(f->ingredient, "methadone") == 0)
            tier_vectors(b, f);
        if (f->form == NULL && f->unit == MED_UNIT_MG)
            oral_extras(b, f);
    }
    threshold_vectors(b, t);
    status_vectors(b, t);
}

/* The public vectors point into the records, which no longer move. */
static int publish(med_vector_list *l)
{
    l->pub = calloc(l->count ? l->count : 1, sizeof *l->pub);
    if (l->pub == NULL)
        return -1;
    for (size_t i = 0; i < l->count; i++) {
        const vector_rec *r = &l->recs[i];
        l->pub[i] = (med_vector){r->name, r->covers, r->method, med__input_view(&r->in)};
    }
    return 0;
}

med_status med_vectors_new(const med_table *table, med_method method, med_vector_list **out)
{
    if (table == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    *out = NULL;
    med_vector_list *l = calloc(1, sizeof *l);
    if (l == NULL)
        return MED_ERR_NOMEM;
    builder b = {l, MED_METHOD_CLINICAL, 0, 0};
    if (method != MED_METHOD_SUPPLY)
        one_method(&b, table);
    b.method = MED_METHOD_SUPPLY;
    if (method != MED_METHOD_CLINICAL)
        one_method(&b, table);
    med_status s = b.nomem || publish(l) != 0 ? MED_ERR_NOMEM : b.failed ? MED_ERR_LIMIT : MED_OK;
    if (s != MED_OK) {
        med_vectors_free(l);
        return s;
    }
    *out = l;
    return MED_OK;
}

void med_vectors_free(med_vector_list *list)
{
    if (list) {
        free(list->recs);
        free(list->pub);
    }
    free(list);
}

size_t med_vectors_count(const med_vector_list *list)
{
    return list ? list->count : 0;
}

const med_vector *med_vectors_get(const med_vector_list *list, size_t index)
{
    return list && index < list->count ? &list->pub[index] : NULL;
}
