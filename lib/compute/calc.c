/* MME/day for one dose under a table and a method, with the arithmetic shown (a set of them
 * together: total.c). */
#include <stdio.h>
#include <string.h>

#include "compute/calc_private.h"
#include "common/error.h"
#include "common/hints.h"
#include "common/text.h"

const char *med_method_string(med_method method)
{
    switch (method) {
    case MED_METHOD_CLINICAL: return "clinical";
    case MED_METHOD_SUPPLY: return "supply";
    case MED_METHOD_AUTO: return "auto";
    }
    return "?";
}

med_status med_method_parse(const char *text, med_method *out)
{
    if (text && strcmp(text, "clinical") == 0)
        *out = MED_METHOD_CLINICAL;
    else if (text && strcmp(text, "supply") == 0)
        *out = MED_METHOD_SUPPLY;
    else if (text && strcmp(text, "auto") == 0)
        *out = MED_METHOD_AUTO;
    else
        return MED_ERR_ARGUMENT;
    return MED_OK;
}

const char *med_result_status_string(med_result_status status)
{
    switch (status) {
    case MED_RESULT_OK: return "ok";
    case MED_RESULT_EXCLUDED: return "excluded";
    case MED_RESULT_NOT_OPIOID: return "not_opioid";
    case MED_RESULT_ERROR: return "error";
    }
    return "?";
}

const med_tier *med__tier_for(const med_factor *f, med_q daily)
{
    for (size_t i = 0; i < f->tier_count; i++) {
        const med_tier *t = &f->tiers[i];
        if (med__q_cmp(daily, t->above) > 0 &&
            (med__q_absent(t->at_most) || med__q_cmp(daily, t->at_most) <= 0))
            return t;
    }
    return NULL;
}

static void fmt(med_q q, char *buf, size_t cap)
{
    med__q_format(q, 2, buf, cap);
}

static const char *per_text(const med_factor *f)
{
    if (f->unit == MED_UNIT_MCG_HR)
        return f->per == MED_PER_RATE ? "mcg/hr" : "mcg/hr per patch-day";
    return f->unit == MED_UNIT_MG ? "mg/day" : "mcg/day";
}

/* "10 mg x 4/day" or "10 mg x 120 / 30 days": how the units per day came about. */
static void describe_units(const med_dose *d, char *buf, size_t cap)
{
    char a[32], b[32], s[32];
    fmt(d->strength, s, sizeof s);
    const char *u = med__unit_name(d->unit);
    const char *what = d->unit == MED_UNIT_MCG_HR ? " patches" : "";
    if (d->supply) {
        fmt(d->quantity, a, sizeof a);
        fmt(d->days, b, sizeof b);
        med__join(buf, cap, s, " ", u, " x ", a, what, " / ", b, " days", (char *)NULL);
    } else if (!med__q_absent(d->per_dose) && med__q_cmp(d->per_dose, med__q_int(1)) != 0) {
        fmt(d->per_dose, a, sizeof a);
        fmt(d->doses, b, sizeof b);
        med__join(buf, cap, s, " ", u, " x ", a, " x ", b, "/day", (char *)NULL);
    } else {
        fmt(d->units_per_day, a, sizeof a);
        med__join(buf, cap, s, " ", u, " x ", a, what, "/day", (char *)NULL);
    }
}

/* Patches worn together ("2 patches", units_per_dose 2): 1 when not said. */
static med_q worn_together(const med_dose *d)
{
    return med__q_absent(d->per_dose) ? med__q_int(1) : d->per_dose;
}

/* Patch under the clinical method: the rate of every patch worn together times the per-rate
 * factor, whatever the interval. */
static int patch_clinical(const med_dose *d, med__computed *c, med__result *out)
{
    const med_factor *f = d->factor;
    med_q rate_factor = f->factor, worn = worn_together(d);
    char s[32], fx[32], m[32], h[32], n[48] = "";
    if (f->per == MED_PER_PATCH_DAY &&
        (med__q_mul(f->factor, med__q_int(24), &rate_factor) ||
         med__q_div(rate_factor, f->patch_hours, &rate_factor)))
        return -1;
    if (med__q_mul(d->strength, worn, &c->daily) || med__q_mul(c->daily, rate_factor, &c->mme))
        return -1;
    out->factor = med__q_to_double(rate_factor);
    if (out->numbers_only)
        return 0;
    fmt(d->strength, s, sizeof s);
    fmt(c->mme, m, sizeof m);
    fmt(f->patch_hours, h, sizeof h);
    fmt(rate_factor, fx, sizeof fx);
    if (med__q_cmp(worn, med__q_int(1)) != 0) {
        char w[32];
        fmt(worn, w, sizeof w);
        med__join(n, sizeof n, " x ", w, " patches", (char *)NULL);
    }
    if (f->per == MED_PER_RATE)
        med__join(out->arithmetic, sizeof out->arithmetic, s, " mcg/hr", n, " x ",
                  f->factor_text, " = ", m, " MME/day", (char *)NULL);
    else
        med__join(out->arithmetic, sizeof out->arithmetic, s, " mcg/hr", n, " x ",
                  f->factor_text, " x 24/", h, " h = ", m, " MME/day", (char *)NULL);
    med__q_format(rate_factor, 6, out->factor_applied, sizeof out->factor_applied);
    return 0;
}

/* Patch under the supply method: patches dispensed per day times the patch-day factor. */
static int patch_supply(const med_dose *d, med__computed *c, med__result *out)
{
    const med_factor *f = d->factor;
    med_q per_day = d->units_per_day, pd_factor = f->factor, x;
    char units[80], h[32], m[32];
    if (med__q_absent(per_day)) {
        /* A schedule with no change interval: one patch per patch_hours, as the table assumes. */
        if (med__q_div(med__q_int(24), f->patch_hours, &per_day) ||
            med__q_mul(per_day, worn_together(d), &per_day))
            return -1;
        if (!out->numbers_only && med__q_cmp(worn_together(d), med__q_int(1)) == 0)
            snprintf(out->message, sizeof out->message,
                 "no change interval given: one patch every %s hours assumed, as the table does",
                 (fmt(f->patch_hours, h, sizeof h), h));
        else if (!out->numbers_only)
            snprintf(out->message, sizeof out->message,
                     "no change interval given: %s patches worn together, changed every %s "
                     "hours as the table assumes", (fmt(worn_together(d), m, sizeof m), m),
                     (fmt(f->patch_hours, h, sizeof h), h));
    }
    if (f->per == MED_PER_RATE &&
        (med__q_mul(f->factor, f->patch_hours, &pd_factor) ||
         med__q_div(pd_factor, med__q_int(24), &pd_factor)))
        return -1;
    if (med__q_mul(d->strength, per_day, &x) || med__q_mul(x, pd_factor, &c->mme))
        return -1;
    c->daily = x;
    out->factor = med__q_to_double(pd_factor);
    if (out->numbers_only)
        return 0;
    med_dose shown = *d;
    shown.units_per_day = per_day;
    if (med__q_absent(d->doses))
        shown.per_dose = d->doses; /* no schedule: patches per day say it all */
    describe_units(&shown, units, sizeof units);
    fmt(c->mme, m, sizeof m);
    fmt(f->patch_hours, h, sizeof h);
    if (f->per == MED_PER_RATE)
        med__join(out->arithmetic, sizeof out->arithmetic, units, " x ", f->factor_text, " x ", h,
                  "/24 h = ", m, " MME/day", (char *)NULL);
    else
        med__join(out->arithmetic, sizeof out->arithmetic, units, " x ", f->factor_text, " = ", m,
                  " MME/day", (char *)NULL);
    med__q_format(pd_factor, 6, out->factor_applied, sizeof out->factor_applied);
    return 0;
}

/* The note a tiered result carries: which tier, chosen by which daily dose. */
static void tier_note(const med_table *t, const med_factor *f, const med_tier *tier, med_q by,
                      int by_total, med__result *out)
{
    char td[32];
    fmt(by, td, sizeof td);
    snprintf(out->message, sizeof out->message, "%s tier above %s%s%s mg/day chosen by %s"
             "%s mg/day (%s@%s applies tiers to the %s)",
             f->ingredient, tier->above_text, tier->at_most_text ? " to " : "",
             tier->at_most_text ? tier->at_most_text : "", by_total ? "the total " : "", td,
             t->info.id, t->info.version,
             t->tiers_total ? "patient's total daily dose" : "prescription");
}

/* Everything but patches: daily dose x factor (or the tier's factor for that daily dose). */
static int dose_based(const med_dose *d, const med_q *tier_dose, med__computed *c,
                      med__result *out)
{
    const med_factor *f = d->factor;
    char units[80];
    int64_t mme;
    if (med__q_mul(d->strength, d->units_per_day, &c->daily))
        return -1;
    med_q factor = f->factor;
    const char *factor_text = f->factor_text;
    double factor_value = f->pub.factor; /* med__q_to_double of the factor, made at load */
    if (f->tier_count) {
        med_q by = tier_dose ? *tier_dose : c->daily;
        c->tier = med__tier_for(f, by);
        if (c->tier == NULL)
            return -1;
        c->tiers_total = d->source->tiers_total;
        factor = c->tier->factor;
        factor_text = c->tier->factor_text;
        factor_value = c->tier->pub.factor;
        if (!out->numbers_only)
            tier_note(d->source, f, c->tier, by, tier_dose != NULL, out);
    }
    if (med__q_mul(c->daily, factor, &c->mme))
        return -1;
    out->factor = factor_value;
    out->factor_text = factor_text;
    if (out->numbers_only)
        return 0;
    describe_units(d, units, sizeof units);
    /* The texts finish_ok() reports are made here once and used in the arithmetic line too. */
    if (med__q_hundredths(c->mme, &mme) != 0)
        return -1;
    fmt(c->daily, out->daily_dose_text, sizeof out->daily_dose_text);
    med__hundredths_format(mme, out->mme_text, sizeof out->mme_text);
    med__join(out->arithmetic, sizeof out->arithmetic, units, " = ", out->daily_dose_text, " ",
              med__unit_name(d->unit), "/day x ", factor_text, " = ", out->mme_text, " MME/day",
              (char *)NULL);
    /* applied as printed: the table's text is the exact value */
    med__join(out->factor_applied, sizeof out->factor_applied, factor_text, (char *)NULL);
    return 0;
}

/* The note of a result whose factor the fallback table supplied, after any other note. */
static void fallback_note(const med_table *t, const med_dose *d, med__result *out)
{
    size_t used = strlen(out->message);
    snprintf(out->message + used, sizeof out->message - used, "%sfactor from the fallback table "
             "%s: %s has no factor for %s%s%s", used ? "; " : "", d->source->name, t->name,
             d->drug.ingredient, d->form ? " " : "", d->form ? d->form : "");
}

/* A computation whose numbers cannot be held exactly: an error, with no text of the
 * arithmetic left behind (a wrapped or cut number would look like a result). */
MED__COLD static void too_large(med__result *out)
{
    med__result_error(out, MED_ERR_RANGE, "numbers too large to compute exactly");
    out->mme_hundredths = out->daily_dose_hundredths = 0;
    out->daily_dose_text[0] = out->factor_applied[0] = out->mme_text[0] = '\0';
    out->arithmetic[0] = '\0';
}

/* out's hundredths set already (compute_dose). */
static void finish_ok(const med_table *t, const med_dose *d, const med__computed *c, med_method m,
                      med__result *out)
{
    out->status = MED_RESULT_OK;
    out->method = m;
    out->mme_per_day = (double)out->mme_hundredths / 100.0;
    out->daily_dose = med__q_to_double(c->daily);
    out->dose_unit = med__unit_name(d->unit);
    out->factor_per = per_text(d->factor);
    if (out->factor_text == NULL)
        out->factor_text = d->factor->factor_text;
    out->factor_table = d->source->name;
    if (out->numbers_only)
        return;
    if (out->mme_text[0] == '\0')
        med__hundredths_format(out->mme_hundredths, out->mme_text, sizeof out->mme_text);
    if (out->daily_dose_text[0] == '\0')
        fmt(c->daily, out->daily_dose_text, sizeof out->daily_dose_text);
    if (d->prn && out->message[0] == '\0')
        snprintf(out->message, sizeof out->message,
                 "as needed (PRN): counted at its most frequent interval");
    if (d->source != t)
        fallback_note(t, d, out);
}

static med_method pick_method(const med_dose *d, med_method m)
{
    if (m == MED_METHOD_AUTO)
        return d->supply ? MED_METHOD_SUPPLY : MED_METHOD_CLINICAL;
    return m;
}

/* Clears what a computation fills, without zeroing the whole (large) struct every time. */
static void reset(med__result *out)
{
    out->status = MED_RESULT_ERROR;
    out->ingredient = out->drug_class = out->form = out->dose_unit = out->release = NULL;
    out->factor_text = out->factor_per = out->factor_table = NULL;
    out->daily_dose = out->factor = out->mme_per_day = 0.0;
    out->mme_hundredths = out->daily_dose_hundredths = 0;
    out->daily_dose_text[0] = out->factor_applied[0] = out->mme_text[0] = '\0';
    out->arithmetic[0] = out->message[0] = '\0';
    out->error.code = MED_OK;
    out->error.line = out->error.column = 0;
    out->error.text[0] = out->error.message[0] = '\0';
    memcpy(out->error.source, "<input>", sizeof "<input>");
}

/* The first half of a computation: the input's texts read into `d`, with the result's
 * method, drug and form set; -1 when the result already says why there is nothing to compute. */
static int read_dose(const med_table *t, const med__fields *in, med_method method, med_dose *d,
                     med__result *out)
{
    reset(out);
    int supply_basis = (in->given & (MED__GIVEN_QUANTITY | MED__GIVEN_DAYS_SUPPLY)) != 0;
    out->method = method != MED_METHOD_AUTO ? method
                  : supply_basis            ? MED_METHOD_SUPPLY
                                            : MED_METHOD_CLINICAL;
    return med__dose_prepare(t, in, method, d, out);
}

/* The second half: the arithmetic of a read dose; `tier_dose` overrides the tier-selecting
 * dose. */
static int compute_dose(const med_table *t, const med_dose *d, med_method method,
                        const med_q *tier_dose, med__result *out, med__computed *c)
{
    med_method m = pick_method(d, method);
    int rc;
    memset(c, 0, sizeof *c);
    if (d->factor->unit == MED_UNIT_MCG_HR)
        rc = m == MED_METHOD_CLINICAL ? patch_clinical(d, c, out) : patch_supply(d, c, out);
    else if (med__q_absent(d->units_per_day))
        rc = -1;
    else
        rc = dose_based(d, tier_dose, c, out);
    /* An MME/day or daily dose whose hundredths 64 bits cannot hold is an error too. */
    if (rc == 0 && (med__q_hundredths(c->mme, &out->mme_hundredths) != 0 ||
                    med__q_hundredths(c->daily, &out->daily_dose_hundredths) != 0))
        rc = -1;
    if (rc != 0) {
        too_large(out);
        return -1;
    }
    finish_ok(t, d, c, m, out);
    return 0;
}

/* The whole computation of one input; `tier_dose` overrides the tier-selecting dose. Inline
 * into compute_one; med__compute_exact for med__compute_set. */
static inline int compute_exact(const med_table *t, const med__fields *in, med_method method,
                                const med_q *tier_dose, med__result *out, med__computed *c)
{
    med_dose d;
    if (read_dose(t, in, method, &d, out))
        return -1;
    return compute_dose(t, &d, method, tier_dose, out, c);
}

int med__compute_exact(const med_table *t, const med__fields *in, med_method method,
                       const med_q *tier_dose, med__result *out, med__computed *c)
{
    return compute_exact(t, in, method, tier_dose, out, c);
}

/* An input the door refused (status `s`, the over-long `field`) as the result's error, with the
 * method asked for (the input's fields, which would settle MED_METHOD_AUTO, are not read). Out
 * of line: nearly every input is taken. */
MED__COLD static void refuse(const med_input *input, med_method method, med_status s,
                             const char *field, med__result *out)
{
    reset(out);
    out->method = method;
    if (s == MED_ERR_VERSION)
        med__result_error(out, s, "med_input version %u is not one this library knows (1 to %d):"
                                  " initialise it with MED_INPUT_INIT",
                          input->version, MED_INPUT_VERSION);
    else
        med__result_error(out, s, "the %s is longer than %d bytes, the most an input field may "
                                  "hold", field, MED_INPUT_MAX_TEXT);
}

/* The caller's input checked at the door (version, absent texts, lengths), 0 when `n` is
 * ready; a refusal becomes the result's error (refuse()), -1. Inline into compute_one, the
 * step of every computation; med__compute_take_input for the other callers. */
static inline int take_input(const med_input *input, med_method method, med__fields *n,
                             med__result *out)
{
    const char *field;
    med_status s = med__input_read(input, n, &field);
    if (s == MED_OK)
        return 0;
    refuse(input, method, s, field, out);
    return -1;
}

int med__compute_take_input(const med_input *input, med_method method, med__fields *n,
                            med__result *out)
{
    return take_input(input, method, n, out);
}

/* What compute_one makes besides the numbers. */
enum { NUMBERS_ONLY = 0, WITH_TEXTS = 1, WITH_RELEASE = 2 };

/* One input into the library's result: its texts when `with & WITH_TEXTS`, its release kind
 * (ER/LA or IR) when `with & WITH_RELEASE`. The release kind reads every release word of the
 * vocabulary against the input's texts: the public result has no member for it, so
 * med_compute does not pay for it. */
static inline void compute_one(const med_table *t, const med_input *input, med_method method,
                               int with, med__result *out)
{
    med__fields n;
    med__computed c;
    out->numbers_only = !(with & WITH_TEXTS);
    if (take_input(input, method, &n, out) == 0) {
        compute_exact(t, &n, method, NULL, out, &c);
        if (with & WITH_RELEASE) {
            const char *texts[] = {n.text.drug, n.text.form};
            med__result_mark_release(t, out, texts, 2);
        }
    }
}

int med__compute_read(const med_table *t, const med_input *input, med_method method,
                      med_dose *d, med__result *out)
{
    med__fields n;
    out->numbers_only = 1;
    if (med__compute_take_input(input, method, &n, out) != 0)
        return -1;
    return read_dose(t, &n, method, d, out);
}

void med__compute_read_dose(const med_table *t, const med_dose *d, med_method method,
                            const med__result *read, med__result *out)
{
    med__computed c;
    reset(out);
    out->numbers_only = 1;
    out->method = read->method;
    out->ingredient = read->ingredient;
    out->drug_class = read->drug_class;
    out->form = read->form;
    compute_dose(t, d, method, NULL, out, &c);
}

med_status med__compute(const med_table *table, const med_input *input, med_method method,
                        med__result *out)
{
    if (table == NULL || input == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    compute_one(table, input, method, WITH_TEXTS | WITH_RELEASE, out);
    return MED_OK;
}

const char *med_compute_release(const med_table *table, const med_input *input)
{
    med__result r;
    if (table == NULL || input == NULL)
        return NULL;
    compute_one(table, input, MED_METHOD_AUTO, WITH_RELEASE, &r);
    return r.release;
}

med_status med_compute(const med_table *table, const med_input *input, med_method method,
                       med_result *out)
{
    med__result r;
    if (table == NULL || input == NULL || out == NULL)
        return MED_ERR_ARGUMENT;
    if (out->version < 1 || out->version > MED_RESULT_VERSION)
        return MED_ERR_VERSION;
    compute_one(table, input, method, NUMBERS_ONLY, &r); /* texts come on request */
    med_status s = med__result_publish(&r, out);
    if (s == MED_OK && (input->version < 1 || input->version > MED_INPUT_VERSION))
        return MED_ERR_VERSION; /* the result says so too */
    return s;
}

size_t med_compute_text(const med_table *table, const med_input *input, med_method method,
                        med_text what, char *buf, size_t capacity)
{
    med__result r;
    if (table == NULL || input == NULL)
        return med__text_out("", buf, capacity);
    compute_one(table, input, method, WITH_TEXTS, &r);
    return med__text_out(med__result_text(&r, what), buf, capacity);
}

med_status med_lookup_drug(const med_table *table, const char *name, med_drug_info *out,
                           med_error *error)
{
    med_resolved r;
    med__error_clear(error);
    if (table == NULL || name == NULL || out == NULL)
        return med__fail(error, MED_ERR_ARGUMENT, NULL, 0, 0, NULL, "no table or name given");
    if (out->version < 1 || out->version > MED_DRUG_INFO_VERSION)
        return med__fail(error, MED_ERR_VERSION, NULL, 0, 0, NULL,
                         "med_drug_info version %u is not one this library knows: initialise it "
                         "with MED_DRUG_INFO_INIT", out->version);
    med_status s = med__vocab_resolve(table->vocab, name, &r, error);
    if (s != MED_OK)
        return s;
    out->ingredient = r.ingredient;
    out->drug_class = r.drug_class;
    out->form = r.form;
    out->component_index = r.component_index;
    out->component_count = r.component_count;
    return MED_OK;
}
