/* Parentheses in an order as EHRs print them: a brand after the drug ("oxyCODONE (ROXICODONE)
 * 5 MG tablet"), a number restated in words ("every 4 (four) hours") and a dose restated as
 * its total ("Take 2 tablets (10 mg total)"). A restatement is checked against what it
 * restates and is an error when it disagrees: one of the two is wrong, and we cannot tell
 * which. See regimen.c for the grammar as a whole. */
#include <stdio.h>
#include <string.h>

#include "compute/regimen_parse.h"

/* Removes lexemes [i, i + n) from the order. */
static void drop(parser *p, size_t i, size_t n)
{
    memmove(&p->t.lex[i], &p->t.lex[i + n], (p->t.count - i - n) * sizeof p->t.lex[0]);
    p->t.count -= n;
}

/* A number from 13 to 99 in words between lexemes [i, close): "sixteen", "seventy-two",
 * "twenty four". Returns the value, or 0. */
static unsigned tens_in_words(const parser *p, size_t i, size_t close)
{
    static const char *const teens[] = {"thirteen", "fourteen", "fifteen", "sixteen",
                                        "seventeen", "eighteen", "nineteen"};
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty",
                                       "sixty", "seventy", "eighty", "ninety"};
    for (unsigned k = 0; k < 7; k++)
        if (close == i + 1 && word_is(p, i, teens[k]))
            return 13 + k;
    for (unsigned k = 0; k < 8; k++) {
        if (!word_is(p, i, tens[k]))
            continue;
        size_t u = is_punct(p, i + 1, '-') ? i + 2 : i + 1;
        number n;
        unsigned unit = 0;
        if (close == i + 1)
            return 20 + 10 * k;
        if (u + 1 == close && p->t.lex[u].kind == LEX_WORD && read_number(p, u, 1, &n) &&
            whole_value(n.text, &unit) && unit >= 1 && unit <= 9)
            return 20 + 10 * k + unit;
    }
    return 0;
}

/* "every 72 (seventy-two) hours", "every 24 (twenty four) hours": as below, for 13 to 99. */
static med_status drop_tens_in_words(parser *p)
{
    for (size_t i = 1; i + 2 < p->t.count; i++) {
        size_t close = is_punct(p, i, '(') ? med__rg_group_end(p, i) : 0;
        number said;
        unsigned value = close ? tens_in_words(p, i + 1, close) : 0, want;
        if (!value || p->t.lex[i - 1].kind != LEX_NUM || !read_number(p, i - 1, 0, &said))
            continue;
        span s = span_of(p, i, close + 1);
        if (!whole_value(said.text, &want) || want != value)
            return fail_at(p, MED_ERR_SYNTAX, s,
                           "says %u but the number before it is %s; correct one of them", value,
                           said.text);
        med_status st = med__rg_ignore(p, "restatement", s);
        if (st != MED_OK)
            return st;
        drop(p, i, close + 1 - i);
    }
    return MED_OK;
}

/* "every 4 (four) hours", "Take 1 (one) tablet": the words restate the number before them and
 * are checked, then dropped before the grammar reads the rest, so that "4 hours" reads as one
 * interval. */
med_status med__rg_drop_number_words(parser *p)
{
    med_status tens = drop_tens_in_words(p);
    if (tens != MED_OK)
        return tens;
    for (size_t i = 1; i + 2 < p->t.count; i++) {
        number said, words;
        if (!is_punct(p, i, '(') || !is_punct(p, i + 2, ')') || p->t.lex[i - 1].kind != LEX_NUM ||
            p->t.lex[i + 1].kind != LEX_WORD || !read_number(p, i + 1, 1, &words) ||
            !read_number(p, i - 1, 0, &said))
            continue;
        span s = span_of(p, i, i + 3);
        if (med__regimen_num_cmp(said.text, words.text) != 0)
            return fail_at(p, MED_ERR_SYNTAX, s,
                           "says %s but the number before it is %s; correct one of them",
                           words.text, said.text);
        med_status st = med__rg_ignore(p, "restatement", s);
        if (st != MED_OK)
            return st;
        drop(p, i, 3);
    }
    return MED_OK;
}

/* The mass part of a unit ("mg" of "mg/5 mL") and its volume in mL (1 for "mg/mL", 0 for a
 * unit without one). 0 for a rate (mcg/hr), which has no total. */
static int unit_mass(const char *unit, char *mass, size_t cap, med_q *volume)
{
    const char *slash = strchr(unit, '/');
    size_t n = slash ? (size_t)(slash - unit) : strlen(unit);
    if (n + 1 > cap)
        return 0;
    memcpy(mass, unit, n);
    mass[n] = '\0';
    *volume = med__q_int(0);
    if (!slash)
        return 1;
    if (strcmp(slash, "/mL") == 0) {
        *volume = med__q_int(1);
        return 1;
    }
    const char *ml = strstr(slash, " mL");
    return ml && med__q_parse(slash + 1, (size_t)(ml - slash - 1), volume) == 0;
}

/* The dose read so far in the strength's mass, per combination part `part`; 0 when there is
 * no strength to say it. */
static int dose_mass(const parser *p, size_t part, med_q volume, med_q *out)
{
    const char *s = p->out->strength;
    for (size_t k = 0; k < part && s; k++)
        s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL;
    med_q strength, units;
    if (!s || med__q_parse(s, strcspn(s, "/"), &strength) != 0)
        return 0;
    if (p->amount.end)
        return med__rg_q(p->amount_text, out);
    if (!med__rg_q(p->out->units_per_dose[0] ? p->out->units_per_dose : "1", &units))
        return 0;
    if (!med__q_absent(volume) && med__q_sign(volume) > 0 &&
        med__q_div(strength, volume, &strength) != 0)
        return 0;
    return med__q_mul(units, strength, out) == 0;
}

/* Without a strength, the total gives it: "Take 2.5 mL (10 mg total)" is 10 mg/2.5 mL, "Take
 * 2 tablets (10 mg total)" is 5 mg a tablet. */
static med_status strength_from_total(parser *p, const number *total, const char *mass, span s)
{
    med_q value, units;
    char text[MED_UNIT_MAX], unit[MED_UNIT_MAX];
    if (!p->dose.end)
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "restates a dose, but neither a dose nor a strength comes before it");
    const char *count = p->out->units_per_dose;
    if (p->dose_in_ml) {
        int per_ml = med__regimen_num_cmp(count, "1") == 0;
        snprintf(text, sizeof text, "%s", total->text);
        if (snprintf(unit, sizeof unit, "%s/%s%smL", mass, per_ml ? "" : count,
                     per_ml ? "" : " ") >= (int)sizeof unit)
            return fail_at(p, MED_ERR_LIMIT, s, "the volume is too long");
    } else {
        if (!med__rg_q(total->text, &value) || !med__rg_q(count, &units) ||
            med__q_div(value, units, &value) != 0 || value.den > 1000000 ||
            1000000 % (int64_t)value.den != 0)
            return fail_at(p, MED_ERR_SYNTAX, s,
                           "does not divide into the dose's %s units exactly; give the strength",
                           count);
        med__q_format(value, 6, text, sizeof text);
        snprintf(unit, sizeof unit, "%s", mass);
    }
    p->strength = s;
    memcpy(p->out->strength, text, sizeof text);
    memcpy(p->out->unit, unit, sizeof unit);
    return med__rg_ignore(p, "restatement", s);
}

/* "(5 mg total)" after a dose: equal to the dose times the strength (any part of a
 * combination's), or the strength when none was given. A range ("Take 1-2 tablets (5-10 mg
 * total)") is checked at its larger end, the dose that counts. `unit` is the lexeme of its
 * unit. */
static med_status check_total(parser *p, size_t i, size_t unit_at, size_t close)
{
    number total, lo;
    char mass[MED_UNIT_MAX], want[48];
    med_q volume, said, dose;
    span s = span_of(p, i, close + 1);
    const char *unit = word_is(p, unit_at, MG_WORDS) ? "mg" : "mcg";

    read_range(p, i + 1, 0, &lo, &total);
    if (!p->strength.end)
        return strength_from_total(p, &total, unit, s);
    if (!unit_mass(p->out->unit, mass, sizeof mass, &volume) || strcmp(mass, unit) != 0)
        return fail_at(p, MED_ERR_SYNTAX, s, "a total in %s, but the strength is in %s", unit,
                       p->out->unit);
    if (!med__rg_q(total.text, &said))
        return fail_at(p, MED_ERR_LIMIT, s, "the total is too long");
    size_t part = 0;
    for (; dose_mass(p, part, volume, &dose); part++)
        if (med__q_cmp(dose, said) == 0)
            return med__rg_ignore(p, "restatement", s);
    if (part == 0)
        return fail_at(p, MED_ERR_SYNTAX, s, "cannot check this total against the dose");
    dose_mass(p, 0, volume, &dose);
    med__q_format(dose, 6, want, sizeof want);
    return fail_at(p, MED_ERR_SYNTAX, s,
                   "says %s %s, but the dose before it is %s %s; correct one of them",
                   total.text, unit, want, unit);
}

/* A brand's words, with hyphens, slashes and a "#3" ("TYLENOL #3"). */
static int all_words(const parser *p, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++) {
        if (is_punct(p, k, '#') && k + 1 < to && p->t.lex[k + 1].kind == LEX_NUM && k > from) {
            k++;
            continue;
        }
        if (p->t.lex[k].kind != LEX_WORD && !(is_punct(p, k, '-') || is_punct(p, k, '/')))
            return 0;
    }
    return to > from;
}

med_status med__rg_match_group(parser *p, size_t i, size_t *next)
{
    if (!is_punct(p, i, '('))
        return MED_OK;
    size_t close = med__rg_group_end(p, i);
    if (!close)
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, i + 1), "no \")\" closes it");
    span s = span_of(p, i, close + 1);
    *next = close + 1;
    number lo, hi;
    size_t u = read_range(p, i + 1, 0, &lo, &hi);
    if (u > i + 1 && word_is(p, u, MG_WORDS "|" MCG_WORDS) &&
        (close == u + 1 || (close == u + 2 && word_is(p, u + 1, "total"))))
        return check_total(p, i, u, close);
    size_t cap = med__rg_cap_opening(p, i + 1), end;
    if (cap > i + 1) { /* "(max 4 tabs/day)" */
        med_status st = med__rg_read_cap(p, i + 1, cap, &end);
        if (st != MED_OK || end == close)
            return st;
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, end, close),
                       "cannot place this after the cap");
    }
    if (!p->in_sig && p->out->drug[0] && all_words(p, i + 1, close))
        return med__rg_ignore(p, "brand", s); /* the vocabulary resolves the generic before it */
    return fail_at(p, MED_ERR_SYNTAX, s,
                   "cannot place these parentheses: expected a brand after the drug name, a "
                   "total after a dose (\"(5 mg total)\") or a number in words after a number");
}
