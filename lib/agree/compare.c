/* One input under several tables and both methods, side by side; why two results differ; the
 * tolerance two MME/day values must agree within. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree/agree_private.h"
#include "common/error.h"
#include "compute/calc_private.h"

int med__result_tiered(const med_table *t, const med__result *r)
{
    const med_factor *f = med__table_entry(t, r->ingredient, r->form);
    return f && f->tier_count > 0;
}

int med__result_patch(const med__result *r)
{
    return (r->form && strcmp(r->form, "patch") == 0) ||
           (r->factor_per && strstr(r->factor_per, "mcg/hr") != NULL);
}

/* Limits on a tolerance: an absolute margin in MME/day, a relative one in percent. */
#define MAX_ABSOLUTE 100000
#define MAX_PERCENT 100

const char *med_cause_string(med_cause cause)
{
    switch (cause) {
    case MED_CAUSE_NONE: return "none";
    case MED_CAUSE_FACTOR: return "factor";
    case MED_CAUSE_TIER: return "tier";
    case MED_CAUSE_PATCH: return "patch";
    case MED_CAUSE_EXCLUDED: return "excluded";
    case MED_CAUSE_NO_FACTOR: return "no_factor";
    case MED_CAUSE_ROUNDING: return "rounding";
    case MED_CAUSE_INPUT: return "input";
    case MED_CAUSE_UNEXPLAINED: return "unexplained";
    }
    return "?";
}

/* One part of a tolerance text: "0.5" (MME/day) or "1%" (of our value). */
static med_status tolerance_part(const char *text, size_t len, med_tolerance *t, int *seen,
                                 med_error *error)
{
    int percent = len > 0 && text[len - 1] == '%';
    med_q q;
    size_t n = len - (size_t)percent;
    if (n == 0 || med__q_parse(text, n, &q) != 0)
        return med__fail(error, MED_ERR_SYNTAX, "<tolerance>", 0, 0, text,
                         "tolerance '%.*s' is not a plain number: expected e.g. 0.5 (MME/day), "
                         "1%% (of our value) or 0.5,1%%", (int)len, text);
    if (med__q_cmp(q, med__q_int(percent ? MAX_PERCENT : MAX_ABSOLUTE)) > 0)
        return med__fail(error, MED_ERR_RANGE, "<tolerance>", 0, 0, text,
                         "tolerance '%.*s' is out of range: at most %d%s", (int)len, text,
                         percent ? MAX_PERCENT : MAX_ABSOLUTE, percent ? "%" : " MME/day");
    if (seen[percent]++)
        return med__fail(error, MED_ERR_SYNTAX, "<tolerance>", 0, 0, text,
                         "the %s tolerance is given twice", percent ? "relative" : "absolute");
    if (percent)
        t->relative = med__q_to_double(q) / 100.0;
    else
        t->absolute = med__q_to_double(q);
    return MED_OK;
}

med_status med_tolerance_parse(const char *text, med_tolerance *out, med_error *error)
{
    med__error_clear(error);
    if (text == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, "<tolerance>", 0, 0, NULL,
                         "no tolerance given");
    med_tolerance t = MED_TOLERANCE_INIT;
    int seen[2] = {0, 0};
    const char *comma = strchr(text, ',');
    med_status s = tolerance_part(text, comma ? (size_t)(comma - text) : strlen(text), &t, seen,
                                  error);
    if (s == MED_OK && comma)
        s = tolerance_part(comma + 1, strlen(comma + 1), &t, seen, error);
    if (s == MED_OK && seen[0] && !seen[1])
        t.relative = 0; /* one number given: it alone is the tolerance */
    if (s == MED_OK && seen[1] && !seen[0])
        t.absolute = 0;
    if (s == MED_OK)
        *out = t;
    return s;
}

int med__within(const med_tolerance *tol, int64_t reference, int64_t other)
{
    int64_t d = reference > other ? reference - other : other - reference;
    int64_t abs_h = (int64_t)(tol->absolute * 100.0 + 0.5);
    double ref = (double)(reference < 0 ? -reference : reference);
    /* The small slack keeps 1% of 60 from being 0.599999 in binary. */
    return d <= abs_h || (double)d <= tol->relative * ref + 1e-6;
}

int med__tolerance_version_ok(const med_tolerance *t)
{
    return t == NULL || (t->version >= 1 && t->version <= MED_TOLERANCE_VERSION);
}

int med_tolerance_agrees(const med_tolerance *tolerance, int64_t reference_hundredths,
                         int64_t other_hundredths)
{
    med_tolerance t = MED_TOLERANCE_INIT;
    if (!med__tolerance_version_ok(tolerance))
        tolerance = NULL; /* an unknown layout: the defaults, rather than reading past it */
    return med__within(tolerance ? tolerance : &t, reference_hundredths, other_hundredths);
}

/* Two OK patch results that differ: the convention (method, wear time) or the factor. */
static med_cause patch_cause(const med_table *ta, const med__result *a, const med_table *tb,
                             const med__result *b)
{
    med_q ra, rb;
    if (a->method != b->method)
        return MED_CAUSE_PATCH;
    if (med__patch_rate_factor(med__table_entry(ta, a->ingredient, a->form), &ra) == 0 &&
        med__patch_rate_factor(med__table_entry(tb, b->ingredient, b->form), &rb) == 0 &&
        med__q_cmp(ra, rb) == 0)
        return MED_CAUSE_PATCH; /* same rate factor: the wear time differs */
    return MED_CAUSE_FACTOR;
}

/* A result with no value: why, as a cause. */
static med_cause missing_cause(const med__result *r)
{
    if (r->status == MED_RESULT_EXCLUDED)
        return MED_CAUSE_EXCLUDED;
    if (r->status == MED_RESULT_ERROR && r->error.code == MED_ERR_NO_FACTOR)
        return MED_CAUSE_NO_FACTOR;
    return MED_CAUSE_INPUT;
}

med_cause med__cause_between(const med_table *ta, const med__result *a, const med_table *tb,
                             const med__result *b, const med_tolerance *tol)
{
    if (a->status != b->status) {
        med_cause ca = a->status == MED_RESULT_OK ? MED_CAUSE_NONE : missing_cause(a);
        med_cause cb = b->status == MED_RESULT_OK ? MED_CAUSE_NONE : missing_cause(b);
        if (ca == MED_CAUSE_EXCLUDED || cb == MED_CAUSE_EXCLUDED)
            return MED_CAUSE_EXCLUDED;
        if (ca == MED_CAUSE_NO_FACTOR || cb == MED_CAUSE_NO_FACTOR)
            return MED_CAUSE_NO_FACTOR;
        return MED_CAUSE_INPUT;
    }
    if (a->status != MED_RESULT_OK || med__within(tol, a->mme_hundredths, b->mme_hundredths))
        return MED_CAUSE_NONE;
    if (med__result_patch(a) || med__result_patch(b))
        return patch_cause(ta, a, tb, b);
    if (med__result_tiered(ta, a) || med__result_tiered(tb, b))
        return MED_CAUSE_TIER;
    if (strcmp(a->factor_applied, b->factor_applied) != 0)
        return MED_CAUSE_FACTOR;
    return MED_CAUSE_UNEXPLAINED;
}

struct med_comparison {
    med_comparison_summary summary;
    size_t count;
    med_compare_row *rows;   /* what callers read */
    med__result *results;    /* the same results with their texts */
};

/* min, max and max/min over the OK rows; the causes between every pair. */
static void summarize(const med_comparison *c, const med_tolerance *tol,
                      med_comparison_summary *out)
{
    size_t n = c->count;
    for (size_t i = 0; i < n; i++) {
        const med__result *r = &c->results[i];
        if (r->status != MED_RESULT_OK)
            continue;
        if (out->ok == 0 || r->mme_hundredths < out->min_hundredths)
            out->min_hundredths = r->mme_hundredths;
        if (out->ok == 0 || r->mme_hundredths > out->max_hundredths)
            out->max_hundredths = r->mme_hundredths;
        out->ok++;
    }
    out->ratio_hundredths = -1;
    if (out->ok >= 2 && out->min_hundredths > 0) {
        med_q ratio = {out->max_hundredths, out->min_hundredths};
        if (med__q_hundredths(ratio, &out->ratio_hundredths) != 0)
            out->ratio_hundredths = -1; /* too large to hold: no ratio, never a wrapped one */
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            med_cause cause = med__cause_between(c->rows[i].table, &c->results[i],
                                                 c->rows[j].table, &c->results[j], tol);
            if (cause != MED_CAUSE_NONE) {
                out->disagree = 1;
                out->causes |= 1u << cause;
            }
        }
}

/* Row i: its table and method, computed, compared with row 0. */
static void compare_row(med_comparison *c, const med_table *const *tables, size_t per,
                        const med_input *input, med_method method, const med_tolerance *tol,
                        size_t i)
{
    med_compare_row *r = &c->rows[i];
    med_result blank = MED_RESULT_INIT;
    r->table = tables[i / per];
    r->method = per == 1 ? method : (i % 2 ? MED_METHOD_SUPPLY : MED_METHOD_CLINICAL);
    r->result = blank;
    (void)med__compute(r->table, input, r->method, &c->results[i]);
    (void)med__result_publish(&c->results[i], &r->result);
    if (i > 0) {
        r->cause = med__cause_between(c->rows[0].table, &c->results[0], r->table,
                                      &c->results[i], tol);
        r->differs = r->cause != MED_CAUSE_NONE;
    }
}

med_status med_compare(const med_table *const *tables, size_t count, const med_input *input,
                       med_method method, const med_tolerance *tolerance, med_comparison **out)
{
    med_tolerance dflt = MED_TOLERANCE_INIT;
    const med_tolerance *tol = tolerance ? tolerance : &dflt;
    size_t per = method == MED_METHOD_AUTO ? 2 : 1;
    if (tables == NULL || count == 0 || input == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    *out = NULL;
    if (!med__tolerance_version_ok(tolerance))
        return MED_ERR_VERSION;
    for (size_t i = 0; i < count; i++)
        if (tables[i] == NULL)
            return MED_ERR_ARGUMENT;
    med_comparison *c = calloc(1, sizeof *c);
    if (c == NULL || (c->rows = calloc(count * per, sizeof *c->rows)) == NULL ||
        (c->results = calloc(count * per, sizeof *c->results)) == NULL) {
        med_comparison_free(c);
        return MED_ERR_NOMEM;
    }
    c->count = count * per;
    for (size_t i = 0; i < c->count; i++)
        compare_row(c, tables, per, input, method, tol, i);
    c->summary.rows = c->count;
    summarize(c, tol, &c->summary);
    *out = c;
    return MED_OK;
}

void med_comparison_free(med_comparison *c)
{
    if (c) {
        free(c->rows);
        free(c->results);
    }
    free(c);
}

const med_comparison_summary *med_comparison_get_summary(const med_comparison *c)
{
    return c ? &c->summary : NULL;
}

const med_compare_row *med_comparison_row(const med_comparison *c, size_t index)
{
    return c && index < c->count ? &c->rows[index] : NULL;
}

const char *med_comparison_text(const med_comparison *c, size_t index, med_text what)
{
    return c && index < c->count ? med__result_text(&c->results[index], what) : "";
}
