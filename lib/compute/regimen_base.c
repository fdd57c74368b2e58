/* The regimen grammar's shared footing: located errors, looking at lexemes (words, numbers,
 * ranges, parentheses) and filling the output (drug text, frequency, what is set aside). Every
 * other regimen file builds on this one and it calls none of them. See regimen.c for the
 * grammar as a whole. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "compute/regimen_parse.h"

/* ---- errors --------------------------------------------------------------------------------- */

med_status fail_at(const parser *p, med_status code, span s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    med_status st = med__regimen_vfail(&p->t, code, s, 1, fmt, ap);
    va_end(ap);
    return st;
}

/* For what is missing: the column says where it was expected, the message does not quote. */
med_status fail_near(const parser *p, med_status code, span s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    med_status st = med__regimen_vfail(&p->t, code, s, 0, fmt, ap);
    va_end(ap);
    return st;
}

/* True when every '/'-separated part of a canonical decimal (or combination) is zero. */
int has_zero_part(const char *t)
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
int whole_value(const char *t, unsigned *v)
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

span span_of(const parser *p, size_t first, size_t end)
{
    if (end > p->t.count)
        end = p->t.count;
    span s = {p->t.lex[first].start, p->t.lex[end > first ? end - 1 : first].end};
    return s;
}

/* Lexeme i touches the one before it (no space between). */
int glued(const parser *p, size_t i)
{
    return i > 0 && i < p->t.count && p->t.lex[i].start == p->t.lex[i - 1].end;
}

int is_punct(const parser *p, size_t i, char c)
{
    return i < p->t.count && p->t.lex[i].kind == LEX_PUNCT && p->t.text[p->t.lex[i].start] == c;
}

/* The length of a word without a glued "(s)" or "(es)" ("tab(s)" is "tab"). */
static size_t stem_length(const char *w, size_t len)
{
    if (len > 3 && w[len - 1] == ')' && w[len - 3] == '(')
        return len - 3;
    if (len > 4 && w[len - 1] == ')' && w[len - 4] == '(')
        return len - 4;
    return len;
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
int word_is(const parser *p, size_t i, const char *alternatives)
{
    if (i >= p->t.count || p->t.lex[i].kind != LEX_WORD)
        return 0;
    const char *w = p->t.text + p->t.lex[i].start;
    size_t len = stem_length(w, p->t.lex[i].end - p->t.lex[i].start);
    for (const char *a = alternatives;;) {
        size_t n = strcspn(a, "|");
        if (key_equals(w, len, a, n))
            return 1;
        if (!a[n])
            return 0;
        a += n + 1;
    }
}

/* A number at lexeme i: digits, or (when `spelled`) "one" to "twelve", as in "take two
 * tablets". */
int read_number(const parser *p, size_t i, int spelled, number *n)
{
    static const char *const words[] = {"one", "two",   "three", "four", "five",   "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve"};
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
size_t read_range(const parser *p, size_t i, int spelled, number *lo, number *hi)
{
    if (!read_number(p, i, spelled, lo))
        return i;
    if ((is_punct(p, i + 1, '-') || word_is(p, i + 1, "to|or")) &&
        read_number(p, i + 2, spelled, hi))
        return i + 3;
    *hi = *lo;
    return i + 1;
}


size_t med__rg_group_end(const parser *p, size_t i)
{
    for (size_t k = i + 1; k < p->t.count; k++) {
        if (is_punct(p, k, ')'))
            return k;
        if (is_punct(p, k, '('))
            return 0;
    }
    return 0;
}

/* ---- filling the output --------------------------------------------------------------------- */

med_status put(const parser *p, char *dst, const char *src, span s)
{
    size_t n = strlen(src);
    if (n >= MED_UNIT_MAX)
        return fail_at(p, MED_ERR_LIMIT, s, "longer than %d characters", MED_UNIT_MAX - 1);
    memcpy(dst, src, n + 1);
    return MED_OK;
}

/* The drug comes first: "10 mg oxycodone" has most likely lost its name or its line. */
med_status need_drug(parser *p, span s)
{
    if (!p->out->drug[0])
        return fail_at(p, MED_ERR_SYNTAX, s,
                       "expected a drug name first, e.g. \"oxycodone 10 mg q6h\"");
    if (!p->first_grammar.end)
        p->first_grammar = s;
    return MED_OK;
}

/* Appends a word to the drug text, after a space or (`glue`) right after the text before. */
med_status med__rg_append_drug(parser *p, const char *word, size_t len, int glue, span s)
{
    char *drug = p->out->drug;
    size_t have = strlen(drug);
    int space = have && !glue;
    if (have + (size_t)space + len >= sizeof p->out->drug)
        return fail_at(p, MED_ERR_LIMIT, s, "the drug description is longer than %d bytes",
                       (int)sizeof p->out->drug - 1);
    if (space)
        drug[have++] = ' ';
    memcpy(drug + have, word, len);
    drug[have + len] = '\0';
    return MED_OK;
}

med_status med__rg_ignore(parser *p, const char *kind, span s)
{
    med__regimen_notes *n = p->notes;
    size_t len = s.end - s.start;
    if (n->count == MED__REGIMEN_MAX_IGNORED || n->used + len + 1 > sizeof n->text)
        return fail_at(p, MED_ERR_LIMIT, s, "more than %d phrases to set aside",
                       MED__REGIMEN_MAX_IGNORED);
    size_t at = n->count; /* in the order of the text: restatements are read first */
    while (at > 0 && n->item[at - 1].column > s.start + 1)
        at--;
    memmove(&n->item[at + 1], &n->item[at], (n->count - at) * sizeof n->item[0]);
    n->item[at].kind = kind;
    n->item[at].column = s.start + 1;
    n->item[at].offset = (unsigned)n->used;
    memcpy(n->text + n->used, p->t.text + s.start, len);
    n->text[n->used + len] = '\0';
    n->used += len + 1;
    n->count++;
    return MED_OK;
}

int med__rg_q(const char *text, med_q *q)
{
    return med__q_parse(text, strlen(text), q) == 0;
}

/* One frequency per order; saying the same thing twice ("every night at bedtime") is fine. */
med_status set_frequency(parser *p, int per_day, const char *value, span s)
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
    p->in_sig = 1;
    return put(p, field, value, s);
}

