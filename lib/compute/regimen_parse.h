/* The regimen grammar's parser state and the helpers its files share: regimen.c (the core:
 * strengths, doses, the parse loop), regimen_base.c (what they all share: errors, looking at
 * lexemes, filling the output), regimen_phrases.c (fixed phrases, reasons,
 * routes, what is read and ignored), regimen_groups.c (parentheses: brands and restatements)
 * and regimen_caps.c (daily caps and split doses); regimen_api.c is the public object. The
 * files depend one way: base <- caps <- phrases <- groups <- regimen.c <- api. Internal. */
#ifndef MED_REGIMEN_PARSE_H
#define MED_REGIMEN_PARSE_H
#include "common/decimal.h"
#include "compute/regimen.h"
#include "compute/regimen_lex.h"

#if defined(__GNUC__) || defined(__clang__)
#define MED__RG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MED__RG_PRINTF(f, a)

#endif

/* Word lists, '|'-separated; matched ignoring case, dots and a glued "(s)". */
#define MED__RG_MG "mg|mgs|milligram|milligrams"
#define MED__RG_MCG "mcg|mcgs|ug|microgram|micrograms"
#define MED__RG_HOUR "h|hr|hrs|hour"
#define MED__RG_ML "ml|mls|milliliter|milliliters|millilitre|millilitres|cc"
#define MED__RG_COUNT                                                                            \
    "tab|tabs|tablet|tablets|cap|caps|capsule|capsules|pill|pills|patch|patches|spray|sprays|" \
    "film|films|lozenge|lozenges|troche|troches|suppository|suppositories"

/* Split doses kept apart before they are summed ("2 tabs in the morning, 1 tab at night"). */
#define MED__RG_MAX_PARTS 8

typedef struct med__rg_number {
    char text[MED_UNIT_MAX]; /* normalised: "0.5" for ".5", "7" for "007" */
} med__rg_number;

enum { MED__CAP_NONE, MED__CAP_MASS, MED__CAP_UNITS, MED__CAP_ML, MED__CAP_DOSES };

typedef struct med__rg_parser {
    med__lexed t; /* the text and its lexemes */
    med__input_buf *out;
    med__regimen_notes *notes;
    med__span strength, dose, frequency, first_grammar;
    med__span amount;              /* this part's dose in the strength's unit: "take 20 mg" */
    char amount_text[MED_UNIT_MAX];
    int dose_in_ml, frequency_per_day;
    int after_take, bare_count_ok; /* "take 2": a count needs no unit right after "take" */
    int in_sig;                    /* the drug's description is over: unplaced words are errors */
    int rx_join;                   /* "325 MG / oxycodone": an RxNorm name's next ingredient */
    med_q parts[MED__RG_MAX_PARTS]; /* split doses: units per day of each part already closed */
    size_t part_count;
    med__span cap;                 /* "max 8 tabs/day": the cap and its unit (MED__CAP_*) */
    char cap_value[MED_UNIT_MAX];
    int cap_unit;
    const char *cap_word;          /* "mg", "mcg", "mL", "doses", "units" or "" */
} med__rg_parser;

typedef med_status (*med__rg_matcher)(med__rg_parser *p, size_t i, size_t *next);

/* Errors: fail_at quotes the span's text, fail_near (for what is missing) does not. */
med_status med__rg_fail_at(const med__rg_parser *p, med_status code, med__span s,
                           const char *fmt, ...) MED__RG_PRINTF(4, 5);
med_status med__rg_fail_near(const med__rg_parser *p, med_status code, med__span s,
                             const char *fmt, ...) MED__RG_PRINTF(4, 5);

/* Looking at lexemes. */
med__span med__rg_span(const med__rg_parser *p, size_t first, size_t end);
int med__rg_glued(const med__rg_parser *p, size_t i);
int med__rg_punct(const med__rg_parser *p, size_t i, char c);
int med__rg_word(const med__rg_parser *p, size_t i, const char *alternatives);
int med__rg_read_number(const med__rg_parser *p, size_t i, int spelled, med__rg_number *n);
size_t med__rg_read_range(const med__rg_parser *p, size_t i, int spelled, med__rg_number *lo,
                          med__rg_number *hi);
int med__rg_whole(const char *t, unsigned *v);
/* The index of the ')' closing the '(' at i, or 0 when there is none. */
size_t med__rg_group_end(const med__rg_parser *p, size_t i);
int med__rg_has_zero_part(const char *t);
/* A canonical decimal as a fraction; 0 when it is not one. */
int med__rg_q(const char *text, med_q *q);

/* Filling the output. */
/* Copies a short field (a number, a unit), refusing one of MED_UNIT_MAX bytes or more. */
med_status med__rg_put(const med__rg_parser *p, char *dst, const char *src, med__span s);
med_status med__rg_need_drug(med__rg_parser *p, med__span s);
med_status med__rg_append_drug(med__rg_parser *p, const char *word, size_t len, int glue,
                               med__span s);
med_status med__rg_set_frequency(med__rg_parser *p, int per_day, const char *value, med__span s);
/* Records what was read but does not change the number, under `kind` ("reason", ...). */
med_status med__rg_ignore(med__rg_parser *p, const char *kind, med__span s);

/* regimen_phrases.c: fixed phrases (verbs, routes, as needed and its reason, durations,
 * quantities, refills, caps' openings, times of day). */
med_status med__rg_match_duration(med__rg_parser *p, size_t i, size_t *next);
med_status med__rg_match_reason(med__rg_parser *p, size_t i, size_t *next);
med_status med__rg_match_supply(med__rg_parser *p, size_t i, size_t *next);
med_status med__rg_match_phrase(med__rg_parser *p, size_t i, size_t *next);
/* Whether lexeme i starts a route ("by mouth", "PO", "SL") or a frequency: a bare count
 * before it is a dose ("1 po q6h"). */
int med__rg_starts_route_or_frequency(const med__rg_parser *p, size_t i);

/* The end of the opening of a cap at lexeme i ("max", "do not exceed"), or i. */
size_t med__rg_cap_opening(const med__rg_parser *p, size_t i);

/* regimen_groups.c: "(ROXICODONE)", "(5 mg total)", "(four)". */
med_status med__rg_drop_number_words(med__rg_parser *p);
med_status med__rg_match_group(med__rg_parser *p, size_t i, size_t *next);

/* regimen_caps.c: "max 30 mg/day", "do not exceed 8 tablets in 24 hours"; split doses. */
med_status med__rg_read_cap(med__rg_parser *p, size_t i, size_t end, size_t *next);
/* Whether an amount and a period start at lexeme k ("4 tabs daily", "30 mg/day"): after "up
 * to", a cap; otherwise "up to" only qualifies what follows ("up to 4 times daily"). */
int med__rg_is_cap(const med__rg_parser *p, size_t k);
/* Before a second dose: closes the dose and frequency read so far as one part of a split. */
med_status med__rg_close_part(med__rg_parser *p, med__span s);
/* Once everything is read: the parts summed, a dose in mg made a count, the cap applied. */
med_status med__rg_finish_daily(med__rg_parser *p);

/* Short names inside the regimen files (this header is included by them alone). */
typedef med__lexeme lexeme;
typedef med__span span;
typedef med__rg_number number;
typedef med__rg_parser parser;
#define LEX_NUM MED__LEX_NUM
#define LEX_WORD MED__LEX_WORD
#define LEX_PUNCT MED__LEX_PUNCT
#define MG_WORDS MED__RG_MG
#define MCG_WORDS MED__RG_MCG
#define HOUR_WORDS MED__RG_HOUR
#define ML_WORDS MED__RG_ML
#define COUNT_WORDS MED__RG_COUNT
#define fail_at med__rg_fail_at
#define fail_near med__rg_fail_near
#define span_of med__rg_span
#define glued med__rg_glued
#define is_punct med__rg_punct
#define word_is med__rg_word
#define read_number med__rg_read_number
#define read_range med__rg_read_range
#define whole_value med__rg_whole
#define has_zero_part med__rg_has_zero_part
#define need_drug med__rg_need_drug
#define set_frequency med__rg_set_frequency
#define put med__rg_put

#endif
