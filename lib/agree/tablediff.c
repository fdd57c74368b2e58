/* What changed between two tables, ingredient by ingredient and form by form. Notes and reasons
 * are not compared: only what changes a number (factor, tiers, unit, patch convention) or the
 * status of a drug (listed, excluded, absent, not listed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "agree/agree_private.h"

typedef struct key {
    const char *ingredient;
    const char *form; /* NULL: oral for factors, every form for exclusions and absences */
    int any_form;     /* an exclusion or absence key: matches every form */
} key;

typedef struct keys {
    key *k;
    size_t n, cap;
} keys;

static int has_factor(const med_table *t, const char *ingredient)
{
    for (size_t i = 0; i < t->factor_count; i++)
        if (strcmp(t->factors[i].ingredient, ingredient) == 0)
            return 1;
    return 0;
}

static int push(keys *ks, const char *ingredient, const char *form, int any_form)
{
    for (size_t i = 0; i < ks->n; i++)
        if (strcmp(ks->k[i].ingredient, ingredient) == 0 && ks->k[i].any_form == any_form &&
            (ks->k[i].form == form || (form && ks->k[i].form && !strcmp(ks->k[i].form, form))))
            return 0;
    key *k = med__grow(ks->k, ks->n, &ks->cap, sizeof *k, 64);
    if (k == NULL)
        return -1;
    ks->k = k;
    ks->k[ks->n].ingredient = ingredient;
    ks->k[ks->n].form = form;
    ks->k[ks->n].any_form = any_form;
    ks->n++;
    return 0;
}

/* Every factor key of either table; exclusion and absence keys for drugs neither lists a
 * factor for (so "tramadol: absent -> 0.2" is one change, not a removal and an addition). */
static int collect(const med_table *a, const med_table *b, keys *ks)
{
    const med_table *both[2] = {a, b};
    for (int t = 0; t < 2; t++)
        for (size_t i = 0; i < both[t]->factor_count; i++)
            if (push(ks, both[t]->factors[i].ingredient, both[t]->factors[i].form, 0))
                return -1;
    for (int t = 0; t < 2; t++) {
        const med_table *x = both[t];
        for (size_t i = 0; i < x->exclusion_count; i++) {
            const med_exclusion *e = &x->exclusions[i];
            if (!has_factor(a, e->ingredient) && !has_factor(b, e->ingredient) &&
                push(ks, e->ingredient, e->form, e->form == NULL))
                return -1;
        }
        for (size_t i = 0; i < x->absence_count; i++)
            if (!has_factor(a, x->absences[i].ingredient) &&
                !has_factor(b, x->absences[i].ingredient) &&
                push(ks, x->absences[i].ingredient, NULL, 1))
                return -1;
    }
    return 0;
}

static int by_name(const void *pa, const void *pb)
{
    const key *a = pa, *b = pb;
    int c = strcmp(a->ingredient, b->ingredient);
    if (c != 0)
        return c;
    if ((a->form == NULL) != (b->form == NULL))
        return a->form == NULL ? -1 : 1;
    return a->form ? strcmp(a->form, b->form) : 0;
}

typedef enum { ST_NONE, ST_FACTOR, ST_EXCLUDED, ST_ABSENT } state_kind;

typedef struct state {
    state_kind kind;
    const med_factor *f;
} state;

/* How table `t` lists a key. */
static state lookup(const med_table *t, const key *k)
{
    state s = {ST_NONE, NULL};
    if (!k->any_form && (s.f = med__table_entry(t, k->ingredient, k->form)) != NULL) {
        s.kind = ST_FACTOR;
        return s;
    }
    for (size_t i = 0; i < t->exclusion_count; i++) {
        const med_exclusion *e = &t->exclusions[i];
        if (strcmp(e->ingredient, k->ingredient) == 0 &&
            (e->form == NULL || (k->form && strcmp(e->form, k->form) == 0)))
            return (state){ST_EXCLUDED, NULL};
    }
    for (size_t i = 0; i < t->absence_count; i++)
        if (strcmp(t->absences[i].ingredient, k->ingredient) == 0)
            return (state){ST_ABSENT, NULL};
    return s;
}

static int same_q(med_q a, med_q b)
{
    if (med__q_absent(a) || med__q_absent(b))
        return med__q_absent(a) && med__q_absent(b);
    return med__q_cmp(a, b) == 0;
}

/* The same numbers: unit, per, factor (or every tier), wear time. */
static int same_entry(const med_factor *a, const med_factor *b)
{
    if (a->unit != b->unit || a->per != b->per || a->tier_count != b->tier_count ||
        !same_q(a->patch_hours, b->patch_hours))
        return 0;
    if (a->tier_count == 0)
        return same_q(a->factor, b->factor);
    for (size_t i = 0; i < a->tier_count; i++)
        if (!same_q(a->tiers[i].above, b->tiers[i].above) ||
            !same_q(a->tiers[i].at_most, b->tiers[i].at_most) ||
            !same_q(a->tiers[i].factor, b->tiers[i].factor))
            return 0;
    return 1;
}

static int same_state(state a, state b)
{
    if (a.kind != b.kind)
        return 0;
    return a.kind != ST_FACTOR || same_entry(a.f, b.f);
}

static void describe(state s, char *buf, size_t cap)
{
    switch (s.kind) {
    case ST_NONE: snprintf(buf, cap, "not listed"); return;
    case ST_EXCLUDED: snprintf(buf, cap, "excluded"); return;
    case ST_ABSENT: snprintf(buf, cap, "absent (no factor)"); return;
    case ST_FACTOR: med__describe_entry(s.f, buf, cap); return;
    }
}

/* Patch entries that give the same MME/day under both methods: same rate, same wear time. */
static int equivalent(state a, state b)
{
    med_q ra, rb;
    return a.kind == ST_FACTOR && b.kind == ST_FACTOR &&
           med__patch_rate_factor(a.f, &ra) == 0 && med__patch_rate_factor(b.f, &rb) == 0 &&
           med__q_cmp(ra, rb) == 0 && same_q(a.f->patch_hours, b.f->patch_hours);
}

/* A change as the diff keeps it: the texts its public med_table_change points into. */
typedef struct change_rec {
    med_table_change c;
    char before[192], after[192];
} change_rec;

struct med_table_diff {
    change_rec *recs;
    size_t count;
};

static void fill(const key *k, state sa, state sb, change_rec *r)
{
    med_table_change *c = &r->c;
    memset(r, 0, sizeof *r);
    c->ingredient = k->ingredient;
    c->form = k->any_form ? "all" : k->form ? k->form : "oral";
    if (same_state(sa, sb))
        c->kind = MED_DIFF_SAME;
    else if (sa.kind == ST_NONE)
        c->kind = MED_DIFF_ADDED;
    else if (sb.kind == ST_NONE)
        c->kind = MED_DIFF_REMOVED;
    else
        c->kind = MED_DIFF_CHANGED;
    describe(sa, r->before, sizeof r->before);
    describe(sb, r->after, sizeof r->after);
    c->equivalent = c->kind == MED_DIFF_CHANGED && equivalent(sa, sb);
}

const char *med_diff_kind_string(med_diff_kind kind)
{
    switch (kind) {
    case MED_DIFF_SAME: return "same";
    case MED_DIFF_CHANGED: return "changed";
    case MED_DIFF_ADDED: return "added";
    case MED_DIFF_REMOVED: return "removed";
    }
    return "?";
}

med_status med_table_diff_new(const med_table *a, const med_table *b, int include_same,
                              med_table_diff **out)
{
    keys ks = {NULL, 0, 0};
    if (a == NULL || b == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    *out = NULL;
    med_table_diff *d = calloc(1, sizeof *d);
    if (d == NULL || collect(a, b, &ks) != 0 ||
        (d->recs = calloc(ks.n ? ks.n : 1, sizeof *d->recs)) == NULL) {
        free(ks.k);
        med_table_diff_free(d);
        return MED_ERR_NOMEM;
    }
    if (ks.n)
        qsort(ks.k, ks.n, sizeof *ks.k, by_name);
    for (size_t i = 0; i < ks.n; i++) {
        change_rec *r = &d->recs[d->count];
        fill(&ks.k[i], lookup(a, &ks.k[i]), lookup(b, &ks.k[i]), r);
        if (r->c.kind != MED_DIFF_SAME || include_same)
            d->count++;
    }
    for (size_t i = 0; i < d->count; i++) { /* the records no longer move */
        d->recs[i].c.before = d->recs[i].before;
        d->recs[i].c.after = d->recs[i].after;
    }
    free(ks.k);
    *out = d;
    return MED_OK;
}

void med_table_diff_free(med_table_diff *diff)
{
    if (diff)
        free(diff->recs);
    free(diff);
}

size_t med_table_diff_count(const med_table_diff *diff)
{
    return diff ? diff->count : 0;
}

const med_table_change *med_table_diff_get(const med_table_diff *diff, size_t index)
{
    return diff && index < diff->count ? &diff->recs[index].c : NULL;
}
