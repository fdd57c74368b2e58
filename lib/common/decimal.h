/* Exact rational arithmetic for doses and factors. Internal.
 *
 * Factors are printed as decimals (7.2, 0.15) and doses arrive as decimals; intervals like q7h
 * give thirds and sevenths. Doing the arithmetic on fractions keeps 25 x 10/30 x 7.2 at exactly
 * 60 instead of 60.00000000000001, so a dose of exactly 90 is never compared as 89.999. */
#ifndef MED_DECIMAL_H
#define MED_DECIMAL_H
#include <stddef.h>
#include <stdint.h>

__extension__ typedef __int128 med_i128;

/* num/den with den > 0, reduced. The zero value {0, 0} is "absent" (see q_absent). Every
 * value this file makes is under MED_Q_LIMIT in magnitude, so 64-bit parts hold it; products
 * of parts are formed in 128 bits. */
typedef struct med_q {
    int64_t num;
    int64_t den;
} med_q;

/* Magnitude bound that keeps products of two values inside 128 bits. */
#define MED_Q_LIMIT ((med_i128)1 << 62)

/* Small enough to be read inline wherever a dose is checked. */
static inline int med__q_absent(med_q a)
{
    return a.den == 0;
}

static inline med_q med__q_int(int64_t n)
{
    med_q q = {n, 1};
    return q;
}

/* Parses a plain decimal: digits, optionally '.' and digits ("7.5", "10", "0.25"); no sign,
 * exponent or spaces. Returns 0 on success, -1 on bad syntax, -2 when too large/precise; `out`
 * is written on success only (so is med__q_parse_field's). */
int med__q_parse(const char *text, size_t len, med_q *out);

/* med__q_parse_field for a field that is not a short whole number: measured, then parsed. */
int med__q_parse_field_measured(const char *text, size_t max, med_q *out, size_t *len);

/* The same for a NUL-terminated field, measured in the same pass: *len is its length, or
 * max + 1 when it is longer than `max` (read no further). 0 with the value as med__q_parse
 * gives it, or nonzero when the field is no plain decimal. Most fields are whole numbers
 * ("10", "6"): read inline, in one pass that ends at their NUL; any other field (a fraction,
 * a list, words) by med__q_parse_field_measured. */
static inline int med__q_parse_field(const char *text, size_t max, med_q *out, size_t *len)
{
    int64_t num = 0;
    size_t i = 0;
    for (; i < 18 && text[i] >= '0' && text[i] <= '9'; i++)
        num = num * 10 + (text[i] - '0');
    if (i > 0 && i <= max && text[i] == '\0') {
        *len = i;
        out->num = num;
        out->den = 1;
        return 0;
    }
    return med__q_parse_field_measured(text, max, out, len);
}

/* Arithmetic; each returns 0, or -1 on overflow (the result is then left unset). */
int med__q_mul_fractions(med_q a, med_q b, med_q *out); /* any a, b: med__q_mul's general case */

/* Whole numbers (most strengths, doses a day, scales) multiply inline: the product is whole,
 * so reduced whatever the parts are, and only the bound is left to check. A product that
 * overflows 64 bits is far over the bound; one that does not is compared with it. */
static inline int med__q_mul(med_q a, med_q b, med_q *out)
{
    if (a.den != 1 || b.den != 1)
        return med__q_mul_fractions(a, b, out);
    int64_t p;
    if (__builtin_mul_overflow(a.num, b.num, &p) || p >= MED_Q_LIMIT || p <= -MED_Q_LIMIT)
        return -1;
    out->num = p;
    out->den = 1;
    return 0;
}
int med__q_div_fractions(med_q a, med_q b, med_q *out); /* any a, b: med__q_div's general case */

/* a / b (b non-zero, else -1). A whole number by a positive whole number that divides it (24 h
 * / q6h) is whole: divided inline, only the bound is left to check. */
static inline int med__q_div(med_q a, med_q b, med_q *out)
{
    if (a.den != 1 || b.den != 1 || b.num <= 0 || a.num % b.num != 0)
        return med__q_div_fractions(a, b, out);
    int64_t q = a.num / b.num;
    if (q >= MED_Q_LIMIT || q <= -MED_Q_LIMIT)
        return -1;
    out->num = q;
    out->den = 1;
    return 0;
}
int med__q_add(med_q a, med_q b, med_q *out);

/* -1, 0, 1 as a <, =, > b. */
int med__q_cmp(med_q a, med_q b);
static inline int med__q_sign(med_q a)
{
    return (a.num > 0) - (a.num < 0);
}

/* Rounds to hundredths, half up (the documented MME rounding rule), into *out: 0, or -1 when
 * the hundredths do not fit in 64 bits (|a| above about 9.2e16; *out is then unset), which
 * the caller must report: a wrapped value would look like a result. A whole number (most
 * MMEs and daily doses) has nothing to round, inline; a fraction is rounded out of line. */
int med__q_hundredths_fraction(med_q a, int64_t *out);
static inline int med__q_hundredths(med_q a, int64_t *out)
{
    int64_t h;
    if (a.den != 1)
        return med__q_hundredths_fraction(a, out);
    if (__builtin_mul_overflow(a.num, 100, &h))
        return -1;
    *out = h;
    return 0;
}

/* Writes a to at most `decimals` decimals (rounded half up), without trailing zeros:
 * 60 -> "60", 35/6 -> "5.83". Locale-independent. */
void med__q_format(med_q a, int decimals, char *buf, size_t cap);

/* Writes a number of hundredths as a decimal without trailing zeros: 6000 -> "60" (cut to
 * cap - 1 bytes; 32 hold any). Returns the bytes written, without the NUL. */
size_t med__hundredths_format(int64_t h, char *buf, size_t cap);

/* The nearest double (0.0 when absent). Each part converts with one instruction; a whole
 * value (most daily doses) needs no division. */
static inline double med__q_to_double(med_q a)
{
    if (a.den == 0)
        return 0.0;
    if (a.den == 1)
        return (double)a.num;
    return (double)a.num / (double)a.den;
}

#endif
