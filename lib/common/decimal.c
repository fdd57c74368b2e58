/* Exact fractions: 64-bit parts, 128-bit products; see decimal.h for why. */
#include "common/decimal.h"
#include "common/digits.h"
#include "common/hints.h"

#include <stdio.h>
#include <string.h>

static med_i128 iabs(med_i128 a)
{
    return a < 0 ? -a : a;
}

/* Binary (Stein's) gcd: shifts and subtractions only. A 64-bit division costs tens of cycles
 * on the machines we measure on, and Euclid's loop needs one a step. */
static uint64_t gcd64(uint64_t a, uint64_t b)
{
    if (a == 0 || b == 0)
        return a | b;
    int shift = __builtin_ctzll(a | b); /* the power of two both share */
    a >>= __builtin_ctzll(a);
    do {
        b >>= __builtin_ctzll(b); /* a and b odd here: a common factor is odd */
        if (a > b) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b != 0);
    return a << shift;
}

/* Values here almost always fit in 64 bits, where division is a single instruction; the
 * 128-bit loop is for the rest. */
static med_i128 gcd(med_i128 a, med_i128 b)
{
    a = iabs(a);
    b = iabs(b);
    if (a <= (med_i128)UINT64_MAX && b <= (med_i128)UINT64_MAX)
        return (med_i128)gcd64((uint64_t)a, (uint64_t)b);
    while (b != 0) {
        med_i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Reduces and checks the bound, so every stored value can be multiplied safely. */
static int make(med_i128 num, med_i128 den, med_q *out)
{
    if (den == 0)
        return -1;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    med_i128 g = gcd(num, den);
    if (g > 1) {
        if (num <= (med_i128)INT64_MAX && num >= -(med_i128)INT64_MAX &&
            den <= (med_i128)INT64_MAX) {
            num = (int64_t)num / (int64_t)g;
            den = (int64_t)den / (int64_t)g;
        } else {
            num /= g;
            den /= g;
        }
    }
    if (num == 0)
        den = 1;
    if (iabs(num) >= MED_Q_LIMIT || den >= MED_Q_LIMIT)
        return -1;
    out->num = (int64_t)num;
    out->den = (int64_t)den;
    return 0;
}

/* Stores a reduced fraction (den > 0) after the bound check make() does. */
static int make_reduced(int64_t num, int64_t den, med_q *out)
{
    if (num == 0)
        den = 1;
    if (num >= MED_Q_LIMIT || num <= -MED_Q_LIMIT || den >= MED_Q_LIMIT)
        return -1;
    out->num = num;
    out->den = den;
    return 0;
}

/* make() for parts that fit in 64 bits: the same reduction and bound, on 64-bit division. */
static int make64(int64_t num, int64_t den, med_q *out)
{
    if (den == 0 || num == INT64_MIN || den == INT64_MIN)
        return make(num, den, out);
    if (den < 0) {
        num = -num;
        den = -den;
    }
    if (den == 1) /* a whole number is reduced already: no division needed */
        return make_reduced(num, 1, out);
    int64_t g = (int64_t)gcd64((uint64_t)(num < 0 ? -num : num), (uint64_t)den);
    if (g > 1) { /* g >= 1: den > 0 */
        num /= g;
        den /= g;
    }
    return make_reduced(num, den, out);
}

/* Both parts under 2^31 in magnitude: a product of two such parts, or the sum of two products,
 * fits in a signed 64-bit integer, so the exact result needs no 128-bit arithmetic. */
#define SMALL ((int64_t)1 << 31)

static int small(med_q a)
{
    return a.num < SMALL && a.num > -SMALL && a.den < SMALL;
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The whole part first, in a loop that does nothing else: most fields are whole numbers
 * ("10", "6"), done when it ends. Then the decimals, if a point and digits follow. */
int med__q_parse(const char *text, size_t len, med_q *out)
{
    int64_t num = 0, den = 1; /* at most 18 digits: below 10^18, inside 64 bits */
    size_t i = 0;
    for (; i < len && digit(text[i]); i++) {
        if (i == 18)
            return -2;
        num = num * 10 + (text[i] - '0');
    }
    if (i == 0)
        return -1; /* "", ".5", "x" */
    if (i == len) { /* a whole number below 10^18, inside the 2^62 bound: reduced as it is */
        out->num = num;
        out->den = 1;
        return 0;
    }
    if (text[i] != '.' || i + 1 == len)
        return -1; /* "1x", "10." */
    for (size_t digits = i++; i < len; i++) {
        if (!digit(text[i]))
            return -1;
        if (++digits > 18)
            return -2;
        num = num * 10 + (text[i] - '0');
        den *= 10;
    }
    return make64(num, den, out) == 0 ? 0 : -2;
}

int med__q_parse_field_measured(const char *text, size_t max, med_q *out, size_t *len)
{
    *len = strnlen(text, max + 1);
    return *len <= max ? med__q_parse(text, *len, out) : -1;
}

/* Parts whose negation and quotients stay inside 64 bits (not INT64_MIN, which only a
 * med__q_int of it could hold). */
static int fits64(med_q a)
{
    return a.num != INT64_MIN && a.den != INT64_MIN;
}

/* The product of parts beyond 2^31 (rare: large strengths times large factors). Kept out of
 * line so that the common paths of med__q_mul need no stack frame for it. */
MED__OUT_OF_LINE static int mul_large(med_q a, med_q b, med_q *out)
{
    /* Cross-reduce first so the products stay small. */
    med_i128 g1 = gcd(a.num, b.den), g2 = gcd(b.num, a.den);
    if (g1 == 0)
        g1 = 1;
    if (g2 == 0)
        g2 = 1;
    if (fits64(a) && fits64(b)) {
        int64_t an = a.num / (int64_t)g1, bd = b.den / (int64_t)g1;
        int64_t bn = b.num / (int64_t)g2, ad = a.den / (int64_t)g2;
        return make((med_i128)an * bn, (med_i128)ad * bd, out);
    }
    return make((a.num / g1) * (b.num / g2), (a.den / g2) * (b.den / g1), out); /* g: 128 */
}

/* A whole number n times a reduced p/q where q divides n (40 mg x 3/2): (n/q) x p is whole and
 * exact with one division, where the general path would reduce 120/2 by a gcd. Parts small. */
static int whole_times(int64_t n, int64_t p, int64_t q, med_q *out)
{
    return make_reduced(n / q * p, 1, out);
}

int med__q_mul_fractions(med_q a, med_q b, med_q *out)
{
    if (!small(a) || !small(b))
        return mul_large(a, b, out);
    int64_t an = a.num, ad = a.den, bn = b.num, bd = b.den;
    if (ad == 1 && an % bd == 0)
        return whole_times(an, bn, bd, out);
    if (bd == 1 && bn % ad == 0)
        return whole_times(bn, an, ad, out);
    return make64(an * bn, ad * bd, out);
}

int med__q_div_fractions(med_q a, med_q b, med_q *out)
{
    if (b.num == 0)
        return -1;
    /* Whole by whole that divides it (24 h / q6h): the quotient, with no gcd to find. */
    if (a.den == 1 && b.den == 1 && small(a) && small(b) &&
        a.num % b.num == 0)
        return make_reduced(a.num / b.num, 1, out);
    if (!fits64(b)) /* -INT64_MIN has no 64-bit value: the quotient in 128 bits */
        return make((med_i128)a.num * b.den, (med_i128)a.den * b.num, out);
    med_q inv = {b.den, b.num};
    if (inv.den < 0) {
        inv.num = -inv.num;
        inv.den = -inv.den;
    }
    return med__q_mul(a, inv, out);
}

int med__q_add(med_q a, med_q b, med_q *out)
{
    if (small(a) && small(b))
        return make64(a.num * b.den + b.num * a.den, a.den * b.den, out);
    med_i128 g = gcd(a.den, b.den);
    med_i128 da = a.den / g, db = b.den / g;
    return make(a.num * db + b.num * da, a.den * db, out); /* 128-bit products: da, db are */
}

int med__q_cmp(med_q a, med_q b)
{
    if (a.den == b.den && a.den > 0) /* one positive denominator: the numerators decide */
        return (a.num > b.num) - (a.num < b.num);
    if (small(a) && small(b)) {
        int64_t l = a.num * b.den, r = b.num * a.den;
        return (l > r) - (l < r);
    }
    med_i128 l = (med_i128)a.num * b.den, r = (med_i128)b.num * a.den;
    return (l > r) - (l < r);
}

/* Rounds a * 10^decimals to an integer, half away from zero. */
static med_i128 scaled_round(med_q a, int decimals)
{
    med_i128 scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    med_i128 n = iabs(a.num) * scale, r;
    if (n <= (med_i128)(UINT64_MAX / 4) && a.den < MED_Q_LIMIT) /* 2n + den < 2^64 */
        r = (med_i128)((2 * (uint64_t)n + (uint64_t)a.den) / (2 * (uint64_t)a.den));
    else
        r = (2 * n + a.den) / (2 * (med_i128)a.den);
    return a.num < 0 ? -r : r;
}

int med__q_hundredths_fraction(med_q a, int64_t *out)
{
    med_i128 h = scaled_round(a, 2);
    if (h > INT64_MAX || h < -INT64_MAX)
        return -1;
    *out = (int64_t)h;
    return 0;
}

/* Writes integer v / 10^decimals without trailing zeros. Values beyond 64 bits (impossible
 * within the documented input ranges) are written as "overflow". */
static void format_scaled(med_i128 v, int decimals, char *buf, size_t cap)
{
    char digits[24], out[48];
    int n = 0, neg = v < 0;
    med_i128 m = iabs(v);
    if (cap == 0)
        return;
    if (m > (med_i128)UINT64_MAX) {
        snprintf(buf, cap, "overflow");
        return;
    }
    uint64_t u = (uint64_t)m;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u != 0);
    while (n <= decimals)
        digits[n++] = '0';
    int frac = decimals;
    while (frac > 0 && digits[decimals - frac] == '0')
        frac--;
    size_t k = 0;
    if (neg)
        out[k++] = '-';
    for (int i = n - 1; i >= decimals; i--)
        out[k++] = digits[i];
    if (frac > 0) {
        out[k++] = '.';
        for (int i = decimals - 1; i >= decimals - frac; i--)
            out[k++] = digits[i];
    }
    if (k >= cap)
        k = cap - 1;
    memcpy(buf, out, k);
    buf[k] = '\0';
}

void med__q_format(med_q a, int decimals, char *buf, size_t cap)
{
    format_scaled(scaled_round(a, decimals), decimals, buf, cap);
}

/* med__hundredths_format into a buffer too small for the text: written whole, then cut to
 * cap - 1 bytes. Apart, so that the usual call has no local buffer (nor its stack guard). */
static MED__COLD size_t hundredths_cut(int64_t h, char *buf, size_t cap)
{
    char out[32];
    med__hundredths_format(h, out, sizeof out);
    memcpy(buf, out, cap - 1);
    buf[cap - 1] = '\0';
    return cap - 1;
}

/* format_scaled(h, 2, ...) for the 64-bit case it always is: every MME/day of patients and
 * report goes through here. The text's length is worked out first, so that when it fits (the
 * usual buffer holds any value) it is written in place, two digits at a time: no copy. */
size_t med__hundredths_format(int64_t h, char *buf, size_t cap)
{
    uint64_t u = h < 0 ? 0 - (uint64_t)h : (uint64_t)h, whole = u / 100;
    unsigned frac = (unsigned)(u % 100);
    size_t decimals = frac == 0 ? 0 : frac % 10 == 0 ? 1 : 2; /* without trailing zeros */
    size_t sign = h < 0, digits = med__digit_count(whole);
    size_t k = sign + digits + (decimals ? 1 + decimals : 0);
    if (cap == 0)
        return 0;
    if (k >= cap)
        return hundredths_cut(h, buf, cap);
    if (sign)
        buf[0] = '-';
    char *at = buf + sign + digits;
    med__digits_before(at, whole);
    if (decimals) {
        *at++ = '.';
        med__two_digits(at, frac); /* the second, a trailing zero, is cut below */
        at += decimals;
    }
    *at = '\0';
    return k;
}

