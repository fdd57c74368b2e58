/* Why another calculator's MME/day differs from ours: a search, in order of how little it
 * assumes, for something that reproduces the reported value.
 *   1. our table under the other method (for a patch: counted per patch, or by its rate);
 *   2. a known convention applied to our table: the result or the daily dose rounded (a dose
 *      rounded before a tier is chosen included), another methadone tier (chosen by the
 *      patient's total rather than the prescription), a patch-day factor applied to a rate;
 *   3. another shipped table, under the same method first, then the other; one of its tiers;
 *      or its result rounded.
 * When nothing reproduces it, the factor the reported value implies is named. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "agree/agree_private.h"
#include "agree/explain.h"
#include "compute/calc_private.h"

typedef struct search {
    const med_explain *x;
    med_cause cause;
    char *text;
    size_t cap;
} search;

static void say(search *s, med_cause cause, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void say(search *s, med_cause cause, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->text, s->cap, fmt, ap);
    va_end(ap);
    s->cause = cause;
}

int64_t med__to_hundredths(double v)
{
    return (int64_t)(v * 100.0 + 0.5 + 1e-9);
}


static int matches(const search *s, int64_t candidate)
{
    return med__within(s->x->tolerance, s->x->reported, candidate);
}

static med_method other_method(med_method m)
{
    return m == MED_METHOD_SUPPLY ? MED_METHOD_CLINICAL : MED_METHOD_SUPPLY;
}

/* 1. Our table under the other method. */
static int try_other_method(search *s)
{
    const med_explain *x = s->x;
    med__result r;
    char name[160];
    med_method m = other_method(x->ours->method);
    if (med__compute(x->table, x->input, m, &r) != MED_OK || r.status != MED_RESULT_OK ||
        !matches(s, r.mme_hundredths))
        return 0;
    med__table_name(x->table, name, sizeof name);
    if (med__result_patch(&r))
        say(s, MED_CAUSE_PATCH, "%s under the %s method gives %s: the patch %s",
            name, med_method_string(m), r.mme_text,
            m == MED_METHOD_SUPPLY
                ? "counted per patch dispensed or changed, by its change interval"
                : "counted by its mcg/hr rate alone, whatever its change interval");
    else
        say(s, MED_CAUSE_UNEXPLAINED, "%s under the %s method gives %s", name,
            med_method_string(m), r.mme_text);
    return 1;
}

/* h to a multiple of `step`, half up: what (h + step / 2) / step * step gives, without adding
 * to a value near INT64_MAX (signed overflow); a rounding up past INT64_MAX, which no int64_t
 * holds, leaves h as it is. Below zero the sum cannot overflow and is kept as it was. */
static int64_t round_half_up(int64_t h, int64_t step)
{
    if (h < 0)
        return (h + step / 2) / step * step;
    int64_t down = h - h % step;
    if (h % step < step / 2)
        return down;
    return down > INT64_MAX - step ? h : down + step;
}

int64_t med__round_to(int64_t h, int decimals)
{
    if (decimals == 1)
        return round_half_up(h, 10);
    if (decimals == 0)
        return round_half_up(h, 100);
    return h / 100 * 100;
}

static const char *const ROUNDING_NAMES[3] = {"truncated to a whole number",
                                              "rounded to a whole number",
                                              "rounded to one decimal"};

/* Which rounding of `h` gives the reported value (index into ROUNDING_NAMES), or -1. */
static int rounding_of(const search *s, int64_t h)
{
    for (int d = 1; d >= -1; d--) {
        int64_t r = med__round_to(h, d);
        if (r != h && matches(s, r))
            return d + 1;
    }
    return -1;
}

/* 2a. The result rounded. */
static int try_result_rounding(search *s)
{
    int k = rounding_of(s, s->x->ours->mme_hundredths);
    if (k < 0)
        return 0;
    char v[32];
    med__hundredths_format(med__round_to(s->x->ours->mme_hundredths, k - 1), v, sizeof v);
    say(s, MED_CAUSE_ROUNDING, "our %s MME/day %s is %s", s->x->ours->mme_text,
        ROUNDING_NAMES[k], v);
    return 1;
}

/* A dose-based input whose daily dose is `daily` (text) in the result's unit and form. */
static int daily_input(const med__result *ours, const char *daily, med__input_buf *in)
{
    med__input_buf_clear(in);
    snprintf(in->drug, sizeof in->drug, "%s", ours->ingredient);
    if (ours->form && strcmp(ours->form, "oral") != 0)
        snprintf(in->form, sizeof in->form, "%s", ours->form);
    snprintf(in->unit, sizeof in->unit, "%s", ours->dose_unit);
    snprintf(in->doses_per_day, sizeof in->doses_per_day, "1");
    return (size_t)snprintf(in->strength, sizeof in->strength, "%s", daily) >= sizeof in->strength;
}

int med__dose_rounded(const med_table *t, const med__result *o, int decimals, med__result *r,
                      char *dose, size_t cap)
{
    med_q daily;
    if (med__result_patch(o) || strchr(o->daily_dose_text, '.') == NULL ||
        med__q_parse(o->daily_dose_text, strlen(o->daily_dose_text), &daily) != 0)
        return 1;
    med__input_buf in;
    med__q_format(daily, decimals, dose, cap);
    if (strcmp(dose, o->daily_dose_text) == 0)
        return 1;
    if (daily_input(o, dose, &in))
        return -1;
    med_input view = med__input_view(&in);
    if (med__compute(t, &view, MED_METHOD_CLINICAL, r) || r->status != MED_RESULT_OK)
        return -1;
    return 0;
}

/* 2b. The daily dose rounded before the factor (and then, perhaps, the result too). */
static int try_dose_rounding(search *s)
{
    const med__result *o = s->x->ours;
    for (int d = 0; d <= 1; d++) {
        char text[32];
        med__result r;
        if (med__dose_rounded(s->x->table, o, d, &r, text, sizeof text) != 0)
            continue;
        int k = matches(s, r.mme_hundredths) ? -2 : rounding_of(s, r.mme_hundredths);
        if (k == -1)
            continue;
        say(s, MED_CAUSE_ROUNDING, "the daily dose %s %s %s (%s %s/day) gives %s%s%s",
            o->daily_dose_text, o->dose_unit, d ? "rounded to one decimal" : "rounded to a "
            "whole number", text, o->dose_unit, r.mme_text, k >= 0 ? ", then " : "",
            k >= 0 ? ROUNDING_NAMES[k] : "");
        return 1;
    }
    return 0;
}

const med_tier *med__tier_of(const med_factor *f, double daily)
{
    for (size_t i = 0; i < f->tier_count; i++) {
        const med_tier *t = &f->tiers[i];
        if (daily > med__q_to_double(t->above) &&
            (med__q_absent(t->at_most) || daily <= med__q_to_double(t->at_most)))
            return t;
    }
    return NULL;
}

/* 2c/3b. Another tier of a banded entry, applied to this prescription's daily dose. */
static int try_tiers(search *s, const med_table *t, int ours)
{
    const med__result *o = s->x->ours;
    const med_factor *f = med__table_entry(t, o->ingredient, o->form);
    if (f == NULL || f->tier_count == 0 || med__result_patch(o))
        return 0;
    const med_tier *own = med__tier_of(f, o->daily_dose);
    double whole = (double)(int64_t)o->daily_dose, nearest = (double)(int64_t)(o->daily_dose + 0.5);
    const med_tier *by_whole = med__tier_of(f, whole), *by_nearest = med__tier_of(f, nearest);
    char name[160];
    med__table_name(t, name, sizeof name);
    for (size_t i = 0; i < f->tier_count; i++) {
        const med_tier *tier = &f->tiers[i];
        if (tier == own && ours)
            continue;
        if (!matches(s, med__to_hundredths(o->daily_dose * med__q_to_double(tier->factor))))
            continue;
        const char *why = "the tier was chosen by another daily dose than this "
                          "prescription's: the patient's total daily dose (tiers applied to "
                          "the total rather than per prescription), or the reverse";
        if (tier == by_whole || tier == by_nearest)
            why = "the tier was chosen by the daily dose cut to a whole number, as integer bands "
                  "(1-20, 21-40) read, and applied to the whole dose";
        say(s, MED_CAUSE_TIER, "%s %s tier (%s, %s] factor %s on %s %s/day reproduces it "
            "(this dose is in tier (%s, %s]): %s", name, o->ingredient, tier->above_text,
            tier->at_most_text ? tier->at_most_text : "-", tier->factor_text,
            o->daily_dose_text, o->dose_unit, own ? own->above_text : "?",
            own && own->at_most_text ? own->at_most_text : "-", why);
        return 1;
    }
    return 0;
}

int med__patch_day_on_rate(const med_table *t, const med__result *o, const med_input *in,
                           med_q *pd, med_q *v)
{
    const med_factor *f = med__table_entry(t, o->ingredient, o->form);
    med_q rate;
    const char *st = in->strength;
    if (f == NULL || f->unit != MED_UNIT_MCG_HR || st == NULL ||
        med__q_parse(st, strlen(st), &rate) != 0)
        return -1;
    if (f->per == MED_PER_PATCH_DAY)
        *pd = f->factor;
    else if (med__q_mul(f->factor, f->patch_hours, pd) || med__q_div(*pd, med__q_int(24), pd))
        return -1;
    return med__q_mul(rate, *pd, v) ? -1 : 0;
}

/* 2d. A patch-day factor (7.2) applied to a mcg/hr rate as if it were a rate factor. */
static int try_patch_day_on_rate(search *s)
{
    const med__result *o = s->x->ours;
    const char *st = s->x->input->strength;
    med_q pd, v;
    int64_t h;
    if (med__patch_day_on_rate(s->x->table, o, s->x->input, &pd, &v) != 0 ||
        med__q_hundredths(v, &h) != 0 || !matches(s, h))
        return 0;
    char pdt[32], vt[32];
    med__q_format(pd, 4, pdt, sizeof pdt);
    med__q_format(v, 2, vt, sizeof vt);
    say(s, MED_CAUSE_PATCH, "the patch-day factor %s applied to the %s mcg/hr "
        "rate gives %s, as if a patch were dispensed every 24 h (a rate takes %s)", pdt, st, vt,
        o->factor_applied);
    return 1;
}

/* A clause naming how table `t`'s result `r` differs from ours, for the explanation. */
static void detail(const search *s, const med_table *t, const med__result *r, med_cause c,
                   char *buf, size_t cap)
{
    const med__result *o = s->x->ours;
    const med_factor *fo = med__table_entry(s->x->table, o->ingredient, o->form);
    const med_factor *ft = med__table_entry(t, r->ingredient, r->form);
    char a[192] = "", b[192] = "";
    if (fo)
        med__describe_entry(fo, a, sizeof a);
    if (ft)
        med__describe_entry(ft, b, sizeof b);
    if (c == MED_CAUSE_PATCH && o->method != r->method)
        snprintf(buf, cap, "the patch counted %s there", r->method == MED_METHOD_SUPPLY
                 ? "per patch dispensed or changed" : "by its mcg/hr rate alone");
    else if (c == MED_CAUSE_TIER || c == MED_CAUSE_PATCH)
        snprintf(buf, cap, "%s factor %s there (%s), %s here (%s)", r->ingredient,
                 r->factor_applied, b, o->factor_applied, a);
    else
        snprintf(buf, cap, "%s %s factor %s there, %s here", r->ingredient, r->form,
                 r->factor_text ? r->factor_text : r->factor_applied,
                 o->factor_text ? o->factor_text : o->factor_applied);
}

int med__from_fallback(const med_table *t, const med__result *r)
{
    return t->fallback && r->factor_table && strcmp(r->factor_table, t->fallback->name) == 0;
}

/* 3a/3c. Other tables under method `m`, plainly or with the result rounded. A table falling
 * back to another counts only where the fallback decides (elsewhere it is its base table). */
static int try_tables(search *s, med_method m, int rounded)
{
    const med_explain *x = s->x;
    char names[256] = "", first_detail[320] = "";
    med_cause cause = MED_CAUSE_NONE;
    int found = 0, k = -1;
    for (size_t i = 0; i < x->candidate_count; i++) {
        const med_table *t = x->candidates[i];
        med__result r;
        if (strcmp(t->info.digest, x->table->info.digest) == 0 ||
            med__compute(t, x->input, m, &r) != MED_OK || r.status != MED_RESULT_OK ||
            (t->fallback && !med__from_fallback(t, &r)))
            continue;
        int kk = rounded                       ? rounding_of(s, r.mme_hundredths)
                 : matches(s, r.mme_hundredths) ? 0
                                                : -1;
        med_cause c = med__cause_between(x->table, x->ours, t, &r, x->tolerance);
        if (kk < 0 || c == MED_CAUSE_NONE || (found && (c != cause || kk != k)))
            continue;
        char name[160];
        med__table_name(t, name, sizeof name);
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", found ? ", " : "",
                 name);
        if (!found)
            detail(s, t, &r, c, first_detail, sizeof first_detail);
        cause = c;
        k = kk;
        found++;
    }
    if (!found)
        return 0;
    say(s, cause, "%s (%s method)%s%s reproduce%s it: %s", names, med_method_string(m),
        rounded ? ", result " : "", rounded ? ROUNDING_NAMES[k] : "", found > 1 ? "" : "s",
        first_detail);
    return 1;
}

static int try_other_tables_tiers(search *s)
{
    for (size_t i = 0; i < s->x->candidate_count; i++)
        if (strcmp(s->x->candidates[i]->info.digest, s->x->table->info.digest) != 0 &&
            s->x->candidates[i]->fallback == NULL && try_tiers(s, s->x->candidates[i], 0))
            return 1;
    return 0;
}

/* 4. Nothing reproduces it: the factor the reported value implies. */
static void unexplained(search *s)
{
    const med__result *o = s->x->ours;
    char r[32];
    med__hundredths_format(s->x->reported, r, sizeof r);
    if (o->daily_dose > 0) {
        double implied = ((double)s->x->reported / 100.0) / o->daily_dose;
        say(s, MED_CAUSE_UNEXPLAINED, "no shipped table or known convention gives %s; it implies "
            "a factor of %.4g per %s%s (ours: %s)", r, implied, o->dose_unit,
            med__result_patch(o) && o->method == MED_METHOD_CLINICAL ? "" : "/day",
            o->factor_applied);
    } else {
        say(s, MED_CAUSE_UNEXPLAINED, "no shipped table or known convention gives %s", r);
    }
}

void med__explain(const med_explain *x, med_cause *cause, char *text, size_t cap)
{
    search s = {x, MED_CAUSE_UNEXPLAINED, text, cap};
    med_method m = x->ours->method;
    text[0] = '\0';
    if (!(try_other_method(&s) && s.cause != MED_CAUSE_UNEXPLAINED) &&
        !try_result_rounding(&s) && !try_dose_rounding(&s) && !try_tiers(&s, x->table, 1) &&
        !try_patch_day_on_rate(&s) && !try_tables(&s, m, 0) &&
        !try_tables(&s, other_method(m), 0) && !try_other_tables_tiers(&s) &&
        !try_tables(&s, m, 1))
        unexplained(&s);
    *cause = s.cause;
}

/* Candidate tables that give no value for the input: excluded or no factor. */
void med__tables_without_value(const med_explain *x, med_result_status want, char *names,
                               size_t cap)
{
    names[0] = '\0';
    for (size_t i = 0; i < x->candidate_count; i++) {
        const med_table *t = x->candidates[i];
        med__result r;
        if (t->fallback) /* no value where its base has none, or named with the base */
            continue;
        if (med__compute(t, x->input, x->ours->method, &r) != MED_OK || r.status != want ||
            (want == MED_RESULT_ERROR && r.error.code != MED_ERR_NO_FACTOR))
            continue;
        char name[160];
        med__table_name(t, name, sizeof name);
        snprintf(names + strlen(names), cap - strlen(names), "%s%s", names[0] ? ", " : "", name);
    }
}

/* Candidate tables whose result reproduces the reported value: plain ones, or (joined) ours
 * falling back to another where the fallback decides. */
void med__tables_reproducing(const med_explain *x, int joined, char *names, size_t cap)
{
    names[0] = '\0';
    for (size_t i = 0; i < x->candidate_count; i++) {
        const med_table *t = x->candidates[i];
        med__result r;
        if (joined != (t->fallback != NULL) ||
            (joined && strcmp(t->info.digest, x->table->info.digest) != 0))
            continue;
        for (int k = 0; k < 2; k++) {
            med_method m = k ? other_method(x->ours->method) : x->ours->method;
            if (med__compute(t, x->input, m, &r) != MED_OK || r.status != MED_RESULT_OK ||
                (joined && !med__from_fallback(t, &r)) ||
                !med__within(x->tolerance, x->reported, r.mme_hundredths))
                continue;
            char name[160];
            med__table_name(t, name, sizeof name);
            snprintf(names + strlen(names), cap - strlen(names), "%s%s (%s)",
                     names[0] ? ", " : "", name, med_method_string(m));
            break;
        }
    }
}
