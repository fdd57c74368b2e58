/* A product description's tokens and strengths (product_text.c), for product.c. Internal. */
#ifndef MED_NDC_PRODUCT_TEXT_H
#define MED_NDC_PRODUCT_TEXT_H
#include <stddef.h>
#include <string.h>

#include "med.h"
#include "tables/vocab.h"

#define MAX_TOKENS 96
#define MAX_PARTS MED_MAX_COMPONENTS
#define NUM_MAX 24

typedef enum { T_WORD, T_NUM, T_PUNCT } tkind;

typedef struct token {
    tkind kind;
    size_t at, len; /* in the text */
} token;

typedef struct desc {
    const char *text;
    token t[MAX_TOKENS];
    int n;
} desc;

/* A strength: tokens [first, end), its numbers, and its unit. */
typedef struct strength {
    int first, end;
    char parts[MAX_PARTS][NUM_MAX];
    int count;
    const char *mass;     /* "mg", "mcg", or NULL when none was written */
    int mixed;            /* parts in different mass units */
    int per_hour;         /* "/HR" */
    char volume[NUM_MAX]; /* per volume: "1" for "/ML", "5" for "/5 ML"; "" for none */
} strength;

static inline int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int is_num(const desc *d, int i)
{
    return i >= 0 && i < d->n && d->t[i].kind == T_NUM;
}

static inline int is_punct(const desc *d, int i, const char *chars)
{
    return i >= 0 && i < d->n && d->t[i].kind == T_PUNCT &&
           strchr(chars, d->text[d->t[i].at]) != NULL;
}

/* Words are letters then letters or digits ("HCL", "B12"); numbers are digits with at most one
 * decimal point ("7.5", ".5" when not glued to a word: "NO.3" is NO, '.', 3); any other
 * non-space character is one punctuation token. "10MG" is 10 and MG. Too many tokens is
 * MED_ERR_LIMIT. */
med_status med__desc_tokenize(desc *d, const char *text, med_error *error);

/* Token i is a word equal (case aside) to one of the '|'-separated alternatives. */
int med__desc_word_is(const desc *d, int i, const char *alternatives);

/* Token i as a mass unit: "mg", "mcg", or NULL. */
const char *med__desc_mass(const desc *d, int i);

/* Reads the numbers starting at token i: "10", "10-325", "10 MG-325 MG", "5/325 MG/15 ML". */
void med__desc_read_strength(const desc *d, int i, strength *s);

/* The strength: the first with a unit, else the first with several parts (mg assumed); 0 when
 * there is none. */
int med__desc_find_strength(const desc *d, strength *out);

/* Text of tokens [from, to) as written, without leading or trailing punctuation. */
void med__desc_span_text(const desc *d, int from, int to, char *buf, size_t cap);

#endif
