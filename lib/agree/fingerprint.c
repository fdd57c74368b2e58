/* Which calculator a site runs. Each row is tried, as it is checked, under every combination of
 * the checker's tables, three methods (clinical, supply, and auto: clinical for orders and
 * supply for fills, as medcalc itself does), six roundings (of the result: none, one decimal,
 * whole, truncated; or of the daily dose before the factor: whole, one decimal), three methadone
 * tier conventions (the prescription's dose, the dose cut to whole mg, or the patient's total
 * daily methadone: a tier at or above the prescription's own, since the total holds it) and two
 * patch conventions (the table's, or its patch-day factor applied to the mcg/hr rate); a bit per
 * combination says whether it reproduces the reported value. A site's
 * fingerprint is the combination whose bits are set on the most rows: the search is a count,
 * so it costs nothing to ask again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree/explain.h"
#include "agree/fingerprint.h"
#include "common/grow.h"
#include "compute/calc_private.h"

#define TEXT_CAP 320
#define FIRST_TIE 4 /* calcs: best, the parts, then the ties */

struct med__fp_site {
    med__fp_row *rows;
    size_t count, cap;
    med_fingerprint pub;
    med_calculator *calcs; /* best, 3 parts, then the ties (FIRST_TIE on) */
    char (*texts)[TEXT_CAP];
    med_left_row *left;
    size_t *hits, *exact; /* per combination: rows reproduced, exactly */
    size_t *reps;         /* the calculators kept as ties, with best */
    unsigned char *covered;
};

/* Combination k: table k / MED__FP_PER_TABLE, then method, rounding, tier and patch
 * convention (the simplest of each first, so that a tie keeps it). */
static size_t combo(size_t table, int method, int rounding, int tier, int patch)
{
    return table * MED__FP_PER_TABLE + (size_t)method * MED__FP_PER_METHOD +
           (size_t)rounding * (MED__FP_TIERS * MED__FP_PATCHES) + (size_t)tier * MED__FP_PATCHES +
           (size_t)patch;
}

/* And back, from a combination: its rounding, tier and patch convention. */
static int rounding_of(size_t k)
{
    return (int)(k % MED__FP_PER_METHOD / (MED__FP_TIERS * MED__FP_PATCHES));
}

static int tier_of(size_t k)
{
    return (int)(k / MED__FP_PATCHES % MED__FP_TIERS);
}

static int patch_of(size_t k)
{
    return (int)(k % MED__FP_PATCHES);
}

static void set_bit(uint64_t *bits, size_t k)
{
    bits[k / 64] |= (uint64_t)1 << (k % 64);
}

static int bit(const uint64_t *bits, size_t k)
{
    return (int)((bits[k / 64] >> (k % 64)) & 1u);
}

/* Whether a value (status st, hundredths v when ok) reproduces the reported one, as a check
 * would call it agreeing; *exact when to the hundredth (a status always is). */
static int reproduces(const med__fp_check *c, med_result_status st, int64_t v, int *exact)
{
    const med__agreement *a = c->verdict;
    *exact = 1;
    switch (a->kind) {
    case REP_NUMBER:
        if (st != MED_RESULT_OK)
            return st == MED_RESULT_NOT_OPIOID && a->reported_hundredths == 0;
        *exact = v == a->reported_hundredths;
        return med__within(c->tolerance, v, a->reported_hundredths);
    case REP_NONE:
        return st != MED_RESULT_OK;
    case REP_STATUS:
        return st == a->said;
    default:
        return 0;
    }
}

/* By med_rounding: the result's rounding (2: as computed; the daily dose's are applied before). */
static const int DECIMALS[MED__FP_ROUNDINGS] = {2, 1, 0, -1, 2, 2};
static const med_method METHODS[MED__FP_METHODS] = {MED_METHOD_CLINICAL, MED_METHOD_SUPPLY,
                                                    MED_METHOD_AUTO};

/* What a result is tried under: its table and method, roundings r0..r1, tier and patch. */
typedef struct fp_variant {
    size_t ti;
    int mi, r0, r1, tier, patch;
} fp_variant;

/* Sets the variant's bits for value x (hundredths; status st) under each of its roundings. */
static void mark(const med__fp_check *c, const fp_variant *w, med_result_status st, int64_t x,
                 med__fp_row *row)
{
    for (int k = w->r0; k <= w->r1; k++) {
        int exact;
        int64_t y = DECIMALS[k] == 2 ? x : med__round_to(x, DECIMALS[k]);
        if (!reproduces(c, st, y, &exact))
            continue;
        size_t id = combo(w->ti, w->mi, k, w->tier, w->patch);
        set_bit(row->match, id);
        if (exact)
            set_bit(row->exact, id);
    }
}

/* The tier convention's values of a banded entry's result r: by the dose cut to whole mg, or
 * by the patient's total (r's own tier, or any above it: the total holds this dose). */
static void mark_tiers(const med__fp_check *c, const fp_variant *w, const med_factor *f,
                       const med__result *r, med__fp_row *row)
{
    double d = r->daily_dose;
    if (w->tier == 1) {
        const med_tier *tier = med__tier_of(f, (double)(int64_t)d);
        mark(c, w, r->status,
             tier ? med__to_hundredths(d * med__q_to_double(tier->factor)) : r->mme_hundredths,
             row);
        return;
    }
    mark(c, w, r->status, r->mme_hundredths, row);
    for (size_t i = 0; i < f->tier_count; i++)
        if (med__q_to_double(f->tiers[i].above) >= d)
            mark(c, w, r->status, med__to_hundredths(d * med__q_to_double(f->tiers[i].factor)),
                 row);
}

/* Result r of table ti and method mi (its daily dose perhaps rounded first: roundings r0..r1)
 * under every tier and patch convention. */
static void try_result(const med__fp_check *c, size_t ti, int mi, const med__result *r, int r0,
                       int r1, med__fp_row *row)
{
    const med_table *t = c->tables[ti];
    const med_factor *f = NULL;
    med_q pd, pv;
    int64_t h;
    int on_rate = 0;
    if (r->status == MED_RESULT_OK) {
        f = med__table_entry(t, r->ingredient, r->form);
        if (f && (f->tier_count == 0 || med__result_patch(r)))
            f = NULL; /* no tiers to choose */
        on_rate = med__patch_day_on_rate(t, r, c->input, &pd, &pv) == 0;
    }
    for (int tr = 0; tr < MED__FP_TIERS; tr++)
        for (int pr = 0; pr < MED__FP_PATCHES; pr++) {
            fp_variant w = {ti, mi, r0, r1, tr, pr};
            if (pr && on_rate && med__q_hundredths(pv, &h) == 0)
                mark(c, &w, r->status, h, row);
            else if (pr && on_rate)
                continue; /* a variant too large to hold reproduces nothing */
            else if (tr && f)
                mark_tiers(c, &w, f, r, row);
            else
                mark(c, &w, r->status, r->mme_hundredths, row);
        }
}

/* The index of the plain table a table falling back to another is based on (same digest), or
 * `ti` itself: where the fallback does not decide, the two are one calculator. */
static size_t family(const med_table *const *tables, size_t count, size_t ti)
{
    const med_table *t = tables[ti];
    for (size_t j = 0; t->base && j < count && j < MED__FP_MAX_TABLES; j++)
        if (tables[j]->base == NULL && strcmp(tables[j]->info.digest, t->info.digest) == 0)
            return j;
    return ti;
}

/* A table falling back to another, where its base (table b, done before it) decides the row:
 * the base's bits under this method, copied. */
static void copy_method(size_t b, size_t ti, int mi, med__fp_row *row)
{
    for (size_t v = 0; v < MED__FP_PER_METHOD; v++) {
        size_t from = b * MED__FP_PER_TABLE + (size_t)mi * MED__FP_PER_METHOD + v;
        size_t to = ti * MED__FP_PER_TABLE + (size_t)mi * MED__FP_PER_METHOD + v;
        if (bit(row->match, from))
            set_bit(row->match, to);
        if (bit(row->exact, from))
            set_bit(row->exact, to);
    }
}

/* The row under table ti and method mi: every variant's bits. */
static void try_table(const med__fp_check *c, size_t ti, int mi, med__fp_row *row)
{
    med__result r, dr;
    char dose[32];
    if (med__compute(c->tables[ti], c->input, METHODS[mi], &r) != MED_OK)
        return;
    size_t b = family(c->tables, c->table_count, ti);
    if (b < ti && !med__from_fallback(c->tables[ti], &r)) {
        copy_method(b, ti, mi, row);
        return;
    }
    if (r.status != MED_RESULT_OK) {
        try_result(c, ti, mi, &r, 0, MED__FP_ROUNDINGS - 1, row);
        return;
    }
    try_result(c, ti, mi, &r, MED_ROUNDING_NONE, MED_ROUNDING_TRUNCATE, row);
    for (int d = 0; d <= 1; d++) {
        int k = d ? MED_ROUNDING_DOSE_ONE_DECIMAL : MED_ROUNDING_DOSE_WHOLE;
        int rc = med__dose_rounded(c->tables[ti], &r, d, &dr, dose, sizeof dose);
        if (rc >= 0)
            try_result(c, ti, mi, rc ? &r : &dr, k, k, row);
    }
}

med_status med__fp_add(med__fp_site **site, const med__fp_check *c)
{
    med__fp_site *s = *site;
    if (s == NULL && (s = *site = calloc(1, sizeof *s)) == NULL)
        return MED_ERR_NOMEM;
    med__fp_row *rows = med__grow(s->rows, s->count, &s->cap, sizeof *rows, 16);
    if (rows == NULL)
        return MED_ERR_NOMEM;
    s->rows = rows;
    med__fp_row *row = &rows[s->count++];
    memset(row, 0, sizeof *row);
    row->row = c->row;
    row->line = c->line;
    row->cause = c->verdict->cause;
    row->changes_decision = c->verdict->changes_decision;
    if (c->input == NULL)
        return MED_OK;
    for (size_t ti = 0; ti < c->table_count && ti < MED__FP_MAX_TABLES; ti++)
        for (int mi = 0; mi < MED__FP_METHODS; mi++)
            try_table(c, ti, mi, row);
    return MED_OK;
}

/* --- the search ---------------------------------------------------------------------------- */

static void release(med__fp_site *s)
{
    free(s->calcs);
    free(s->texts);
    free(s->left);
    free(s->hits);
    free(s->exact);
    free(s->covered);
    free(s->reps);
    s->reps = NULL;
    s->calcs = NULL;
    s->texts = NULL;
    s->left = NULL;
    s->hits = s->exact = NULL;
    s->covered = NULL;
}

void med__fp_free(med__fp_site *site)
{
    if (site == NULL)
        return;
    release(site);
    free(site->rows);
    free(site);
}

static const char *const ROUNDED[MED__FP_ROUNDINGS] = {
    "", ", rounded to one decimal", ", rounded to a whole number", ", truncated to a whole number",
    ", the daily dose rounded to a whole number before the factor",
    ", the daily dose rounded to one decimal before the factor"};
static const char *const TIERED[MED__FP_TIERS] = {
    "", ", methadone tier by the daily dose cut to whole mg",
    ", methadone tier by the patient's total daily methadone"};

/* Calculator `k` (with its counts) into slot `i`. */
static med_calculator *describe(med__fp_site *s, size_t i, const med_table *const *tables,
                                      size_t k, size_t rows, size_t exact)
{
    med_calculator *c = &s->calcs[i];
    const med_table *t = tables[k / MED__FP_PER_TABLE];
    size_t v = k % MED__FP_PER_TABLE;
    c->table_id = t->info.id;
    c->table_version = t->info.version;
    c->fallback_id = t->fallback ? t->fallback->info.id : NULL;
    c->fallback_version = t->fallback ? t->fallback->info.version : NULL;
    c->method = METHODS[v / MED__FP_PER_METHOD];
    c->rounding = (med_rounding)rounding_of(v);
    c->tier_by_whole_dose = tier_of(v) == 1;
    c->tier_by_total = tier_of(v) == 2;
    c->patch_day_on_rate = patch_of(v);
    c->rows = rows;
    c->exact = exact;
    char name[160];
    med__table_name(t, name, sizeof name); /* "cdc-2022@1 falling back to cms-2018@1" */
    snprintf(s->texts[i], TEXT_CAP, "%s %s%s%s%s", name,
             c->method == MED_METHOD_AUTO ? "clinical for orders, supply for fills"
                                          : med_method_string(c->method),
             ROUNDED[c->rounding], TIERED[tier_of(v)], c->patch_day_on_rate ? ", patch-day factor applied to the mcg/hr rate" : "");
    c->text = s->texts[i];
    return c;
}

/* Rows (not yet covered) each combination reproduces, and exactly. */
static void count(med__fp_site *s, size_t combos)
{
    memset(s->hits, 0, combos * sizeof *s->hits);
    memset(s->exact, 0, combos * sizeof *s->exact);
    for (size_t r = 0; r < s->count; r++) {
        if (s->covered[r])
            continue;
        for (size_t k = 0; k < combos; k++) {
            s->hits[k] += (size_t)bit(s->rows[r].match, k);
            s->exact[k] += (size_t)bit(s->rows[r].exact, k);
        }
    }
}

/* The combination reproducing the most rows, then the most exactly; the first on a tie. */
static size_t top(const med__fp_site *s, size_t combos)
{
    size_t best = 0;
    for (size_t k = 1; k < combos; k++)
        if (s->hits[k] > s->hits[best] ||
            (s->hits[k] == s->hits[best] && s->exact[k] > s->exact[best]))
            best = k;
    return best;
}

/* Nonzero when combinations a and b reproduce the very same rows (of those not yet covered),
 * the same rows exactly. */
static int same_rows(const med__fp_site *s, size_t a, size_t b)
{
    for (size_t r = 0; r < s->count; r++)
        if (!s->covered[r] && (bit(s->rows[r].match, a) != bit(s->rows[r].match, b) ||
                               bit(s->rows[r].exact, a) != bit(s->rows[r].exact, b)))
            return 0;
    return 1;
}

/* Other combinations as good as `chosen` (best, or part `part` of a mixed site) on the rows not
 * yet covered: one per table and set of rows reproduced (a method, rounding or convention
 * these rows cannot tell from another of the same table is no tie: the simplest is kept). */
static void find_ties(med__fp_site *s, const med_table *const *tables, size_t combos,
                      size_t chosen, size_t part)
{
    size_t ntables = combos / MED__FP_PER_TABLE;
    size_t *reps = s->reps, nreps = 1;
    reps[0] = chosen;
    for (size_t k = 0; k < combos; k++) {
        if (k == chosen || s->hits[k] != s->hits[chosen] || s->exact[k] != s->exact[chosen])
            continue;
        int variant = 0;
        for (size_t i = 0; i < nreps && !variant; i++)
            variant = family(tables, ntables, reps[i] / MED__FP_PER_TABLE) ==
                          family(tables, ntables, k / MED__FP_PER_TABLE) &&
                      same_rows(s, reps[i], k);
        if (variant)
            continue;
        reps[nreps++] = k;
        describe(s, FIRST_TIE + s->pub.tie_count++, tables, k, s->hits[k], s->exact[k])->part =
            part;
    }
}

/* Greedily, up to 3 combinations that together reproduce the most rows (the first is best,
 * whose ties are found); the ties of each later part are listed too. */
static void find_parts(med__fp_site *s, const med_table *const *tables, size_t combos,
                       size_t first)
{
    s->pub.parts = &s->calcs[1];
    for (size_t k = first; s->pub.part_count < 3; k = top(s, combos)) {
        if (s->pub.part_count && s->hits[k] == 0)
            break;
        size_t p = s->pub.part_count++;
        describe(s, 1 + p, tables, k, s->hits[k], s->exact[k])->part = p;
        if (p > 0)
            find_ties(s, tables, combos, k, p);
        for (size_t r = 0; r < s->count; r++)
            if (bit(s->rows[r].match, k))
                s->covered[r] = 1;
        count(s, combos);
    }
}

/* A left row's own cause: the convention of best's table and method it needs instead of best's
 * (the variant reproducing it that differs from best in the fewest conventions; a patch or
 * tier convention before a rounding), when one does; else its cause against the reference
 * table. */
static med_cause left_cause(const med__fp_row *row, const med_calculator *best, size_t b,
                            size_t combos, int mixed)
{
    if (row->cause == MED_CAUSE_INPUT)
        return MED_CAUSE_INPUT;
    if (!mixed && best->rows) {
        size_t base = b / MED__FP_PER_METHOD * MED__FP_PER_METHOD;
        med_cause found = MED_CAUSE_NONE;
        int fewest = 4;
        for (size_t v = 0; v < MED__FP_PER_METHOD; v++) {
            if (!bit(row->match, base + v))
                continue;
            int rounding = rounding_of(v) != rounding_of(b);
            int tier = tier_of(v) != tier_of(b);
            int patch = patch_of(v) != patch_of(b);
            if (rounding + tier + patch >= fewest)
                continue;
            fewest = rounding + tier + patch;
            found = patch ? MED_CAUSE_PATCH : tier ? MED_CAUSE_TIER : MED_CAUSE_ROUNDING;
        }
        if (found != MED_CAUSE_NONE)
            return found;
    }
    if (row->cause != MED_CAUSE_NONE)
        return row->cause;
    for (size_t k = 0; k < combos; k++)
        if (bit(row->match, k))
            return MED_CAUSE_FACTOR; /* another table, or method, reproduces it */
    return MED_CAUSE_UNEXPLAINED;
}

static void find_left(med__fp_site *s, size_t b, size_t combos)
{
    med_fingerprint *f = &s->pub;
    for (size_t r = 0; r < s->count; r++) {
        int kept = f->mixed ? s->covered[r] : f->best.rows && bit(s->rows[r].match, b);
        if (kept)
            continue;
        med_left_row *l = &s->left[f->left_count++];
        l->row = s->rows[r].row;
        l->line = s->rows[r].line;
        l->cause = left_cause(&s->rows[r], &f->best, b, combos, f->mixed);
        l->changes_decision = s->rows[r].changes_decision;
    }
    f->explained = s->count - f->left_count;
    f->left = s->left;
}

med_status med__fp_search(med__fp_site *s, const med_table *const *tables, size_t count_tables,
                          const med_agree_site *summary, const med_fingerprint **out)
{
    release(s);
    size_t combos = (count_tables < MED__FP_MAX_TABLES ? count_tables : MED__FP_MAX_TABLES) *
                    MED__FP_PER_TABLE;
    size_t slots = FIRST_TIE + 3 * combos; /* a part's ties are at most every combination */
    s->calcs = calloc(slots, sizeof *s->calcs);
    s->texts = calloc(slots, sizeof *s->texts);
    s->left = calloc(s->count ? s->count : 1, sizeof *s->left);
    s->hits = calloc(combos ? combos : 1, sizeof *s->hits);
    s->exact = calloc(combos ? combos : 1, sizeof *s->exact);
    s->covered = calloc(s->count ? s->count : 1, 1);
    s->reps = calloc(combos ? combos : 1, sizeof *s->reps);
    if (!s->calcs || !s->texts || !s->left || !s->hits || !s->exact || !s->covered || !s->reps ||
        !combos) {
        release(s);
        return combos ? MED_ERR_NOMEM : MED_ERR_ARGUMENT;
    }
    med_fingerprint *f = &s->pub;
    memset(f, 0, sizeof *f);
    f->site = summary->site;
    f->rows = summary->rows;
    f->agree = summary->agree;
    f->decision_changes = summary->decision_changes;
    count(s, combos);
    size_t b = top(s, combos);
    f->best = *describe(s, 0, tables, b, s->hits[b], s->exact[b]);
    f->ties = &s->calcs[FIRST_TIE];
    if (f->best.rows)
        find_ties(s, tables, combos, b, 0);
    f->mixed = f->best.rows > 0 && f->best.rows * 2 <= s->count;
    if (f->mixed)
        find_parts(s, tables, combos, b);
    find_left(s, b, combos);
    *out = f;
    return MED_OK;
}

const char *med_rounding_string(med_rounding rounding)
{
    switch (rounding) {
    case MED_ROUNDING_NONE: return "none";
    case MED_ROUNDING_ONE_DECIMAL: return "one_decimal";
    case MED_ROUNDING_WHOLE: return "whole";
    case MED_ROUNDING_TRUNCATE: return "truncate";
    case MED_ROUNDING_DOSE_WHOLE: return "dose_whole";
    case MED_ROUNDING_DOSE_ONE_DECIMAL: return "dose_one_decimal";
    }
    return "?";
}
