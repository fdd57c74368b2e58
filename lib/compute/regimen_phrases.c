/* The regimen grammar's fixed phrases: verbs, routes, times of day, "as needed" and its reason,
 * and what an EHR prints around an order that does not change the dose per day (durations,
 * quantities dispensed, refills). What is read and set aside goes to the notes, so that nothing
 * silently changes meaning. See regimen.c for the grammar as a whole. */
#include <string.h>

#include "compute/regimen_parse.h"

enum phrase_kind {
    PH_FILLER,
    PH_HOW,
    PH_TAKE,
    PH_AND,
    PH_PRN,
    PH_THEN,
    PH_MAX,
    PH_OR,
    PH_PER_DAY,
    PH_HOURS
};

/* Fixed phrases. Legend: `words` are matched in order, each a '|'-list of alternatives; `kind`
 * says what the phrase means; `value` is doses per day (PH_PER_DAY) or hours (PH_HOURS). The
 * longest match wins. Fillers are kept few: a word wrongly skipped is information lost. */
typedef struct phrase {
    const char *words[3];
    int kind;
    const char *value;
} phrase;

static const phrase phrases[] = {
    {{"take|give|place|apply|use|chew|dissolve|insert|swallow|administer", NULL, NULL},
     PH_TAKE, NULL},
    {{"sig|of|only|scheduled|routinely", NULL, NULL}, PH_FILLER, NULL},
    {{"swallow", "whole", NULL}, PH_HOW, NULL},
    {{"with", "food|meals|water|milk", NULL}, PH_HOW, NULL},
    {{"with", "a", "meal|snack"}, PH_HOW, NULL},
    {{"do", "not", "crush|chew|break|split|cut|open"}, PH_HOW, NULL},
    {{"and|plus", NULL, NULL}, PH_AND, NULL},
    {{"prn", NULL, NULL}, PH_PRN, NULL},
    {{"as|when|if", "needed|required", NULL}, PH_PRN, NULL},
    {{"then", NULL, NULL}, PH_THEN, NULL},
    {{"max|maximum|mdd", NULL, NULL}, PH_MAX, NULL},
    {{"not|do", "to|not", "exceed"}, PH_MAX, NULL},
    {{"no|not", "more", "than"}, PH_MAX, NULL},
    {{"up", "to", NULL}, PH_MAX, NULL}, /* a cap only with a period: see match_up_to */
    {{"or", NULL, NULL}, PH_OR, NULL},
    {{"daily|qd|qday|qam|qpm|qhs|hs|nightly|qnight", NULL, NULL}, PH_PER_DAY, "1"},
    {{"at", "bedtime|night|noon", NULL}, PH_PER_DAY, "1"},
    {{"in", "the", "morning|evening|afternoon"}, PH_PER_DAY, "1"},
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

/* Routes. Legend: `form` is the word a non-oral route adds to the drug text (the resolver
 * derives the form from there) unless the text already has one of `implied`; an oral route, or
 * one the drug text already implies, is read and set aside. `anywhere` routes may also end the
 * drug's description ("oxycodone 5 mg po q6h"); the others ("oral", "buccal") describe the drug
 * when they come before the first instruction ("oxycodone 5 mg oral tablet"). */
typedef struct route {
    const char *words[3];
    const char *form, *implied;
    int anywhere;
} route;

static const route routes[] = {
    {{"by", "mouth", NULL}, NULL, NULL, 1},
    {{"po|orally", NULL, NULL}, NULL, NULL, 1},
    {{"oral", NULL, NULL}, NULL, NULL, 0},
    {{"sl|sublingually", NULL, NULL}, "sublingual", "sublingual|buccal|sl", 1},
    {{"under", "the", "tongue"}, "sublingual", "sublingual|buccal|sl", 1},
    {{"sublingual", NULL, NULL}, "sublingual", "sublingual|buccal|sl", 0},
    {{"buccally", NULL, NULL}, "buccal", "buccal|sublingual", 1},
    {{"inside|in|against", "the", "cheek"}, "buccal", "buccal|sublingual", 1},
    {{"buccal", NULL, NULL}, "buccal", "buccal|sublingual", 0},
    {{"transdermally", NULL, NULL}, "transdermal", "transdermal|patch", 1},
    {{"onto|on|to", "the", "skin"}, "transdermal", "transdermal|patch", 1},
    {{"onto|on|to", "skin", NULL}, "transdermal", "transdermal|patch", 1},
    {{"transdermal|topically|topical", NULL, NULL}, "transdermal", "transdermal|patch", 0},
    {{"rectally|pr", NULL, NULL}, "rectal", "rectal|suppository|suppositories", 1},
    {{"per", "rectum", NULL}, "rectal", "rectal|suppository|suppositories", 1},
    {{"nasally|intranasally", NULL, NULL}, "nasal", "nasal|intranasal|spray", 1},
    {{"in", "each|one|the", "nostril"}, "nasal", "nasal|intranasal|spray", 1},
    {{"nasal|intranasal", NULL, NULL}, "nasal", "nasal|intranasal|spray", 0},
};

/* How many words of `words` (up to 3, NULL-ended) match from lexeme i; 0 when not all do. */
static size_t match_words(const parser *p, size_t i, const char *const words[3])
{
    size_t n = 0;
    while (n < 3 && words[n] && word_is(p, i + n, words[n]))
        n++;
    return n == 3 || !words[n] ? n : 0;
}

static const phrase *find_phrase(const parser *p, size_t i, size_t *end)
{
    const phrase *best = NULL;
    size_t best_n = 0;
    for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++) {
        size_t n = match_words(p, i, phrases[k].words);
        if (n > best_n) {
            best = &phrases[k];
            best_n = n;
        }
    }
    *end = i + best_n;
    return best;
}

/* The route at lexeme i that may stand there, or NULL. */
static const route *find_route(const parser *p, size_t i, size_t *end)
{
    for (size_t k = 0; k < sizeof routes / sizeof routes[0]; k++) {
        size_t n = match_words(p, i, routes[k].words);
        if (n && (routes[k].anywhere || p->in_sig)) {
            *end = i + n;
            return &routes[k];
        }
    }
    return NULL;
}

int med__rg_starts_route_or_frequency(const parser *p, size_t i)
{
    size_t end;
    const phrase *ph = find_phrase(p, i, &end);
    const route *r = find_route(p, i, &end);
    return (r && r->anywhere) || (ph && (ph->kind == PH_PER_DAY || ph->kind == PH_HOURS)) ||
           word_is(p, i, "q|every|once|twice");
}

size_t med__rg_cap_opening(const parser *p, size_t i)
{
    size_t end;
    const phrase *ph = find_phrase(p, i, &end);
    return ph && ph->kind == PH_MAX ? end : i;
}

/* Whether the drug text has a word of the '|'-list `words`, ignoring case. */
static int drug_has(const parser *p, const char *words)
{
    const char *d = p->out->drug;
    for (const char *a = words;;) {
        size_t n = strcspn(a, "|");
        for (const char *w = d; *w; w++) {
            size_t j = 0;
            while (j < n && w[j] && med__rx_lower(w[j]) == a[j])
                j++;
            if (j == n && (w == d || !med__rx_alpha(w[-1])))
                return 1;
        }
        if (!a[n])
            return 0;
        a += n + 1;
    }
}

static med_status match_route(parser *p, size_t i, size_t *next)
{
    size_t end;
    const route *r = find_route(p, i, &end);
    if (!r)
        return MED_OK;
    span s = span_of(p, i, end);
    med_status st = need_drug(p, s);
    if (st != MED_OK)
        return st;
    p->in_sig = 1;
    *next = end;
    if (r->form && !drug_has(p, r->implied))
        return med__rg_append_drug(p, r->form, strlen(r->form), 0, s);
    return med__rg_ignore(p, "route", s);
}

/* A number of days or weeks at lexeme k ("5 days", "2 weeks"): the index after it, or k. */
static size_t read_days(const parser *p, size_t k)
{
    number lo, hi;
    size_t e = read_range(p, k, 1, &lo, &hi);
    if (e > k && word_is(p, e, "d|day|days|wk|wks|week|weeks|month|months"))
        return e + 1;
    return k;
}

/* Whether lexeme i starts a duration: "for 5 days", "for up to 5 days". */
static int is_duration(const parser *p, size_t i)
{
    size_t k = word_is(p, i + 1, "up") && word_is(p, i + 2, "to") ? i + 3 : i + 1;
    return word_is(p, i, "for|x") && read_days(p, k) > k;
}

/* "for 5 days", "x 2 weeks", "for up to 5 days": how long to take it does not change the dose
 * per day. */
med_status med__rg_match_duration(parser *p, size_t i, size_t *next)
{
    if (!is_duration(p, i))
        return MED_OK;
    size_t k = word_is(p, i + 1, "up") && word_is(p, i + 2, "to") ? i + 3 : i + 1;
    size_t e = read_days(p, k);
    span s = span_of(p, i, e);
    med_status st = need_drug(p, s);
    *next = e;
    return st != MED_OK ? st : med__rg_ignore(p, "duration", s);
}

/* Words that end a reason: they start something the grammar reads. */
#define REASON_STOP                                                                              \
    "every|q|daily|nightly|bid|tid|qid|qhs|qam|max|maximum|mdd|do|not|no|qty|quantity|disp|"    \
    "dispense|dispensed|refill|refills|rf|then|take|give|x|sig|po|orally|at|once|twice|until|"  \
    "prn|for|or"

/* Whether the parentheses at lexeme k belong to a reason: a pain scale or words ("moderate pain
 * (4-6)", "pain (breakthrough)"), not a cap ("pain (max 4 tabs/day)"), which the grammar reads
 * as its own. Returns the index of the ')', or 0. */
static size_t reason_group(const parser *p, size_t k)
{
    size_t close = is_punct(p, k, '(') ? med__rg_group_end(p, k) : 0;
    if (!close || med__rg_cap_opening(p, k + 1) > k + 1)
        return 0;
    for (size_t j = k + 1; j < close; j++)
        if (p->t.lex[j].kind == LEX_PUNCT && !is_punct(p, j, '-') && !is_punct(p, j, '/'))
            return 0;
    return close;
}

/* The reason after "for" from lexeme k: words (with their hyphens, slashes and a pain scale in
 * parentheses: "moderate pain (4-6)") up to a number, a word that starts something else (a
 * cap: "max", "not to exceed", "no more than", "up to"; an alternative: "or"), a sentence's
 * end or other punctuation (",", ";", a "(" that opens a cap). A reason never swallows a cap:
 * "as needed for pain (max 4 tabs/day)" is capped. Returns the index after it; k when there
 * is none. */
static size_t read_reason(const parser *p, size_t k)
{
    while (k < p->t.count) {
        const lexeme *l = &p->t.lex[k];
        if (l->kind == LEX_PUNCT) {
            size_t close = reason_group(p, k);
            if (close)
                k = close + 1;
            else if ((is_punct(p, k, '-') || is_punct(p, k, '/')) && k + 1 < p->t.count &&
                     p->t.lex[k + 1].kind == LEX_WORD) /* "moderate - severe pain" */
                k++;
            else
                break;
            continue;
        }
        if (l->kind != LEX_WORD || word_is(p, k, REASON_STOP) ||
            (word_is(p, k, "up") && word_is(p, k + 1, "to")))
            break;
        k++;
        if (p->t.text[l->end - 1] == '.')
            break; /* "for pain. Max daily dose: 30 mg" */
    }
    return k;
}

/* After "as needed": "for <any reason>", or without "for" a few words ending in "pain" ("prn
 * severe pain"). Returns the index after the reason, or i. */
static size_t reason_after_prn(const parser *p, size_t i)
{
    if (word_is(p, i, "for"))
        return is_duration(p, i) ? i : read_reason(p, i + 1);
    for (size_t k = i; k < i + 4 && k < p->t.count && p->t.lex[k].kind == LEX_WORD; k++)
        if (word_is(p, k, "pain")) /* with a scale after it: "moderate pain (4-6)" */
            return reason_group(p, k + 1) ? reason_group(p, k + 1) + 1 : k + 1;
    return i;
}

/* "for pain", "for cough", "for severe pain": the reason, not the drug. */
med_status med__rg_match_reason(parser *p, size_t i, size_t *next)
{
    if (!word_is(p, i, "for") || !p->out->drug[0])
        return MED_OK;
    size_t end = read_reason(p, i + 1);
    if (end == i + 1)
        return fail_at(p, MED_ERR_SYNTAX, span_of(p, i, i + 1),
                       "expected a reason or a duration after it, e.g. \"for pain\" or \"for 5 "
                       "days\"");
    *next = end;
    return med__rg_ignore(p, "reason", span_of(p, i, end));
}

/* Whether the count word at lexeme k ends an order as a quantity does: refills follow ("28
 * tab(s), 0 Refill(s)"), or it ends the text written as dispensing systems write it ("28
 * tab(s)"). Anything else is the next part of a split dose ("..., 1 tab at night"). */
static int ends_order(const parser *p, size_t k)
{
    const lexeme *l = &p->t.lex[k];
    if (word_is(p, k + 2, "refill|refills|rf") || word_is(p, k + 1, "refill|refills|rf|no"))
        return 1;
    return k + 1 == p->t.count && p->t.text[l->end - 1] == ')';
}

/* A quantity or refills at lexeme i; the index after it, or i. */
static size_t read_supply(const parser *p, size_t i, const char **kind)
{
    number n;
    const char *unit = COUNT_WORDS "|" ML_WORDS;
    *kind = "quantity";
    if (is_punct(p, i, '#') && read_number(p, i + 1, 0, &n))
        return word_is(p, i + 2, unit) ? i + 3 : i + 2;
    if (word_is(p, i, "qty|quantity|disp|dispense|dispensed")) { /* "Disp: 28 tab", "Disp #60" */
        size_t k = is_punct(p, i + 1, '#') ? i + 2 : i + 1;
        if (read_number(p, k, 0, &n))
            return word_is(p, k + 1, unit) ? k + 2 : k + 1;
    }
    if (p->frequency.end && read_number(p, i, 0, &n) && word_is(p, i + 1, unit) &&
        ends_order(p, i + 1))
        return i + 2;
    *kind = "refills";
    if (read_number(p, i, 1, &n) && word_is(p, i + 1, "refill|refills|rf"))
        return i + 2;
    if (word_is(p, i, "refill|refills|rf") && read_number(p, i + 1, 1, &n))
        return i + 2;
    if (word_is(p, i, "no") && word_is(p, i + 1, "refill|refills"))
        return i + 2;
    *kind = "duration";
    if (word_is(p, i, "day|days") && word_is(p, i + 1, "supply") && read_number(p, i + 2, 0, &n))
        return i + 3; /* "Days supply: 30" */
    if (read_number(p, i, 0, &n) && word_is(p, i + 1, "day|days") && word_is(p, i + 2, "supply"))
        return i + 3; /* "30 day supply" */
    return i;
}

/* "#28", "Disp: 28 tab", "Qty: 120", "28 tab(s)" at the end, "0 Refill(s)", "Refills: 0":
 * what the pharmacy hands over, set aside (the supply method takes quantity and days supply as
 * their own fields). */
med_status med__rg_match_supply(parser *p, size_t i, size_t *next)
{
    const char *kind;
    size_t end = read_supply(p, i, &kind);
    if (end == i)
        return MED_OK;
    span s = span_of(p, i, end);
    med_status st = need_drug(p, s);
    *next = end;
    return st != MED_OK ? st : med__rg_ignore(p, kind, s);
}

med_status med__rg_match_phrase(parser *p, size_t i, size_t *next)
{
    size_t end;
    med_status st = match_route(p, i, next);
    if (st != MED_OK || *next > i)
        return st;
    const phrase *ph = find_phrase(p, i, &end);
    if (!ph || ((ph->kind == PH_AND || ph->kind == PH_OR) && !p->in_sig))
        return MED_OK; /* "acetaminophen and codeine" names the drug */
    span s = span_of(p, i, end);
    *next = end;
    switch (ph->kind) {
    case PH_TAKE: /* "take oxycodone 10 mg q12h": a verb before the drug says nothing yet */
        p->after_take = 1;
        p->in_sig = p->out->drug[0] != '\0';
        return MED_OK;
    case PH_PRN: {
        size_t r = reason_after_prn(p, end);
        if (word_is(p, end, "for") && r == end + 1)
            return fail_at(p, MED_ERR_SYNTAX, span_of(p, end, end + 1),
                           "expected the reason after it, e.g. \"as needed for pain\"");
        p->out->prn = 1;
        p->in_sig = 1;
        *next = r;
        st = need_drug(p, s);
        return st != MED_OK || r == end ? st : med__rg_ignore(p, "reason", span_of(p, end, r));
    }
    case PH_THEN:
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "orders in steps (tapers) are not supported: give each step as its own "
                       "regimen");
    case PH_MAX:
        if (word_is(p, i, "up") && !med__rg_is_cap(p, end)) {
            st = need_drug(p, s); /* "take up to 2 tabs", "up to 4 times daily": as written */
            return st != MED_OK ? st : med__rg_ignore(p, "instruction", s);
        }
        return med__rg_read_cap(p, i, end, next);
    case PH_OR:
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "alternatives joined by \"or\" are not supported: give the larger "
                       "alternative (the most the patient may take) as the regimen");
    case PH_HOW: /* "do not crush, chew, or split": how to take it, not how much */
        while (word_is(p, *next, "crush|chew|break|split|cut|open|or|and|whole|it|them"))
            (*next)++;
        st = need_drug(p, s);
        return st != MED_OK ? st : med__rg_ignore(p, "instruction", span_of(p, i, *next));
    case PH_PER_DAY:
        return set_frequency(p, 1, ph->value, s);
    case PH_HOURS:
        return set_frequency(p, 0, ph->value, s);
    default:
        return MED_OK;
    }
}
