/*
 * regimen.c: a clinician's free-text opioid order ("oxycodone 10 mg q6h"), or one printed by an
 * EHR ("oxyCODONE (ROXICODONE) 5 MG tablet, Take 1 tablet (5 mg total) by mouth every 4 (four)
 * hours as needed for pain. Max daily dose: 30 mg"), -> med_input.
 *
 * The parser knows grammar, not drugs. It recognises strengths, dose counts, frequencies,
 * "as needed", routes, caps and what an EHR prints around them; words before the first
 * instruction (a verb, dose, route or frequency) are kept, in order and as typed, as the drug
 * text that the vocabulary resolves later; a word after it that the grammar cannot place is an
 * error naming it. Numbers stay decimal text.
 *
 * Two passes: lex() splits the text into numbers, words and punctuation (refusing bytes that
 * are not printable ASCII and malformed numbers such as "1,000" or "1e3"); then parse() walks
 * the lexemes left to right, trying the matchers in `matchers` at each one. Spacing between a
 * number and what follows is never significant ("10mg" = "10 mg", "q6h" = "q 6 h").
 *
 *   strength   N mg|mcg ; N mcg/hr (mcg/h, mcg per hour) ; N mg/mL ; N mg/5 mL (the volume stays
 *              in the unit) ; N to M mg (the larger) ; N/N[/N..] [mg] (a combination, mg when
 *              bare) ; N-M [mg] only after a combination name ("hydrocodone-apap 5-325") ;
 *              RxNorm's "325 MG / oxycodone hydrochloride 5 MG" (a combination) ; a release
 *              "12 hr" / "24 hr" in the drug's description
 *   dose       N[-M|to M|or M] tab(s) tablet(s) cap(s) capsule(s) pill(s) patch(es) spray(s)
 *              film(s) lozenge(s) troche(s) suppository(-ies) mL (the larger) ; 1/2 tab ;
 *              "take N" ; N before a route or frequency ("1 po q6h") ; one..twelve spelled
 *              out ; a second mg amount is a dose in mg ("10 mg tablet, take 20 mg")
 *   frequency  daily qd qam qpm qhs nightly bid tid qid, at bedtime, every morning, ... ;
 *              N times daily|a day|per day ; Nx/day ; Nx daily ; xN daily ; N/day ;
 *              once|twice daily ;
 *              qNh, q N-M h, every N[-M|to M] hours (the shorter interval) ; every N days ;
 *              qNd ; weekly ; once a week ; every N weeks ; N times weekly (168/N hours) ;
 *              every other day
 *   split      a dose after a dose and its frequency starts another part: "10 mg every morning
 *              and 20 mg at bedtime" (regimen_caps.c sums them)
 *   as needed  prn, as needed, as required, when needed, when required, if needed
 *   read, set aside (listed in the notes; regimen_phrases.c, regimen_groups.c): the reason
 *              ("as needed for anxiety"), the route (by mouth, PO, orally; a non-oral route
 *              names the form), quantities (#28, Disp: 28 tab, Qty: 120, 28 tab(s)), refills,
 *              durations (for 5 days, x 5 days), a brand "(ROXICODONE)", a restatement
 *              "(four)" / "(5 mg total)" checked against what it restates
 *   caps       Max daily dose: 30 mg ; do not exceed 8 tablets in 24 hours ; max 6 tabs/day ;
 *              no more than 4 per day (regimen_caps.c: the smaller of schedule and cap counts)
 *   refused    "then" (tapers), "5-325 mg" unless the drug names a combination, a per-volume
 *              strength without a dose in mL, a second dose or frequency that differs from the
 *              first without a dose between, a word the grammar cannot place
 *
 * Count words that name a form ("1 patch", "2 sprays") are also appended to the drug text, since
 * the resolver derives the form from there; "tab", "cap" and "mL" are not (oral is the default).
 */
#include "common/error.h"
#include "compute/input.h"
#include "compute/regimen.h"
#include "compute/regimen_lex.h"
#include "compute/regimen_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCE MED__REGIMEN_SOURCE
#define MAX_TEXT MED_REGIMEN_MAX_TEXT /* bytes; longer text is refused with MED_ERR_LIMIT */

/* Denominators of RxNorm and CDC units that mean one unit: "MG/ACTUAT", "MCG/SPRAY". */
#define PER_UNIT_WORDS "actuat|actuation|actuations|dose|doses"

static const number *larger(const number *a, const number *b)
{
    return med__regimen_num_cmp(a->text, b->text) >= 0 ? a : b;
}

/* "1/2 tab" is half a tablet, not a combination strength: a proper fraction before a count. */
static int is_fraction_count(const parser *p, size_t i, unsigned *num, unsigned *den)
{
    number a, b;
    return p->t.lex[i].kind == LEX_NUM && is_punct(p, i + 1, '/') && read_number(p, i, 0, &a) &&
           read_number(p, i + 2, 0, &b) &&
           (word_is(p, i + 3, COUNT_WORDS) || word_is(p, i + 3, ML_WORDS)) &&
           whole_value(a.text, num) && whole_value(b.text, den) && *num < *den;
}

/* ---- filling the output --------------------------------------------------------------------- */

static int add_part(char *value, const char *part);

/* "325 MG / oxycodone hydrochloride 5 MG": RxNorm names each ingredient's strength after it;
 * the strengths join as a combination in the ingredients' order. */
static med_status join_strength(parser *p, const char *strength, const char *unit, span s)
{
    p->rx_join = 0;
    if (strcmp(unit, p->out->unit) != 0)
        return fail_at(p, MED_ERR_SYNTAX, s, "expected %s like the ingredient before it",
                       p->out->unit);
    if (strchr(strength, '/') || !add_part(p->out->strength, strength))
        return fail_at(p, MED_ERR_LIMIT, s, "a combination strength is limited to %d characters",
                       MED_UNIT_MAX - 1);
    p->strength.end = s.end;
    return MED_OK;
}

/* A second amount in the strength's unit is the dose: "oxycodone 5 mg tablet, take 10 mg". */
static med_status set_amount(parser *p, const char *amount, span s)
{
    med_status st = MED_OK;
    if (p->frequency.end)
        st = med__rg_close_part(p, s);
    if (st != MED_OK)
        return st;
    if (p->amount.end && med__regimen_num_cmp(amount, p->amount_text) != 0)
        return fail_at(p, MED_ERR_SYNTAX, s, "a second, different dose; give one");
    if (strchr(p->out->strength, '/'))
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "a dose in mg of a combination: give it in tablets, e.g. \"1 tab\"");
    p->in_sig = 1;
    p->amount = s;
    return put(p, p->amount_text, amount, s);
}

/* Whether a comma stands between span s and the strength: Epic's inpatient orders print the
 * dose after the product, "oxyCODONE tablet 5 mg, 10 mg, Oral, Q4H PRN". */
static int after_comma(const parser *p, span s)
{
    return p->strength.end && memchr(p->t.text + p->strength.end, ',',
                                     s.start - p->strength.end) != NULL;
}

static med_status set_strength(parser *p, const char *strength, const char *unit, span s)
{
    med_status st = need_drug(p, s);
    if (st != MED_OK)
        return st;
    if (has_zero_part(strength))
        return fail_at(p, MED_ERR_RANGE, s, "expected a positive strength");
    if (p->rx_join)
        return join_strength(p, strength, unit, s);
    if (p->strength.end) {
        char first[64];
        size_t mass = strcspn(p->out->unit, "/"); /* "5 mg" of "10 mg/5 mL" is a dose too */
        if ((p->in_sig || after_comma(p, s)) && strlen(unit) == mass &&
            strncmp(unit, p->out->unit, mass) == 0 && !strchr(strength, '/'))
            return set_amount(p, strength, s);
        med__copy_text(first, sizeof first, p->t.text + p->strength.start,
                       p->strength.end - p->strength.start);
        return fail_at(p, MED_ERR_SYNTAX, s, "a second strength; the order already has \"%s\"",
                       first);
    }
    p->strength = s;
    st = put(p, p->out->strength, strength, s);
    return st != MED_OK ? st : put(p, p->out->unit, unit, s);
}

static med_status set_dose(parser *p, const char *count, int in_ml, span s)
{
    med_status st = need_drug(p, s);
    if (st != MED_OK)
        return st;
    if (has_zero_part(count))
        return fail_at(p, MED_ERR_RANGE, s, "expected a positive number of units per dose");
    if (p->frequency.end && (p->dose.end || p->amount.end) &&
        (st = med__rg_close_part(p, s)) != MED_OK)
        return st;
    p->in_sig = 1;
    if (p->dose.end) {
        if (in_ml == p->dose_in_ml && med__regimen_num_cmp(count, p->out->units_per_dose) == 0)
            return MED_OK;
        return fail_at(p, MED_ERR_SYNTAX, s, "a second, different dose; give one");
    }
    p->dose = s;
    p->dose_in_ml = in_ml;
    return put(p, p->out->units_per_dose, count, s);
}

/* ---- matchers: each returns MED_OK and leaves *next == i when it does not apply ------------- */

/* "q6h", "q 4-6 h", "every 4 to 6 hours", "q3d", "every 2 weeks": an interval in hours. A range
 * counts at its shorter interval, the most doses a PRN order allows. */
static med_status match_interval(parser *p, size_t i, size_t *next)
{
    static const struct {
        const char *words;
        unsigned hours;
    } units[] = {{"h|hr|hrs|hour|hours|hourly", 1}, {"d|day|days", 24},
                 {"w|wk|wks|week|weeks", 168}};
    number lo, hi;
    char hours[MED_UNIT_MAX];

    if (!word_is(p, i, "q|every"))
        return MED_OK;
    size_t k = read_range(p, i + 1, 1, &lo, &hi);
    if (k == i + 1)
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, i + 1),
                       "expected an interval after it, e.g. q6h or every 6 hours");
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (!word_is(p, k, units[u].words))
            continue;
        span s = span_of(p, i, k + 1);
        const number *shorter = larger(&lo, &hi) == &lo ? &hi : &lo;
        if (!med__regimen_num_mul(shorter->text, units[u].hours, hours, sizeof hours))
            return fail_at(p, MED_ERR_LIMIT, s, "the interval is too long");
        *next = k + 1;
        return set_frequency(p, 0, hours, s);
    }
    return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, k),
                   "expected hours, days or weeks after the number, e.g. q6h or every 6 hours");
}

/* What may follow "mg"/"mcg" at lexeme k: a rate ("/hr", "per hour"), a volume ("/mL", "/5 mL",
 * "per 5 ml") or a redundant "/tab". Anything else after '/' is a unit we do not support. */
static med_status read_per(parser *p, size_t i, size_t k, const char *mass, char *unit,
                           size_t *end)
{
    number vol;
    int slash = is_punct(p, k, '/');
    size_t v = k + 1;

    snprintf(unit, MED_UNIT_MAX, "%s", mass);
    *end = k;
    if (!slash && !word_is(p, k, "per"))
        return MED_OK;
    int has_vol = read_number(p, v, 0, &vol);
    if (!has_vol && word_is(p, v, HOUR_WORDS)) {
        snprintf(unit, MED_UNIT_MAX, "%s/hr", mass); /* "0.025 MG/HR" is 25 mcg/hr (units.c) */
        *end = v + 1;
    } else if (word_is(p, v + (has_vol ? 1 : 0), ML_WORDS)) {
        if (has_vol && has_zero_part(vol.text))
            return fail_at(p, MED_ERR_RANGE, span_of(p, i, v + 2), "expected a positive volume");
        char per[2 * MED_UNIT_MAX];
        int volume = has_vol && med__regimen_num_cmp(vol.text, "1") != 0; /* "mg/1 mL" is "mg/mL" */
        snprintf(per, sizeof per, "%s/%s%smL", mass, volume ? vol.text : "", volume ? " " : "");
        if (strlen(per) >= MED_UNIT_MAX)
            return fail_at(p, MED_ERR_LIMIT, span_of(p, i, v + 2), "the volume is too long");
        memcpy(unit, per, strlen(per) + 1);
        *end = v + (has_vol ? 2 : 1);
    } else if (!has_vol && word_is(p, v, COUNT_WORDS "|" PER_UNIT_WORDS)) {
        *end = v + 1; /* "5 mg/tab" says no more than "5 mg" */
    } else if (has_vol && med__regimen_num_cmp(vol.text, "1") == 0) {
        *end = v + 1; /* FDA's "10 mg/1": per unit */
    } else if (slash && !p->in_sig && v < p->t.count && p->t.lex[v].kind == LEX_WORD &&
               !glued(p, k) && !glued(p, v)) {
        return MED_OK; /* "325 MG / oxycodone ...": RxNorm's next ingredient (parse_one) */
    } else if (slash) {
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, v + 1),
                       "unsupported unit: expected mg, mcg, mcg/hr, mg/mL or mg/5 mL");
    }
    return MED_OK;
}

/* Claims print combinations with a hyphen ("hydrocodone-acetaminophen 5-325 mg"): when the drug
 * text names a combination, "5-325" is one. */
static int drug_is_combination(const parser *p)
{
    const char *d = p->out->drug;
    return strpbrk(d, "/-") != NULL || strstr(d, " and ") != NULL || strstr(d, " with ") != NULL;
}

/* Appends "/part" to a combination strength; 0 when it would not fit. */
static int add_part(char *value, const char *part)
{
    size_t used = strlen(value), n = strlen(part);
    if (used + 1 + n >= MED_UNIT_MAX)
        return 0;
    value[used] = '/';
    memcpy(value + used + 1, part, n + 1);
    return 1;
}

/* The number part of a strength: "10", "5/325" (a combination: *parts > 1) or "5 to 10" (a
 * range: the larger counts; *hyphen when written "5-10", which may be a combination). */
static med_status read_amount(parser *p, size_t i, char *value, size_t *parts, int *hyphen,
                              size_t *k)
{
    number lo, hi, part;
    *k = read_range(p, i, 0, &lo, &hi);
    *hyphen = *k == i + 3 && is_punct(p, i + 1, '-');
    *parts = 1;
    /* ... but "1-2 tabs", or "take 1-2" after the strength, is a count */
    if (*hyphen && drug_is_combination(p) && !p->strength.end &&
        !word_is(p, *k, COUNT_WORDS "|" ML_WORDS)) {
        *hyphen = 0;
        *parts = 2;
        snprintf(value, MED_UNIT_MAX, "%s", lo.text);
        if (!add_part(value, hi.text))
            return fail_at(p, MED_ERR_LIMIT, span_of(p, i, *k),
                           "a combination strength is limited to %d characters", MED_UNIT_MAX - 1);
        return MED_OK;
    }
    snprintf(value, MED_UNIT_MAX, "%s", larger(&lo, &hi)->text);
    if (*k != i + 1)
        return MED_OK; /* a range is never a combination */
    for (; is_punct(p, *k, '/') && read_number(p, *k + 1, 0, &part); *k += 2, (*parts)++)
        if (!add_part(value, part.text))
            return fail_at(p, MED_ERR_LIMIT, span_of(p, i, *k + 2),
                           "a combination strength is limited to %d characters", MED_UNIT_MAX - 1);
    return MED_OK;
}

/* "10 mg", "7.5mg", "25 mcg/hr", "10 mg/5 mL", "5/325", "10/325 mg", "5 to 10 mg". */
static med_status match_strength(parser *p, size_t i, size_t *next)
{
    char value[MED_UNIT_MAX], unit[MED_UNIT_MAX];
    size_t parts, k, end;
    unsigned num, den;
    int hyphen;

    if (p->t.lex[i].kind != LEX_NUM || is_fraction_count(p, i, &num, &den))
        return MED_OK;
    med_status st = read_amount(p, i, value, &parts, &hyphen, &k);
    if (st != MED_OK)
        return st;
    const char *mass = word_is(p, k, MG_WORDS) ? "mg" : word_is(p, k, MCG_WORDS) ? "mcg" : NULL;
    if (mass && hyphen) /* "Norco 5-325 mg" must not become 325 mg */
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, k + 1),
                       "ambiguous: write a combination as 5/325 and a range as 5 to 10 mg");
    if (!mass) {
        if (parts == 1)
            return MED_OK;
        *next = k; /* a bare combination, "5/325", is in mg */
        return set_strength(p, value, "mg", span_of(p, i, k));
    }
    if (parts > 1 && strcmp(mass, "mg") != 0)
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, k + 1), "combination strengths are in mg");
    number second;
    if (parts == 1 && strcmp(mass, "mg") == 0 && drug_is_combination(p) && !p->strength.end &&
        is_punct(p, k + 1, '-') && glued(p, k + 1) && glued(p, k + 2) &&
        read_number(p, k + 2, 0, &second) && word_is(p, k + 3, MG_WORDS)) {
        if (!add_part(value, second.text)) /* Cerner's "5 mg-325 mg" */
            return fail_at(p, MED_ERR_LIMIT, span_of(p, i, k + 4),
                           "a combination strength is limited to %d characters", MED_UNIT_MAX - 1);
        k += 3;
    }
    st = read_per(p, i, k + 1, mass, unit, &end);
    if (st != MED_OK)
        return st;
    *next = end;
    return set_strength(p, value, unit, span_of(p, i, end));
}

/* At lexeme k: "daily", "a day", "per day", "/day", "each day" (1) or the same per week (7). */
static int read_period(const parser *p, size_t k, size_t *end)
{
    *end = k + 1;
    if (word_is(p, k, "daily"))
        return 1;
    if (word_is(p, k, "weekly"))
        return 7;
    if (!is_punct(p, k, '/') && !word_is(p, k, "a|per|each|every"))
        return 0;
    *end = k + 2;
    return word_is(p, k + 1, "day|d") ? 1 : word_is(p, k + 1, "week|wk") ? 7 : 0;
}

/* "3 times daily", "4x/day", "2 x a day", "3/day", "twice daily", "once weekly": doses per day,
 * or per week (then an interval of 168/N hours). */
static med_status match_times(parser *p, size_t i, size_t *next)
{
    static const char *const multiples[] = {"once", "twice", "thrice"};
    number n;
    size_t k = i + 1, end;
    int said_times = 0;
    unsigned count;
    char value[MED_UNIT_MAX];

    size_t m = 0;
    while (m < 3 && !word_is(p, i, multiples[m]))
        m++;
    if (m < 3) {
        snprintf(n.text, sizeof n.text, "%u", (unsigned)m + 1); /* "times" is implied */
    } else if (word_is(p, i, "x") && read_number(p, i + 1, 0, &n)) {
        said_times = 1; /* "x4 daily": the times before the number */
        k = i + 2;
    } else {
        if (!read_number(p, i, 1, &n))
            return MED_OK;
        said_times = word_is(p, i + 1, "times|time|x");
        if (!said_times && !is_punct(p, i + 1, '/'))
            return MED_OK;
        k = said_times ? i + 2 : i + 1;
    }
    int days = read_period(p, k, &end);
    span s = span_of(p, i, days ? end : k);
    if (!days)
        return said_times ? fail_at(p, MED_ERR_SYNTAX, s,
                                    "expected daily, a day, per day or weekly after it")
                          : MED_OK;
    if (!whole_value(n.text, &count))
        return fail_at(p, MED_ERR_SYNTAX, s, "expected a whole number of doses");
    *next = end;
    if (days == 1 || count == 0)
        return set_frequency(p, days == 1, n.text, s);
    if (!med__regimen_num_div(168, count, value, sizeof value))
        return fail_at(p, MED_ERR_SYNTAX, s, "does not divide a week into whole hours");
    return set_frequency(p, 0, value, s);
}

/* Count words that name a form keep it in the drug text ("1 patch" -> "... patch"), because the
 * resolver derives the form from there; tablets, capsules and mL are the default oral form. */
static med_status note_form(parser *p, size_t k)
{
    static const char *const forms[][2] = {
        {"patch|patches", "patch"}, {"spray|sprays", "spray"}, {"film|films", "film"},
        {"lozenge|lozenges", "lozenge"}, {"troche|troches", "troche"},
        {"suppository|suppositories", "suppository"}};
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        if (!word_is(p, k, forms[f][0]))
            continue;
        for (size_t d = 0; d < k; d++)
            if (word_is(p, d, forms[f][0]))
                return MED_OK; /* already said: "fentanyl patch ... 1 patch" */
        return med__rg_append_drug(p, forms[f][1], strlen(forms[f][1]), 0, span_of(p, k, k + 1));
    }
    return MED_OK;
}

/* "2 tabs", "1-2 tablets" (the larger), "1/2 tab", "5 mL", "one patch", and right after "take"
 * or before a route or frequency ("1 po q6h") a bare "2": how many units make one dose. */
static med_status match_dose(parser *p, size_t i, size_t *next)
{
    number lo, hi;
    char value[MED_UNIT_MAX];
    unsigned num, den;
    size_t k;

    if (is_fraction_count(p, i, &num, &den)) {
        k = i + 3;
        if (!med__regimen_num_div(num, den, value, sizeof value))
            return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, k + 1),
                           "expected a fraction with an exact decimal value, such as 1/2 or 1/4");
    } else {
        k = read_range(p, i, 1, &lo, &hi);
        if (k == i)
            return MED_OK;
        snprintf(value, sizeof value, "%s", larger(&lo, &hi)->text);
    }
    int in_ml = word_is(p, k, ML_WORDS);
    int counted = in_ml || word_is(p, k, COUNT_WORDS);
    if (!counted && !p->bare_count_ok &&
        !(p->strength.end && med__rg_starts_route_or_frequency(p, k)))
        return MED_OK;
    *next = counted ? k + 1 : k;
    med_status st = set_dose(p, value, in_ml, span_of(p, i, *next));
    return st != MED_OK || !counted ? st : note_form(p, k);
}

/* Tried in order at each lexeme; the first that consumes something wins. */
static const med__rg_matcher matchers[] = {
    med__rg_match_group,  med__rg_match_supply, med__rg_match_duration, med__rg_match_reason,
    med__rg_match_phrase, match_interval,       match_strength,         match_times,
    match_dose};

/* ---- what is left: drug words and errors ---------------------------------------------------- */

/* Words the grammar does not know describe the drug ("morphine ER", "fentanyl patch"); '/' and
 * '-' between letters keep names such as "hydrocodone/apap" in one piece. A number glued to an
 * hour word ("12hr" in "oxycodone 12hr ER") is a release descriptor, also kept. */
static med_status add_drug_word(parser *p, size_t i, size_t *next)
{
    size_t k = i + 1;
    while ((is_punct(p, k, '/') || is_punct(p, k, '-')) && glued(p, k) && glued(p, k + 1) &&
           p->t.lex[k + 1].kind == LEX_WORD)
        k += 2;
    span s = span_of(p, i, k);
    *next = k;
    if (p->in_sig)
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, i + 1),
                       "cannot place this word: expected a dose, route, frequency, \"as needed "
                       "for ...\", a cap or a quantity after the drug's description");
    return med__rg_append_drug(p, p->t.text + s.start, s.end - s.start, 0, s);
}

/* "12 hr", "24 HR" in the drug's description: a release, kept with the drug text. */
static int is_release_word(const parser *p, size_t i)
{
    return p->t.lex[i].kind == LEX_NUM && !p->in_sig && word_is(p, i + 1, HOUR_WORDS);
}

/* "acetaminophen 325 MG / oxycodone hydrochloride 5 MG": RxNorm's next ingredient joins the
 * drug text ("acetaminophen/oxycodone hydrochloride") and its strength the first. */
static med_status join_ingredient(parser *p, size_t i, size_t *next)
{
    span s = span_of(p, i + 1, i + 2);
    med_status st = med__rg_append_drug(p, "/", 1, 1, span_of(p, i, i + 1));
    if (st != MED_OK)
        return st;
    p->rx_join = 1;
    *next = i + 2;
    return med__rg_append_drug(p, p->t.text + s.start, s.end - s.start, 1, s);
}

static med_status fail_unit(parser *p, size_t i)
{
    span s = span_of(p, i, i + 1);
    med_status st = need_drug(p, s);
    if (st != MED_OK)
        return st;
    return fail_at(p, MED_ERR_SYNTAX, s,
                   "expected a unit after the number: mg, mcg, mcg/hr, mg/mL, mg/5 mL, or a count "
                   "such as \"2 tabs\"");
}

static med_status fail_punct(parser *p, size_t i)
{
    size_t k = i + 1;
    if (is_punct(p, i, '-') && k < p->t.count && p->t.lex[k].kind == LEX_NUM && glued(p, k))
        return fail_at(p, MED_ERR_RANGE, span_of(p, i, k + 1), "expected a positive number");
    while (k < p->t.count && p->t.lex[k].kind == LEX_PUNCT && glued(p, k))
        k++;
    return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, k),
                   "unexpected punctuation: expected a drug name, strength, dose or frequency");
}

static med_status parse_one(parser *p, size_t i, size_t *next)
{
    *next = i;
    p->bare_count_ok = p->after_take;
    p->after_take = 0;
    for (size_t m = 0; m < sizeof matchers / sizeof matchers[0]; m++) {
        med_status st = matchers[m](p, i, next);
        if (st != MED_OK || *next > i)
            return st;
    }
    if (is_punct(p, i, '/') && !p->in_sig && p->strength.end && !p->rx_join &&
        i + 1 < p->t.count && p->t.lex[i + 1].kind == LEX_WORD && !glued(p, i) &&
        !glued(p, i + 1))
        return join_ingredient(p, i, next);
    if (p->t.lex[i].kind == LEX_PUNCT)
        return fail_punct(p, i);
    if (is_release_word(p, i)) { /* written "12hr": the vocabulary's spelling */
        span n = span_of(p, i, i + 1), h = span_of(p, i + 1, i + 2);
        *next = i + 2;
        med_status st = med__rg_append_drug(p, p->t.text + n.start, n.end - n.start, 0, n);
        return st != MED_OK ? st
                            : med__rg_append_drug(p, p->t.text + h.start, h.end - h.start, 1, h);
    }
    if (p->t.lex[i].kind == LEX_NUM)
        return fail_unit(p, i);
    if (word_is(p, i, MG_WORDS "|" MCG_WORDS "|" ML_WORDS))
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, i + 1),
                       "a unit needs a number before it, e.g. \"10 mg\"");
    return add_drug_word(p, i, next);
}

/* What must be there once everything is read. */
static med_status finish(parser *p)
{
    unsigned last = p->t.count ? p->t.lex[p->t.count - 1].end : 0;
    span at_end = {last, last}, at_start = {0, 0};
    const char *unit = p->out->unit;
    int per_volume;

    if (!p->out->drug[0])
        return fail_near(p, MED_ERR_SYNTAX, at_start,
                         "expected a drug name first, e.g. \"oxycodone 10 mg q6h\"");
    if (!p->strength.end)
        return fail_near(p, MED_ERR_SYNTAX, p->first_grammar.end ? p->first_grammar : at_end,
                         "no strength: expected a strength such as \"10 mg\" or \"5/325\"");
    if (!p->frequency.end && !p->part_count && strcmp(unit, "mcg/hr") != 0)
        return fail_near(p, MED_ERR_SYNTAX, at_end,
                         "no frequency: expected e.g. q6h, bid, tid, every 4 hours, 3 times daily");
    span dose = p->dose.end ? p->dose : p->strength;
    med_status st = med__rg_finish_daily(p);
    if (st != MED_OK)
        return st;
    per_volume = strstr(p->out->unit, "mL") != NULL;
    if (p->dose_in_ml && !per_volume)
        return fail_at(p, MED_ERR_SYNTAX, dose,
                       "a dose in mL needs a strength per volume, e.g. \"10 mg/5 mL\"");
    if (per_volume && !p->dose_in_ml)
        return fail_at(p, MED_ERR_SYNTAX, dose,
                       "a strength per volume needs a dose in mL, e.g. \"5 mL\"");
    return MED_OK;
}

static med_status parse(parser *p)
{
    med_status st = med__regimen_lex(&p->t);
    if (st == MED_OK)
        st = med__rg_drop_number_words(p);
    for (size_t i = 0, next; st == MED_OK && i < p->t.count; i = next)
        st = parse_one(p, i, &next);
    return st != MED_OK ? st : finish(p);
}

void med__regimen_notes_clear(med__regimen_notes *notes)
{
    memset(notes, 0, sizeof *notes);
    notes->decided_by = "";
}

med_status med__regimen_parse(const char *text, med__input_buf *out, med_error *error)
{
    return med__regimen_parse_notes(text, out, NULL, error);
}

med_status med__regimen_parse_notes(const char *text, med__input_buf *out,
                                    med__regimen_notes *notes, med_error *error)
{
    parser p;
    med__regimen_notes own;
    size_t len = 0;

    med__error_clear(error);
    if (out)
        med__input_buf_clear(out);
    if (!notes)
        notes = &own;
    med__regimen_notes_clear(notes);
    if (!text || !out)
        return med__fail(error, MED_ERR_ARGUMENT, SOURCE, 0, 0, NULL,
                         "text and out must not be NULL");
    while (len <= MAX_TEXT && text[len])
        len++;
    if (len > MAX_TEXT)
        return med__fail(error, MED_ERR_LIMIT, SOURCE, 1, MAX_TEXT + 1, NULL,
                         "the regimen is longer than %d bytes", MAX_TEXT);
    memset(&p, 0, sizeof p);
    p.t.text = text;
    p.t.len = len;
    p.out = out;
    p.notes = notes;
    p.t.error = error;
    med_status st = parse(&p);
    if (st != MED_OK) {
        med__input_buf_clear(out);
        med__regimen_notes_clear(notes);
    }
    return st;
}
