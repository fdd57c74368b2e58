/* The regimen grammar's tokenizer: a clinician's order split into numbers, words and
 * punctuation, with the located errors both it and the grammar (regimen.c) report, and the
 * decimal text the numbers are kept as. Internal. */
#ifndef MED_REGIMEN_LEX_H
#define MED_REGIMEN_LEX_H
#include <stdarg.h>
#include <stddef.h>

#include "compute/input.h"

#define MED__REGIMEN_SOURCE "<regimen>"

enum { MED__LEX_NUM, MED__LEX_WORD, MED__LEX_PUNCT };

typedef struct med__lexeme {
    unsigned start, end; /* byte offsets into the text */
    int kind;            /* MED__LEX_* */
} med__lexeme;

typedef struct med__span {
    unsigned start, end; /* byte offsets; end == 0 means "not seen" */
} med__span;

/* An order and its lexemes. */
typedef struct med__lexed {
    const char *text;
    size_t len;
    med_error *error;
    size_t count;
    med__lexeme lex[MED_REGIMEN_MAX_TEXT]; /* every lexeme is at least one byte */
} med__lexed;

/* ASCII classes: the C library's are locale-dependent. */
int med__rx_digit(int c);
int med__rx_alpha(int c);
int med__rx_lower(int c);

/* Splits t->text (t->len bytes) into t->lex. Refuses bytes that are not printable ASCII and
 * malformed numbers ("1,000", "1e3", "7.5.1") whole, with their column. */
med_status med__regimen_lex(med__lexed *t);

/* A located error naming the text of span `s`; `quote` also puts it in front of the message
 * ("\"10\": expected a unit ..."). */
med_status med__regimen_vfail(const med__lexed *t, med_status code, med__span s, int quote,
                              const char *fmt, va_list ap)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 5, 0)))
#endif
    ;

/* Decimal text, exact (through common/decimal.c, never through double). A canonical number
 * has no leading zeros and a 0 before a leading point: "007.50" is "7.50", ".5" is "0.5". */
int med__regimen_number(const char *s, size_t len, char *dst, size_t cap); /* 0: did not fit */
int med__regimen_num_cmp(const char *a, const char *b);                    /* <0, 0, >0 */
/* value x factor, canonical; 0 when it does not fit in cap. */
int med__regimen_num_mul(const char *value, unsigned factor, char *out, size_t cap);
/* a / b as an exact decimal of at most six places; 0 when it does not terminate or fit. */
int med__regimen_num_div(unsigned a, unsigned b, char *out, size_t cap);

#endif
