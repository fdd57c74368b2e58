/*
 * regimen.c: a clinician's free-text opioid order ("oxycodone 10 mg q6h") -> med_input.
 *
 * The parser knows grammar, not drugs. It recognises strengths, dose counts, frequencies,
 * "as needed", durations and a few filler words; every other word is kept, in order and as
 * typed, as the drug text that the vocabulary resolves later. Numbers stay decimal text.
 *
 * Two passes: lex() splits the text into numbers, words and punctuation (refusing bytes that
 * are not printable ASCII and malformed numbers such as "1,000" or "1e3"); then parse() walks
 * the lexemes left to right, trying the matchers in `matchers` at each one. Spacing between a
 * number and what follows is never significant ("10mg" = "10 mg", "q6h" = "q 6 h").
 *
 *   strength   N mg|mcg ; N mcg/hr (mcg/h, mcg per hour) ; N mg/mL ; N mg/5 mL (the volume stays
 *              in the unit) ; N to M mg (the larger) ; N/N[/N..] [mg] (a combination, mg when
 *              bare) ; N-M [mg] only after a combination name ("hydrocodone-apap 5-325")
 *   dose       N[-M|to M|or M] tab(s) tablet(s) cap(s) capsule(s) pill(s) patch(es) spray(s)
 *              film(s) lozenge(s) troche(s) suppository(-ies) mL (the larger) ; 1/2 tab ;
 *              "take N" ; one..ten spelled out
 *   frequency  daily qd qam qpm qhs nightly bid tid qid, at bedtime, every morning, ... ;
 *              N times daily|a day|per day ; Nx/day ; Nx daily ; N/day ; once|twice daily ;
 *              qNh, q N-M h, every N[-M|to M] hours (the shorter interval) ; every N days ;
 *              qNd ; weekly ; every N weeks ; N times weekly (168/N hours) ; every other day
 *   as needed  prn, as needed, as required, when needed, when required, if needed
 *   skipped    take give sig apply use by mouth po orally for pain of ; "for <words> pain" ;
 *              durations "for 5 days", "x 2 weeks" (they do not change the dose per day)
 *   refused    "then" (tapers), "max"/"do not exceed" (daily caps), "5-325 mg" unless the drug
 *              names a combination, a per-volume strength without a dose in mL, a second
 *              strength, dose or frequency that differs from the first
 *
 * Count words that name a form ("1 patch", "2 sprays") are also appended to the drug text, since
 * the resolver derives the form from there; "tab", "cap" and "mL" are not (oral is the default).
 */
#include "common/error.h"
#include "compute/input.h"
#include "compute/regimen.h"
#include "compute/regimen_lex.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCE MED__REGIMEN_SOURCE
#define MAX_TEXT MED_REGIMEN_MAX_TEXT /* bytes; longer text is refused with MED_ERR_LIMIT */

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Word lists, '|'-separated; matched ignoring case and dots ("B.I.D." is "bid"). */
#define MG_WORDS "mg|mgs|milligram|milligrams"
#define MCG_WORDS "mcg|mcgs|ug|microgram|micrograms"
#define HOUR_WORDS "h|hr|hrs|hour"
#define ML_WORDS "ml|mls|milliliter|milliliters|millilitre|millilitres|cc"
#define COUNT_WORDS                                                                              \
    "tab|tabs|tablet|tablets|cap|caps|capsule|capsules|pill|pills|patch|patches|spray|sprays|" \
    "film|films|lozenge|lozenges|troche|troches|suppository|suppositories"

/* Denominators of RxNorm and CDC units that mean one unit: "MG/ACTUAT", "MCG/SPRAY". */
#define PER_UNIT_WORDS "actuat|actuation|actuations|dose|doses"

typedef med__lexeme lexeme;
typedef med__span span;
#define LEX_NUM MED__LEX_NUM
#define LEX_WORD MED__LEX_WORD
#define LEX_PUNCT MED__LEX_PUNCT

typedef struct number {
    char text[MED_UNIT_MAX]; /* normalised: "0.5" for ".5", "7" for "007" */
} number;

typedef struct parser {
    med__lexed t;         /* the text and its lexemes */
    med__input_buf *out;
    span strength, dose, frequency, first_grammar;
    int dose_in_ml, frequency_per_day;
    int after_take, bare_count_ok; /* "take 2": a count needs no unit right after "take" */
} parser;

/* ---- errors --------------------------------------------------------------------------------- */

static med_status fail_at(const parser *p, med_status code, span s, const char *fmt, ...)
    PRINTF_LIKE(4, 5);

static med_status fail_at(const parser *p, med_status code, span s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    med_status st = med__regimen_vfail(&p->t, code, s, 1, fmt, ap);
    va_end(ap);
    return st;
}

/* For what is missing: the column says where it was expected, the message does not quote. */
static med_status fail_near(const parser *p, med_status code, span s, const char *fmt, ...)
    PRINTF_LIKE(4, 5);

static med_status fail_near(const parser *p, med_status code, span s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    med_status st = med__regimen_vfail(&p->t, code, s, 0, fmt, ap);
    va_end(ap);
    return st;
}

/* True when every '/'-separated part of a canonical decimal (or combination) is zero. */
static int has_zero_part(const char *t)
{
    for (;;) {
        size_t n = strcspn(t, "/");
        if (strspn(t, "0.") >= n)
            return 1;
        if (!t[n])
            return 0;
        t += n + 1;
    }
}

/* A whole number of at most six digits ("3" times daily), else 0. */
static int whole_value(const char *t, unsigned *v)
{
    size_t n = strlen(t);
    if (n == 0 || n > 6 || strspn(t, "0123456789") != n)
        return 0;
    *v = 0;
    for (size_t i = 0; i < n; i++)
        *v = *v * 10 + (unsigned)(t[i] - '0');
    return 1;
}

/* ---- looking at lexemes --------------------------------------------------------------------- */

static span span_of(const parser *p, size_t first, size_t end)
{
    if (end > p->t.count)
        end = p->t.count;
    span s = {p->t.lex[first].start, p->t.lex[end > first ? end - 1 : first].end};
    return s;
}

/* Lexeme i touches the one before it (no space between). */
static int glued(const parser *p, size_t i)
{
    return i > 0 && i < p->t.count && p->t.lex[i].start == p->t.lex[i - 1].end;
}

static int is_punct(const parser *p, size_t i, char c)
{
    return i < p->t.count && p->t.lex[i].kind == LEX_PUNCT && p->t.text[p->t.lex[i].start] == c;
}

static int key_equals(const char *w, size_t len, const char *alt, size_t alt_len)
{
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        if (w[i] == '.')
            continue;
        if (j >= alt_len || med__rx_lower(w[i]) != alt[j])
            return 0;
        j++;
    }
    return j == alt_len;
}

/* Whether lexeme i is a word equal to one of the '|'-separated lowercase alternatives. */
static int word_is(const parser *p, size_t i, const char *alternatives)
{
    if (i >= p->t.count || p->t.lex[i].kind != LEX_WORD)
        return 0;
    const char *w = p->t.text + p->t.lex[i].start;
    size_t len = p->t.lex[i].end - p->t.lex[i].start;
    for (const char *a = alternatives;;) {
        size_t n = strcspn(a, "|");
        if (key_equals(w, len, a, n))
            return 1;
        if (!a[n])
            return 0;
        a += n + 1;
    }
}

/* A number at lexeme i: digits, or (when `spelled`) "one" to "ten", as in "take two tablets". */
static int read_number(const parser *p, size_t i, int spelled, number *n)
{
    static const char *const words[] = {"one", "two", "three", "four", "five",
                                        "six", "seven", "eight", "nine", "ten"};
    if (i >= p->t.count)
        return 0;
    const lexeme *l = &p->t.lex[i];
    if (l->kind == LEX_NUM)
        return med__regimen_number(p->t.text + l->start, l->end - l->start, n->text, sizeof n->text);
    for (size_t k = 0; spelled && k < sizeof words / sizeof words[0]; k++)
        if (word_is(p, i, words[k]))
            return snprintf(n->text, sizeof n->text, "%u", (unsigned)k + 1) > 0;
    return 0;
}

/* A number or a range, "1-2", "1 to 2", "1 or 2": how PRN orders give leeway. Returns the
 * index after it; i when there is no number. */
static size_t read_range(const parser *p, size_t i, int spelled, number *lo, number *hi)
{
    if (!read_number(p, i, spelled, lo))
        return i;
    if ((is_punct(p, i + 1, '-') || word_is(p, i + 1, "to|or")) &&
        read_number(p, i + 2, spelled, hi))
        return i + 3;
    *hi = *lo;
    return i + 1;
}

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

static med_status put(const parser *p, char *dst, const char *src, span s)
{
    size_t n = strlen(src);
    if (n >= MED_UNIT_MAX)
        return fail_at(p, MED_ERR_LIMIT, s, "longer than %d characters", MED_UNIT_MAX - 1);
    memcpy(dst, src, n + 1);
    return MED_OK;
}

/* The drug comes first: "10 mg oxycodone" has most likely lost its name or its line. */
static med_status need_drug(parser *p, span s)
{
    if (!p->out->drug[0])
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "expected a drug name first, e.g. \"oxycodone 10 mg q6h\"");
    if (!p->first_grammar.end)
        p->first_grammar = s;
    return MED_OK;
}

static med_status append_drug(parser *p, const char *word, size_t len, span s)
{
    char *drug = p->out->drug;
    size_t have = strlen(drug);
    if (have + (have ? 1 : 0) + len >= sizeof p->out->drug)
        return fail_at(p, MED_ERR_LIMIT, s, "the drug description is longer than %d bytes",
                       (int)sizeof p->out->drug - 1);
    if (have)
        drug[have++] = ' ';
    memcpy(drug + have, word, len);
    drug[have + len] = '\0';
    return MED_OK;
}

static med_status set_strength(parser *p, const char *strength, const char *unit, span s)
{
    med_status st = need_drug(p, s);
    if (st != MED_OK)
        return st;
    if (p->strength.end) {
        char first[64];
        med__copy_text(first, sizeof first, p->t.text + p->strength.start,
                       p->strength.end - p->strength.start);
        return fail_at(p, MED_ERR_SYNTAX, s, "a second strength; the order already has \"%s\"",
                       first);
    }
    if (has_zero_part(strength))
        return fail_at(p, MED_ERR_RANGE, s, "expected a positive strength");
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
    if (p->dose.end) {
        if (in_ml == p->dose_in_ml && med__regimen_num_cmp(count, p->out->units_per_dose) == 0)
            return MED_OK;
        return fail_at(p, MED_ERR_SYNTAX, s, "a second, different dose; give one");
    }
    p->dose = s;
    p->dose_in_ml = in_ml;
    return put(p, p->out->units_per_dose, count, s);
}

/* One frequency per order; saying the same thing twice ("every night at bedtime") is fine. */
static med_status set_frequency(parser *p, int per_day, const char *value, span s)
{
    med_status st = need_drug(p, s);
    if (st != MED_OK)
        return st;
    if (has_zero_part(value))
        return fail_at(p, MED_ERR_RANGE, s, "expected a positive frequency");
    char *field = per_day ? p->out->doses_per_day : p->out->every_hours;
    if (p->frequency.end) {
        char first[64];
        if (per_day == p->frequency_per_day && med__regimen_num_cmp(field, value) == 0)
            return MED_OK;
        med__copy_text(first, sizeof first, p->t.text + p->frequency.start,
                       p->frequency.end - p->frequency.start);
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "conflicts with the frequency \"%s\" given before; give one frequency",
                       first);
    }
    p->frequency = s;
    p->frequency_per_day = per_day;
    return put(p, field, value, s);
}

/* ---- matchers: each returns MED_OK and leaves *next == i when it does not apply ------------- */

/* "for 5 days", "x 2 weeks": how long to take it does not change the dose per day. */
static med_status match_duration(parser *p, size_t i, size_t *next)
{
    number lo, hi;
    if (!word_is(p, i, "for|x"))
        return MED_OK;
    size_t k = read_range(p, i + 1, 1, &lo, &hi);
    if (k == i + 1 || !word_is(p, k, "d|day|days|wk|wks|week|weeks|month|months"))
        return MED_OK;
    *next = k + 1;
    return need_drug(p, span_of(p, i, k + 1));
}

/* "for pain", "for severe pain", "(prn) breakthrough pain": the reason, not the drug. After
 * "prn" the "for" may be left out. Returns the index after the reason, or i. */
static size_t skip_reason(const parser *p, size_t i, int after_prn)
{
    size_t first = word_is(p, i, "for") ? i + 1 : i;
    if (first == i && !after_prn)
        return i;
    for (size_t k = first; k < first + 4 && k < p->t.count && p->t.lex[k].kind == LEX_WORD; k++)
        if (word_is(p, k, "pain"))
            return k + 1;
    return i;
}

static med_status match_reason(parser *p, size_t i, size_t *next)
{
    *next = skip_reason(p, i, 0);
    return MED_OK;
}

enum phrase_kind { PH_FILLER, PH_TAKE, PH_PRN, PH_THEN, PH_MAX, PH_PER_DAY, PH_HOURS };

/* Fixed phrases. Legend: `words` are matched in order, each a '|'-list of alternatives; `kind`
 * says what the phrase means; `value` is doses per day (PH_PER_DAY) or hours (PH_HOURS). The
 * longest match wins. Fillers are kept few: a word wrongly skipped is information lost. */
typedef struct phrase {
    const char *words[3];
    int kind;
    const char *value;
} phrase;

static const phrase phrases[] = {
    {{"take|give", NULL, NULL}, PH_TAKE, NULL},
    {{"sig|apply|use|by|mouth|po|orally|for|pain|of", NULL, NULL}, PH_FILLER, NULL},
    {{"prn", NULL, NULL}, PH_PRN, NULL},
    {{"as|when|if", "needed|required", NULL}, PH_PRN, NULL},
    {{"then", NULL, NULL}, PH_THEN, NULL},
    {{"max|maximum|mdd", NULL, NULL}, PH_MAX, NULL},
    {{"not|do", "to|not", "exceed"}, PH_MAX, NULL},
    {{"daily|qd|qday|qam|qpm|qhs|hs|nightly|qnight", NULL, NULL}, PH_PER_DAY, "1"},
    {{"at", "bedtime|night", NULL}, PH_PER_DAY, "1"},
    {{"in", "the", "morning|evening"}, PH_PER_DAY, "1"},
    {{"q|every|each", "day|d|morning|night|evening|am|pm|hs|bedtime", NULL}, PH_PER_DAY, "1"},
    {{"bid", NULL, NULL}, PH_PER_DAY, "2"},
    {{"tid", NULL, NULL}, PH_PER_DAY, "3"},
    {{"qid", NULL, NULL}, PH_PER_DAY, "4"},
    {{"q|every", "hour|hr|h", NULL}, PH_HOURS, "1"},
    {{"qod", NULL, NULL}, PH_HOURS, "48"},
    {{"q|every", "other", "day"}, PH_HOURS, "48"},
    {{"weekly|qweek|qwk", NULL, NULL}, PH_HOURS, "168"},
    {{"q|every|each", "week|wk", NULL}, PH_HOURS, "168"},
};

static const phrase *find_phrase(const parser *p, size_t i, size_t *end)
{
    const phrase *best = NULL;
    size_t best_n = 0;
    for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++) {
        size_t n = 0;
        while (n < 3 && phrases[k].words[n] && word_is(p, i + n, phrases[k].words[n]))
            n++;
        if ((n == 3 || !phrases[k].words[n]) && n > best_n) {
            best = &phrases[k];
            best_n = n;
        }
    }
    *end = i + best_n;
    return best;
}

static med_status match_phrase(parser *p, size_t i, size_t *next)
{
    size_t end;
    const phrase *ph = find_phrase(p, i, &end);
    if (!ph)
        return MED_OK;
    span s = span_of(p, i, end);
    *next = end;
    switch (ph->kind) {
    case PH_TAKE:
        p->after_take = 1;
        return MED_OK;
    case PH_PRN:
        *next = skip_reason(p, end, 1);
        p->out->prn = 1;
        return need_drug(p, s);
    case PH_THEN:
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "orders in steps (tapers) are not supported: give each step as its own "
                       "regimen");
    case PH_MAX: /* a cap is not a schedule: silently dropping it would overstate the dose */
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "daily maximums are not supported: give the schedule alone, e.g. "
                       "\"2 tabs q6h\" for at most 8 tabs a day");
    case PH_PER_DAY:
        return set_frequency(p, 1, ph->value, s);
    case PH_HOURS:
        return set_frequency(p, 0, ph->value, s);
    default:
        return MED_OK;
    }
}

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
        return append_drug(p, forms[f][1], strlen(forms[f][1]), span_of(p, k, k + 1));
    }
    return MED_OK;
}

/* "2 tabs", "1-2 tablets" (the larger), "1/2 tab", "5 mL", "one patch", and right after "take"
 * a bare "2": how many units make one dose. */
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
    if (!counted && !p->bare_count_ok)
        return MED_OK;
    *next = counted ? k + 1 : k;
    med_status st = set_dose(p, value, in_ml, span_of(p, i, *next));
    return st != MED_OK || !counted ? st : note_form(p, k);
}

typedef med_status (*matcher)(parser *p, size_t i, size_t *next);

/* Tried in order at each lexeme; the first that consumes something wins. */
static const matcher matchers[] = {match_duration, match_reason,  match_phrase, match_interval,
                                   match_strength, match_times, match_dose};

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
    return append_drug(p, p->t.text + s.start, s.end - s.start, s);
}

static int is_release_word(const parser *p, size_t i)
{
    return p->t.lex[i].kind == LEX_NUM && p->out->drug[0] && glued(p, i + 1) &&
           word_is(p, i + 1, HOUR_WORDS);
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
    if (p->t.lex[i].kind == LEX_PUNCT)
        return fail_punct(p, i);
    for (size_t m = 0; m < sizeof matchers / sizeof matchers[0]; m++) {
        med_status st = matchers[m](p, i, next);
        if (st != MED_OK || *next > i)
            return st;
    }
    if (is_release_word(p, i)) {
        span s = span_of(p, i, i + 2);
        *next = i + 2;
        return append_drug(p, p->t.text + s.start, s.end - s.start, s);
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
    int per_volume = strstr(unit, "mL") != NULL;

    if (!p->out->drug[0])
        return fail_near(p, MED_ERR_SYNTAX, at_start,
                         "expected a drug name first, e.g. \"oxycodone 10 mg q6h\"");
    if (!p->strength.end)
        return fail_near(p, MED_ERR_SYNTAX, p->first_grammar.end ? p->first_grammar : at_end,
                         "no strength: expected a strength such as \"10 mg\" or \"5/325\"");
    if (p->dose_in_ml && !per_volume)
        return fail_at(p, MED_ERR_SYNTAX, p->dose,
                       "a dose in mL needs a strength per volume, e.g. \"10 mg/5 mL\"");
    if (per_volume && !p->dose_in_ml)
        return fail_at(p, MED_ERR_SYNTAX, p->dose.end ? p->dose : p->strength,
                       "a strength per volume needs a dose in mL, e.g. \"5 mL\"");
    if (!p->frequency.end && strcmp(unit, "mcg/hr") != 0)
        return fail_near(p, MED_ERR_SYNTAX, at_end,
                         "no frequency: expected e.g. q6h, bid, tid, every 4 hours, 3 times daily");
    return MED_OK;
}

static med_status parse(parser *p)
{
    med_status st = med__regimen_lex(&p->t);
    for (size_t i = 0, next; st == MED_OK && i < p->t.count; i = next)
        st = parse_one(p, i, &next);
    return st != MED_OK ? st : finish(p);
}

med_status med__regimen_parse(const char *text, med__input_buf *out, med_error *error)
{
    parser p;
    size_t len = 0;

    med__error_clear(error);
    if (out)
        med__input_buf_clear(out);
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
    p.t.error = error;
    med_status st = parse(&p);
    if (st != MED_OK)
        med__input_buf_clear(out);
    return st;
}

/* The public parser: the texts it finds, and the input that points at them. */
struct med_regimen {
    med__input_buf buf;
    med_input input;
};

med_status med_regimen_new(med_regimen **out)
{
    if (out == NULL)
        return MED_ERR_ARGUMENT;
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return MED_ERR_NOMEM;
    (*out)->input = med__input_view(&(*out)->buf);
    return MED_OK;
}

void med_regimen_free(med_regimen *regimen)
{
    free(regimen);
}

med_status med_regimen_parse(med_regimen *regimen, const char *text, med_error *error)
{
    if (regimen == NULL) {
        med__error_clear(error);
        return med__fail(error, MED_ERR_ARGUMENT, SOURCE, 0, 0, NULL, "no regimen parser given");
    }
    med_status s = med__regimen_parse(text, &regimen->buf, error);
    regimen->input = med__input_view(&regimen->buf);
    return s;
}

const med_input *med_regimen_input(const med_regimen *regimen)
{
    return regimen ? &regimen->input : NULL;
}

med__input_buf *med__regimen_buf(med_regimen *regimen)
{
    return &regimen->buf;
}

void med__regimen_sync(med_regimen *regimen)
{
    regimen->input = med__input_view(&regimen->buf);
}
