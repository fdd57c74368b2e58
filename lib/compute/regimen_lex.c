/* The regimen tokenizer and the decimal text its numbers are kept as; see regimen_lex.h. */
#include <stdio.h>
#include <string.h>

#include "common/decimal.h"
#include "common/error.h"
#include "compute/regimen_lex.h"

/* ---- ASCII classes -------------------------------------------------------------------------- */

int med__rx_digit(int c)
{
    return c >= '0' && c <= '9';
}

int med__rx_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int med__rx_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* ---- errors --------------------------------------------------------------------------------- */

med_status med__regimen_vfail(const med__lexed *t, med_status code, med__span s, int quote,
                              const char *fmt, va_list ap)
{
    char token[64], detail[400];
    size_t len = s.end > s.start ? s.end - s.start : 0;

    vsnprintf(detail, sizeof detail, fmt, ap);
    med__copy_text(token, sizeof token, t->text + s.start, len);
    if (quote && token[0])
        return med__fail(t->error, code, MED__REGIMEN_SOURCE, 1, (int)s.start + 1, token,
                         "\"%s\": %s", token, detail);
    return med__fail(t->error, code, MED__REGIMEN_SOURCE, 1, (int)s.start + 1, token, "%s",
                     detail);
}

static med_status fail_at(const med__lexed *t, med_status code, med__span s, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static med_status fail_at(const med__lexed *t, med_status code, med__span s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    med_status st = med__regimen_vfail(t, code, s, 1, fmt, ap);
    va_end(ap);
    return st;
}

/* ---- decimal text --------------------------------------------------------------------------- */

int med__regimen_number(const char *s, size_t len, char *dst, size_t cap)
{
    size_t i = 0, o = 0;
    while (i + 1 < len && s[i] == '0' && med__rx_digit(s[i + 1]))
        i++;
    if (s[i] == '.' && o + 1 < cap)
        dst[o++] = '0';
    for (; i < len && o + 1 < cap; i++)
        dst[o++] = s[i];
    dst[o] = '\0';
    return i == len;
}

/* A canonical number as a fraction; 0 when it is not one decimal.c reads (over 18 digits). */
static int value_of(const char *text, med_q *q)
{
    return med__q_parse(text, strlen(text), q) == 0;
}

int med__regimen_num_cmp(const char *a, const char *b)
{
    med_q qa, qb;
    if (!value_of(a, &qa) || !value_of(b, &qb))
        return strcmp(a, b) != 0; /* beyond any real dose: equal only when written alike */
    return med__q_cmp(qa, qb);
}

/* Writes q exactly with up to `decimals` places; 0 when it does not fit in cap. */
static int exact_text(med_q q, int decimals, char *out, size_t cap)
{
    char text[64];
    med__q_format(q, decimals, text, sizeof text);
    size_t n = strlen(text);
    if (n >= cap || strcmp(text, "overflow") == 0)
        return 0;
    memcpy(out, text, n + 1);
    return 1;
}

int med__regimen_num_mul(const char *value, unsigned factor, char *out, size_t cap)
{
    med_q q;
    const char *dot = strchr(value, '.');
    int decimals = dot ? (int)strlen(dot + 1) : 0;
    if (factor > 1000 || decimals > 18 || !value_of(value, &q) ||
        med__q_mul(q, med__q_int(factor), &q) != 0)
        return 0;
    return exact_text(q, decimals, out, cap);
}

int med__regimen_num_div(unsigned a, unsigned b, char *out, size_t cap)
{
    med_q q, scaled;
    if (b == 0 || med__q_div(med__q_int(a), med__q_int(b), &q) != 0 ||
        med__q_mul(q, med__q_int(1000000), &scaled) != 0 || scaled.den != 1)
        return 0; /* more than six places, or none that end */
    return exact_text(q, 6, out, cap);
}

/* ---- lexer ---------------------------------------------------------------------------------- */

static med_status fail_byte(const med__lexed *t, size_t i)
{
    unsigned char c = (unsigned char)t->text[i];
    char shown[8];
    snprintf(shown, sizeof shown, "\\x%02X", (unsigned)c);
    return med__fail(t->error, MED_ERR_SYNTAX, MED__REGIMEN_SOURCE, 1, (int)i + 1, shown,
                     "unexpected byte 0x%02X: expected printable ASCII text", (unsigned)c);
}

/* Scans greedily what a person may have meant as one number ("1,000", "1e3", "7.5.1", "10.")
 * so that a malformed number is refused whole instead of being read as a shorter one. */
static med_status lex_number(med__lexed *t, med__lexeme *l)
{
    const char *s = t->text;
    size_t i = l->start, n = t->len;
    int bad = 0, dots = 0;
    char canonical[MED_UNIT_MAX];

    for (;;) {
        while (i < n && med__rx_digit(s[i]))
            i++;
        if (i < n && s[i] == '.') {
            dots++;
            if (++i < n && med__rx_digit(s[i]))
                continue;
            bad = 1;
        } else if (i + 1 < n && s[i] == ',' && med__rx_digit(s[i + 1])) {
            bad = 1;
            i++;
            continue;
        }
        break;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1 < n && (s[i + 1] == '+' || s[i + 1] == '-') ? i + 2 : i + 1;
        for (; j < n && med__rx_digit(s[j]); i = ++j)
            bad = 1;
    }
    l->kind = MED__LEX_NUM;
    l->end = (unsigned)i;
    med__span sp = {l->start, l->end};
    if (bad || dots > 1)
        return fail_at(t, MED_ERR_SYNTAX, sp,
                       "not a number: expected digits with an optional decimal point, e.g. 7.5");
    if (!med__regimen_number(s + l->start, i - l->start, canonical, sizeof canonical))
        return fail_at(t, MED_ERR_LIMIT, sp, "numbers are limited to %d characters",
                       MED_UNIT_MAX - 1);
    return MED_OK;
}

/* ',', ';' and ':' separate like spaces, unless they are part of a run of punctuation; so does
 * a sentence's '.' after a parenthesis ("as needed for severe pain (7-10)."). */
static int is_separator(const med__lexed *t, size_t i)
{
    char c = t->text[i];
    if (is_space(c))
        return 1;
    if (c == '.' && i > 0 && t->text[i - 1] == ')')
        return i + 1 == t->len || is_space(t->text[i + 1]);
    if (c != ',' && c != ';' && c != ':')
        return 0;
    char next = i + 1 < t->len ? t->text[i + 1] : ' ';
    return is_space(next) || med__rx_digit(next) || med__rx_alpha(next) || next == '.';
}

/* The length of an EHR's optional plural glued to a word ("tab(s)", "patch(es)"), else 0: it
 * belongs to the word. */
static size_t plural_suffix(const med__lexed *t, size_t i)
{
    static const char *const suffixes[] = {"(s)", "(es)"};
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t n = strlen(suffixes[k]), j = 0;
        while (j < n && i + j < t->len && med__rx_lower(t->text[i + j]) == suffixes[k][j])
            j++;
        if (j == n)
            return n;
    }
    return 0;
}

/* Numbers, words (letters, and dots after a letter: "b.i.d.", "mg."; a glued "(s)") and
 * single punctuation characters. */
med_status med__regimen_lex(med__lexed *t)
{
    size_t i = 0;
    while (i < t->len) {
        unsigned char c = (unsigned char)t->text[i];
        if (is_separator(t, i)) {
            i++;
            continue;
        }
        if (c < 0x20 || c >= 0x7f)
            return fail_byte(t, i);
        med__lexeme *l = &t->lex[t->count++];
        l->start = (unsigned)i;
        if (med__rx_digit(c) || (c == '.' && i + 1 < t->len && med__rx_digit(t->text[i + 1]))) {
            med_status st = lex_number(t, l);
            if (st != MED_OK)
                return st;
        } else if (med__rx_alpha(c)) {
            while (i < t->len && (med__rx_alpha(t->text[i]) || t->text[i] == '.'))
                i++;
            i += plural_suffix(t, i);
            l->kind = MED__LEX_WORD;
            l->end = (unsigned)i;
        } else {
            l->kind = MED__LEX_PUNCT;
            l->end = (unsigned)i + 1;
        }
        i = l->end;
    }
    return MED_OK;
}
