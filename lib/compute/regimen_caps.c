/* Daily caps and split doses: how much a day an order allows, once everything is read.
 *
 * A split dose ("10 mg every morning and 20 mg at bedtime", "2 tabs in the morning, 1 tab at
 * night") is kept as parts, each a dose at its own frequency, and summed into units per day. A
 * cap ("Max daily dose: 30 mg", "do not exceed 8 tablets in 24 hours", "max 6 tabs/day", "no
 * more than 4 per day", a bare number counting doses, as a liquid's "max 3 per day" must) limits the schedule's most frequent use: the daily amount is the
 * smaller of the two, and the notes say which decided. Either way the input is rewritten as the
 * day's units taken once a day, so that the arithmetic downstream stays the plain one. All of it
 * is exact (common/decimal.c). See regimen.c for the grammar as a whole. */
#include <stdio.h>
#include <string.h>

#include "compute/regimen_parse.h"

/* ---- reading a cap ------------------------------------------------------------------------- */

/* The period of a cap from lexeme k: a day, or 24 hours. The index after it, or k. */
static size_t read_cap_period(const parser *p, size_t k)
{
    number n;
    if (word_is(p, k, "daily|qd"))
        return k + 1;
    if (!is_punct(p, k, '/') && !word_is(p, k, "per|a|each|in|every|within|over"))
        return k;
    if (word_is(p, k + 1, "day|d"))
        return k + 2;
    if (word_is(p, k + 1, "one|a") && word_is(p, k + 2, "day"))
        return k + 3;
    if (read_number(p, k + 1, 0, &n) && strcmp(n.text, "24") == 0 &&
        word_is(p, k + 2, HOUR_WORDS "|hours"))
        return k + 3;
    return k;
}

/* The cap's unit at lexeme k (MED__CAP_*), and the word that shows it ("" for a bare count). */
static int read_cap_unit(const parser *p, size_t k, const char **word)
{
    *word = "";
    if (word_is(p, k, MG_WORDS))
        return *word = "mg", MED__CAP_MASS;
    if (word_is(p, k, MCG_WORDS))
        return *word = "mcg", MED__CAP_MASS;
    if (word_is(p, k, ML_WORDS))
        return *word = "mL", MED__CAP_ML;
    if (word_is(p, k, "dose|doses"))
        return *word = "doses", MED__CAP_DOSES;
    if (word_is(p, k, COUNT_WORDS))
        return *word = "units", MED__CAP_UNITS;
    return MED__CAP_NONE;
}

static int strength_per_unit(const parser *p, med_q *out);

/* A cap as tablets (or mL) a day, when its unit says so without the dose: units as they are, mg
 * or mcg over the strength in the same mass. 0 when it cannot be said. */
static int cap_as_units(const parser *p, int unit, const char *word, const char *value,
                        med_q *out)
{
    med_q per;
    const char *u = p->out->unit;
    if (!med__rg_q(value, out))
        return 0;
    if (unit == MED__CAP_UNITS || unit == MED__CAP_ML)
        return 1;
    return unit == MED__CAP_MASS && strength_per_unit(p, &per) &&
           strlen(word) == strcspn(u, "/") && strncmp(u, word, strlen(word)) == 0 &&
           med__q_div(*out, per, out) == 0;
}

/* Whether a second cap says the same daily amount as the first in another unit. */
static int same_cap(const parser *p, int unit, const char *word, const char *value)
{
    med_q a, b;
    if ((unit == MED__CAP_ML) != (p->cap_unit == MED__CAP_ML))
        return 0;
    return cap_as_units(p, p->cap_unit, p->cap_word, p->cap_value, &a) &&
           cap_as_units(p, unit, word, value, &b) && med__q_cmp(a, b) == 0;
}

int med__rg_is_cap(const parser *p, size_t k)
{
    number n;
    const char *word;
    if (!read_number(p, k, 1, &n))
        return 0;
    size_t after = read_cap_unit(p, k + 1, &word) == MED__CAP_NONE ? k + 1 : k + 2;
    return read_cap_period(p, after) > after;
}

/* After "max", "do not exceed", "no more than" (lexemes [i, end)): "[daily] [dose|amount] [of]
 * N [unit] per day". A cap without an amount or a period is an error: it cannot be read as
 * less than it says. */
med_status med__rg_read_cap(parser *p, size_t i, size_t end, size_t *next)
{
    number n;
    const char *word;
    int daily = word_is(p, i, "mdd"); /* a maximum daily dose */
    size_t k = end;
    for (; word_is(p, k, "daily|day|dose|amount|of|total|a|an"); k++)
        daily |= word_is(p, k, "daily");
    med_status st = need_drug(p, span_of(p, i, k));
    if (st != MED_OK)
        return st;
    if (!read_number(p, k, 1, &n))
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, k),
                       "an empty cap: expected an amount after it, e.g. \"max 30 mg/day\" or "
                       "\"do not exceed 8 tablets in 24 hours\"");
    int unit = read_cap_unit(p, k + 1, &word);
    size_t after = unit == MED__CAP_NONE ? k + 1 : k + 2;
    size_t stop = read_cap_period(p, after);
    span s = span_of(p, i, stop);
    span here = {p->t.lex[after - 1].end, p->t.lex[after - 1].end};
    if (after < p->t.count)
        here = span_of(p, after, after + 1);
    if (stop == after && !daily)
        return fail_near(p, MED_ERR_SYNTAX, here,
                         "expected the cap's period after it, e.g. \"per day\" or \"in 24 "
                         "hours\"");
    if (has_zero_part(n.text))
        return fail_at(p, MED_ERR_RANGE, s, "expected a positive cap");
    if (unit == MED__CAP_NONE) { /* "max 3 per day": administrations, whatever the dose's unit */
        unit = MED__CAP_DOSES;
        word = "doses";
    }
    if (p->cap.end && (unit != p->cap_unit || med__regimen_num_cmp(n.text, p->cap_value) != 0)) {
        if (!same_cap(p, unit, word, n.text))
            return fail_at(p, MED_ERR_SYNTAX, s, "a second, different cap; give one");
        *next = stop; /* "max 6 tabs/day (30 mg/day)" of 5 mg tablets: one cap said twice */
        return med__rg_ignore(p, "restatement", s);
    }
    p->cap = s;
    p->cap_unit = unit;
    p->cap_word = word;
    p->in_sig = 1;
    memcpy(p->cap_value, n.text, sizeof n.text);
    char typed[16] = ""; /* a count as written: "8 tablets/day", "6 tabs/day" */
    if (unit == MED__CAP_UNITS && word[0]) {
        const lexeme *l = &p->t.lex[k + 1];
        size_t len = strcspn(p->t.text + l->start, "(.");
        for (size_t c = 0; c < len && c < l->end - l->start && c + 1 < sizeof typed; c++)
            typed[c] = (char)med__rx_lower(p->t.text[l->start + c]), typed[c + 1] = '\0';
    }
    snprintf(p->notes->cap, sizeof p->notes->cap, "%s%s%s/day", n.text, word[0] ? " " : "",
             typed[0] ? typed : word);
    *next = stop;
    return MED_OK;
}

/* ---- the day's units --------------------------------------------------------------------- */

/* The strength per unit (per mL for a liquid) in its mass; 0 for a combination or a rate. */
static int strength_per_unit(const parser *p, med_q *out)
{
    const char *unit = p->out->unit, *slash = strchr(unit, '/');
    med_q volume = med__q_int(1);
    if (strchr(p->out->strength, '/') || !med__rg_q(p->out->strength, out))
        return 0;
    if (slash && strcmp(slash, "/hr") == 0)
        return 0;
    if (slash && strcmp(slash, "/mL") != 0 &&
        med__q_parse(slash + 1, strcspn(slash + 1, " "), &volume) != 0)
        return 0;
    return med__q_div(*out, volume, out) == 0;
}

/* Units (tablets, mL) in one dose of the current part: the count, or a dose in mg over the
 * strength. */
static med_status dose_units(parser *p, med_q *units)
{
    med_q amount, per;
    if (!med__rg_q(p->out->units_per_dose[0] ? p->out->units_per_dose : "1", units))
        return fail_at(p, MED_ERR_LIMIT, p->dose, "the dose is too long");
    if (!p->amount.end)
        return MED_OK;
    p->dose_in_ml |= strchr(p->out->unit, '/') != NULL; /* mg of a liquid: a dose in mL */
    if (!strength_per_unit(p, &per) || !med__rg_q(p->amount_text, &amount) ||
        med__q_div(amount, per, &amount) != 0)
        return fail_at(p, MED_ERR_SYNTAX, p->amount,
                       "a dose in %s needs a strength per tablet or per mL", p->out->unit);
    if (p->dose.end && med__q_cmp(amount, *units) != 0)
        return fail_at(p, MED_ERR_SYNTAX, p->amount,
                       "disagrees with the dose \"%.*s\" and the strength; correct one of them",
                       (int)(p->dose.end - p->dose.start), p->t.text + p->dose.start);
    *units = amount;
    return MED_OK;
}

/* Doses a day of the current part; 0 when it has no frequency. */
static int doses_a_day(const parser *p, med_q *out)
{
    med_q hours;
    if (p->out->doses_per_day[0])
        return med__rg_q(p->out->doses_per_day, out);
    if (!p->out->every_hours[0] || !med__rg_q(p->out->every_hours, &hours))
        return 0;
    return med__q_div(med__q_int(24), hours, out) == 0;
}

static med_status part_per_day(parser *p, span s, med_q *out)
{
    med_q units, doses;
    med_status st = dose_units(p, &units);
    if (st != MED_OK)
        return st;
    if (!doses_a_day(p, &doses))
        return fail_near(p, MED_ERR_SYNTAX, s, "this dose has no frequency");
    if (med__q_mul(units, doses, out) != 0)
        return fail_at(p, MED_ERR_LIMIT, s, "too large");
    return MED_OK;
}

/* Adds "2 tabs x 1/day" for the current part to the notes' split. */
static void describe_part(parser *p)
{
    med_q doses;
    char per_day[32] = "?";
    span d = p->dose.end ? p->dose : p->amount.end ? p->amount : p->strength;
    if (doses_a_day(p, &doses))
        med__q_format(doses, 2, per_day, sizeof per_day);
    char *split = p->notes->split;
    size_t used = strlen(split);
    snprintf(split + used, sizeof p->notes->split - used, "%s%.*s x %s/day", used ? " + " : "",
             (int)(d.end - d.start), p->t.text + d.start, per_day);
}

med_status med__rg_close_part(parser *p, span s)
{
    if (p->part_count == MED__RG_MAX_PARTS)
        return fail_at(p, MED_ERR_LIMIT, s, "more than %d doses in one order",
                       MED__RG_MAX_PARTS);
    span part = p->dose.end ? p->dose : p->amount.end ? p->amount : p->frequency;
    med_status st = part_per_day(p, part, &p->parts[p->part_count]);
    if (st != MED_OK)
        return st;
    describe_part(p);
    p->part_count++;
    p->dose.start = p->dose.end = p->frequency.start = p->frequency.end = 0;
    p->amount.start = p->amount.end = 0;
    p->amount_text[0] = p->out->units_per_dose[0] = '\0';
    p->out->doses_per_day[0] = p->out->every_hours[0] = '\0';
    return MED_OK;
}

/* Writes q exactly (up to six places) into a field; 0 when it has more places than that. */
static int exact(med_q q, char *field)
{
    med_q scaled;
    if (med__q_mul(q, med__q_int(1000000), &scaled) != 0 || scaled.den != 1)
        return 0;
    char text[64];
    med__q_format(q, 6, text, sizeof text);
    if (strlen(text) >= MED_UNIT_MAX)
        return 0;
    memcpy(field, text, strlen(text) + 1);
    return 1;
}

/* The input as `units` a day taken once a day. Units without an exact decimal (40 mg of 15 mg
 * tablets) are written as the day's mass in one unit of that mass instead. */
static med_status write_daily(parser *p, med_q units, span s)
{
    med_q per, mass;
    p->out->every_hours[0] = '\0';
    memcpy(p->out->doses_per_day, "1", 2);
    if (exact(units, p->out->units_per_dose))
        return MED_OK;
    if (strchr(p->out->unit, '/') || !strength_per_unit(p, &per) ||
        med__q_mul(units, per, &mass) != 0 || !exact(mass, p->out->strength))
        return fail_at(p, MED_ERR_SYNTAX, s, "the daily amount has no exact decimal");
    memcpy(p->out->units_per_dose, "1", 2);
    return MED_OK;
}

/* The cap in units a day, and a factor that turns units into the cap's own unit. */
static med_status cap_units(parser *p, med_q *cap, med_q *per_unit)
{
    med_q per;
    *per_unit = med__q_int(1);
    if (!med__rg_q(p->cap_value, cap))
        return fail_at(p, MED_ERR_LIMIT, p->cap, "the cap is too long");
    switch (p->cap_unit) {
    case MED__CAP_MASS:
        if (!strength_per_unit(p, &per) ||
            strncmp(p->out->unit, p->cap_word, strcspn(p->out->unit, "/")) != 0 ||
            strlen(p->cap_word) != strcspn(p->out->unit, "/"))
            return fail_at(p, MED_ERR_SYNTAX, p->cap,
                           "a cap in %s for a strength of %s %s: give the cap in tablets",
                           p->cap_word, p->out->strength, p->out->unit);
        *per_unit = per;
        return med__q_div(*cap, per, cap) == 0 ? MED_OK
                                              : fail_at(p, MED_ERR_LIMIT, p->cap, "too large");
    case MED__CAP_ML:
        return p->dose_in_ml ? MED_OK
                             : fail_at(p, MED_ERR_SYNTAX, p->cap,
                                       "a cap in mL for a dose that is not in mL");
    case MED__CAP_UNITS:
        return !p->dose_in_ml ? MED_OK
                              : fail_at(p, MED_ERR_SYNTAX, p->cap,
                                        "a cap in units for a dose in mL: give it in mL or mg");
    default: /* doses: apply_cap counts one dose's units for each */
        return !p->part_count ? MED_OK
                              : fail_at(p, MED_ERR_SYNTAX, p->cap,
                                        "a cap in doses for doses of different sizes: give it "
                                        "in tablets or mg");
    }
}

/* The smaller of the schedule's daily units and the cap's decides; the notes say which. */
static med_status apply_cap(parser *p, med_q *units)
{
    med_q cap, per_unit, dose, shown;
    med_status st = cap_units(p, &cap, &per_unit);
    if (st != MED_OK)
        return st;
    if (p->cap_unit == MED__CAP_DOSES) { /* doses: one dose's units each */
        if ((st = dose_units(p, &dose)) != MED_OK)
            return st;
        if (med__q_mul(cap, dose, &cap) != 0 || med__q_div(med__q_int(1), dose, &per_unit) != 0)
            return fail_at(p, MED_ERR_LIMIT, p->cap, "too large");
    }
    if (med__q_mul(*units, per_unit, &shown) != 0)
        return fail_at(p, MED_ERR_LIMIT, p->cap, "too large");
    const char *unit = strchr(p->notes->cap, ' ');
    char amount[40];
    med__q_format(shown, 2, amount, sizeof amount);
    snprintf(p->notes->schedule, sizeof p->notes->schedule, "%s%s", amount,
             unit ? unit : "/day");
    p->notes->decided_by = med__q_cmp(cap, *units) < 0 ? "cap" : "schedule";
    if (med__q_cmp(cap, *units) < 0)
        *units = cap;
    return MED_OK;
}

/* A single dose given in mg ("take 10 mg" of 5 mg tablets) as units: 2. */
static med_status amount_as_units(parser *p)
{
    med_q units;
    med_status st = dose_units(p, &units);
    if (st != MED_OK)
        return st;
    if (!exact(units, p->out->units_per_dose))
        return fail_at(p, MED_ERR_SYNTAX, p->amount,
                       "is not an exact number of %s %s units; give the dose in tablets",
                       p->out->strength, p->out->unit);
    p->amount.end = 0;
    return MED_OK;
}

med_status med__rg_finish_daily(parser *p)
{
    med_q units;
    span at = p->cap.end ? p->cap : p->frequency;
    med_status st;
    /* a patch's units are the patches worn together: no day's units to cap or sum */
    if ((p->cap.end || p->part_count) && strcmp(p->out->unit, "mcg/hr") == 0)
        return fail_at(p, MED_ERR_SYNTAX, at, "a %s on a patch is not supported: give the "
                       "patches worn together and their change interval",
                       p->cap.end ? "daily cap" : "split dose");
    if (p->part_count) {
        if (!p->frequency.end)
            return fail_near(p, MED_ERR_SYNTAX, p->dose.end ? p->dose : p->amount,
                             "the last dose of a split has no frequency");
        if ((st = med__rg_close_part(p, at)) != MED_OK)
            return st;
        units = p->parts[0];
        for (size_t k = 1; k < p->part_count; k++)
            if (med__q_add(units, p->parts[k], &units) != 0)
                return fail_at(p, MED_ERR_LIMIT, at, "too large");
    } else if (p->cap.end) {
        if ((st = part_per_day(p, p->frequency, &units)) != MED_OK)
            return st;
    } else if (p->amount.end) {
        return amount_as_units(p);
    } else {
        return MED_OK;
    }
    if (p->cap.end && (st = apply_cap(p, &units)) != MED_OK)
        return st;
    if (!p->part_count && strcmp(p->notes->decided_by, "schedule") == 0)
        return p->amount.end ? amount_as_units(p) : MED_OK; /* the schedule as written */
    p->amount.end = 0;
    return write_daily(p, units, at);
}
