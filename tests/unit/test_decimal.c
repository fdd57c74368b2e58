/* Unit tests for lib/common/decimal.c: exact fractions for doses and factors. Parsing (plain
 * decimals only; bad syntax -1, too large or too precise -2), the arithmetic and its overflow
 * bound, comparison, rounding to hundredths half up, and formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "common/decimal.h"

/* ---- helpers --------------------------------------------------------------------------------- */

static med_q q(int64_t num, int64_t den)
{
    med_q v = {num, den};
    return v;
}

static int parse(const char *text, med_q *out)
{
    return med__q_parse(text, strlen(text), out);
}

/* Parses text, which must be valid, and checks its reduced fraction. */
static void expect_parse(const char *text, int64_t num, int64_t den)
{
    med_q v = q(-1, -1);
    assert_int_equal(parse(text, &v), 0);
    assert_true(v.num == num);
    assert_true(v.den == den);
}

/* a rounded to hundredths, which must be held in 64 bits. */
static int64_t rounded(med_q a)
{
    int64_t h = -12345;
    assert_int_equal(med__q_hundredths(a, &h), 0);
    return h;
}

static void expect_equal(med_q a, int64_t num, int64_t den)
{
    assert_true(a.num == num);
    assert_true(a.den == den);
}

static const char *format(med_q a, int decimals)
{
    static char buf[64];
    med__q_format(a, decimals, buf, sizeof buf);
    return buf;
}

static const char *hundredths(int64_t h)
{
    static char buf[64];
    med__hundredths_format(h, buf, sizeof buf);
    return buf;
}

/* ---- parsing --------------------------------------------------------------------------------- */

static void parse_plain_decimals(void **state)
{
    (void)state;
    expect_parse("10", 10, 1);
    expect_parse("7.5", 15, 2);
    expect_parse("0.25", 1, 4);
    expect_parse("7.2", 36, 5);
    expect_parse("0.15", 3, 20);
    expect_parse("0", 0, 1);
    expect_parse("0.0", 0, 1);
    expect_parse("007", 7, 1);
    expect_parse("2.50", 5, 2);
}

static void parse_reads_only_len_bytes(void **state)
{
    (void)state;
    med_q v;
    assert_int_equal(med__q_parse("7.5 mg", 3, &v), 0);
    expect_equal(v, 15, 2);
    assert_int_equal(med__q_parse("12", 1, &v), 0);
    expect_equal(v, 1, 1);
}

static void parse_bad_syntax(void **state)
{
    (void)state;
    static const char *const bad[] = {"",    "1.",  ".5",  "-1",   "+1",   "1e3", " 1",  "1 ",
                                      "1.2.3", "abc", "1,5", "0x10", "inf",  "nan", "1/2", "."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        med_q v = q(99, 1);
        if (parse(bad[i], &v) != -1)
            fail_msg("'%s' should be bad syntax", bad[i]);
        expect_equal(v, 99, 1); /* left untouched */
    }
    med_q v;
    assert_int_equal(med__q_parse("", 0, &v), -1);
}

static void parse_too_large_or_too_precise(void **state)
{
    (void)state;
    med_q v;
    /* 18 digits is the most accepted, whole or decimal. */
    expect_parse("999999999999999999", 999999999999999999, 1);
    expect_parse("123456789.123456789", 123456789123456789, 1000000000);
    expect_parse("0.00000000000000001", 1, 100000000000000000);
    assert_int_equal(parse("1000000000000000000", &v), -2);  /* 19 digits */
    assert_int_equal(parse("0.000000000000000001", &v), -2); /* 19 digits after the point */
    assert_int_equal(parse("12345678901234567890123", &v), -2);
    /* Leading zeros count as digits: the limit is on the text, not on the value. */
    assert_int_equal(parse("0000000000000000007", &v), -2);
}

/* ---- arithmetic ------------------------------------------------------------------------------ */

static void arithmetic_is_exact(void **state)
{
    (void)state;
    med_q a, b, c;
    /* The README's example: a 25 mcg/hr patch, 10 patches in 30 days, 7.2 per patch-day. */
    assert_int_equal(parse("7.2", &c), 0);
    assert_int_equal(med__q_div(med__q_int(10), med__q_int(30), &a), 0);
    expect_equal(a, 1, 3);
    assert_int_equal(med__q_mul(med__q_int(25), a, &b), 0);
    assert_int_equal(med__q_mul(b, c, &a), 0);
    expect_equal(a, 60, 1);
    /* 1/3 + 1/6 = 1/2; 0.1 + 0.2 = 0.3 exactly. */
    assert_int_equal(med__q_add(q(1, 3), q(1, 6), &a), 0);
    expect_equal(a, 1, 2);
    assert_int_equal(parse("0.1", &a), 0);
    assert_int_equal(parse("0.2", &b), 0);
    assert_int_equal(med__q_add(a, b, &c), 0);
    expect_equal(c, 3, 10);
    /* Results are reduced, with a positive denominator. */
    assert_int_equal(med__q_div(q(7, 2), q(-7, 4), &a), 0);
    expect_equal(a, -2, 1);
    assert_int_equal(med__q_add(q(1, 2), q(-1, 2), &a), 0);
    expect_equal(a, 0, 1);
    assert_int_equal(med__q_mul(q(0, 1), q(5, 7), &a), 0);
    expect_equal(a, 0, 1);
    /* 7.2 / 0.15 = 48: factor ratios stay whole. */
    assert_int_equal(parse("7.2", &a), 0);
    assert_int_equal(parse("0.15", &b), 0);
    assert_int_equal(med__q_div(a, b, &c), 0);
    expect_equal(c, 48, 1);
}

static void division_by_zero_fails(void **state)
{
    (void)state;
    med_q a = q(5, 5);
    assert_int_equal(med__q_div(q(1, 1), q(0, 1), &a), -1);
    expect_equal(a, 5, 5); /* left unset */
}

static void overflow_fails_and_leaves_result(void **state)
{
    (void)state;
    med_q big = med__q_int((int64_t)1 << 40), out = q(5, 5);
    /* mul: 2^80 is past the 2^62 bound. */
    assert_int_equal(med__q_mul(big, big, &out), -1);
    expect_equal(out, 5, 5);
    /* Just under the bound is fine, at it is not. */
    assert_int_equal(med__q_mul(med__q_int((int64_t)1 << 31), med__q_int((int64_t)1 << 30), &out),
                     0);
    expect_equal(out, (int64_t)1 << 61, 1);
    out = q(5, 5);
    assert_int_equal(med__q_mul(med__q_int((int64_t)1 << 31), med__q_int((int64_t)1 << 31), &out),
                     -1);
    expect_equal(out, 5, 5);
    /* div: dividing by a tiny value makes a huge one. */
    assert_int_equal(med__q_div(big, q(1, (int64_t)1 << 40), &out), -1);
    /* add: 2^61 + 2^61 = 2^62; and denominators whose product passes the bound (2^31 - 1 is
     * prime, 2^31 + 11 shares no factor with it). */
    assert_int_equal(med__q_add(med__q_int((int64_t)1 << 61), med__q_int((int64_t)1 << 61), &out),
                     -1);
    assert_int_equal(med__q_add(q(1, 2147483647), q(1, 2147483659), &out), -1);
    expect_equal(out, 5, 5);
    /* A large numerator and denominator that reduce are fine. */
    assert_int_equal(med__q_mul(q(1, (int64_t)1 << 40), big, &out), 0);
    expect_equal(out, 1, 1);
}

/* The fast paths: whole x whole skips reduction (so it must still check the bound, with either
 * sign); everything else is reduced by the binary gcd, which must find every common factor
 * (powers of two, odd ones, both) and leave coprime parts alone. */
static void fast_paths_stay_exact(void **state)
{
    (void)state;
    med_q out = q(5, 5);
    assert_int_equal(med__q_mul(med__q_int(-((int64_t)1 << 31)), med__q_int((int64_t)1 << 31),
                                &out), -1);
    expect_equal(out, 5, 5);
    assert_int_equal(med__q_mul(med__q_int(((int64_t)1 << 62) - 1), med__q_int(-1), &out), 0);
    expect_equal(out, -(((int64_t)1 << 62) - 1), 1);
    assert_int_equal(med__q_mul(med__q_int(0), med__q_int(7), &out), 0);
    expect_equal(out, 0, 1);
    assert_int_equal(med__q_mul(q(3, 4), q(8, 9), &out), 0); /* 24/36: both factors shared */
    expect_equal(out, 2, 3);
    assert_int_equal(med__q_mul(q(7, 2), q(2, 7), &out), 0); /* 14/14 */
    expect_equal(out, 1, 1);
    assert_int_equal(med__q_div(med__q_int(24), q(7, 1), &out), 0); /* coprime: as is */
    expect_equal(out, 24, 7);
    assert_int_equal(med__q_mul(q(-5, 6), q(3, 10), &out), 0); /* -15/60: sign kept */
    expect_equal(out, -1, 4);
    assert_int_equal(med__q_mul(q(1 << 20, 1), q(1, 3 << 10), &out), 0);
    expect_equal(out, 1 << 10, 3);
    /* A whole number times a fraction whose denominator divides it, either way round, and
     * a whole quotient: whole results, signs kept; a denominator that does not divide is
     * reduced as usual. */
    assert_int_equal(med__q_mul(med__q_int(40), q(3, 2), &out), 0);
    expect_equal(out, 60, 1);
    assert_int_equal(med__q_mul(q(-7, 5), med__q_int(10), &out), 0);
    expect_equal(out, -14, 1);
    assert_int_equal(med__q_mul(med__q_int(6), q(5, 4), &out), 0); /* 30/4 */
    expect_equal(out, 15, 2);
    assert_int_equal(med__q_div(med__q_int(24), med__q_int(6), &out), 0);
    expect_equal(out, 4, 1);
    assert_int_equal(med__q_div(med__q_int(24), med__q_int(-8), &out), 0);
    expect_equal(out, -3, 1);
    assert_int_equal(med__q_div(med__q_int(0), med__q_int(9), &out), 0);
    expect_equal(out, 0, 1);
    assert_int_equal(med__q_div(med__q_int(24), med__q_int(9), &out), 0); /* 24/9 */
    expect_equal(out, 8, 3);
    assert_int_equal(med__q_mul(med__q_int(2147483647), q(-3, 2147483647), &out), 0);
    expect_equal(out, -3, 1);
    /* 64-bit parts, 128-bit products: cross products past 2^63 still compare right, and a
     * divisor whose negation has no 64-bit value fails instead of overflowing. */
    assert_int_equal(med__q_cmp(q((int64_t)1 << 61, 3), q(((int64_t)1 << 61) - 1, 5)), 1);
    assert_int_equal(med__q_cmp(q(-((int64_t)1 << 61), 3), q(1 - ((int64_t)1 << 61), 5)), -1);
    out = q(5, 5);
    assert_int_equal(med__q_div(med__q_int(1), med__q_int(INT64_MIN), &out), -1);
    expect_equal(out, 5, 5);
    assert_int_equal(med__q_mul(q(((int64_t)1 << 40) + 1, 3), q(3, ((int64_t)1 << 40) + 1), &out),
                     0); /* cross-reduced to 1 */
    expect_equal(out, 1, 1);
    assert_int_equal(parse("0.250", &out), 0); /* 250/1000 */
    expect_equal(out, 1, 4);
    /* Equal denominators compare by numerator; whole numbers round with no division. */
    assert_int_equal(med__q_cmp(q(-2, 3), q(1, 3)), -1);
    assert_int_equal(med__q_cmp(q(5, 3), q(5, 3)), 0);
    assert_int_equal(med__q_cmp(med__q_int(90), med__q_int(-90)), 1);
    assert_int_equal(rounded(med__q_int(-7)), -700);
    assert_int_equal(rounded(med__q_int(0)), 0);
}

/* ---- comparison ------------------------------------------------------------------------------ */

static void compare_and_sign(void **state)
{
    (void)state;
    med_q a, b;
    assert_int_equal(med__q_cmp(q(1, 3), q(34, 100)), -1);
    assert_int_equal(med__q_cmp(q(34, 100), q(1, 3)), 1);
    assert_int_equal(parse("0.5", &a), 0);
    assert_int_equal(med__q_cmp(a, q(1, 2)), 0);
    assert_int_equal(parse("89.99", &a), 0);
    assert_int_equal(parse("90", &b), 0);
    assert_int_equal(med__q_cmp(a, b), -1);
    assert_int_equal(med__q_cmp(q(-1, 2), q(0, 1)), -1);
    assert_int_equal(med__q_cmp(q(-1, 3), q(-1, 2)), 1);
    assert_int_equal(med__q_sign(q(-3, 4)), -1);
    assert_int_equal(med__q_sign(q(0, 1)), 0);
    assert_int_equal(med__q_sign(q(3, 4)), 1);
}

static void absent_and_double(void **state)
{
    (void)state;
    med_q absent = {0, 0};
    assert_true(med__q_absent(absent));
    assert_false(med__q_absent(q(0, 1)));
    assert_false(med__q_absent(med__q_int(7)));
    expect_equal(med__q_int(-7), -7, 1);
    double d = med__q_to_double(q(1, 4));
    assert_true(d > 0.2499 && d < 0.2501);
    d = med__q_to_double(absent);
    assert_true(d > -1e-12 && d < 1e-12);
}

/* ---- rounding and formatting ----------------------------------------------------------------- */

static void hundredths_round_half_up(void **state)
{
    (void)state;
    med_q a;
    assert_int_equal(rounded(med__q_int(60)), 6000);
    assert_int_equal(rounded(q(1, 8)), 13);  /* 0.125: the half goes up */
    assert_int_equal(rounded(q(3, 8)), 38);  /* 0.375 */
    assert_int_equal(rounded(q(1, 3)), 33);
    assert_int_equal(rounded(q(2, 3)), 67);
    assert_int_equal(rounded(q(35, 6)), 583); /* 5.8333 */
    assert_int_equal(parse("89.995", &a), 0);
    assert_int_equal(rounded(a), 9000);
    assert_int_equal(parse("89.9949", &a), 0);
    assert_int_equal(rounded(a), 8999);
    assert_int_equal(parse("0.004", &a), 0);
    assert_int_equal(rounded(a), 0);
    assert_int_equal(parse("0.005", &a), 0);
    assert_int_equal(rounded(a), 1);
    /* Negative values (differences) round half away from zero, symmetric with the positive. */
    assert_int_equal(rounded(q(-1, 8)), -13);
    assert_int_equal(rounded(q(-1, 3)), -33);
    /* Values past 64 bits in the intermediate product still round right. */
    assert_int_equal(rounded(q(((int64_t)1 << 61) - 1, ((int64_t)1 << 61) - 2)), 100);
}

/* Hundredths past 64 bits are refused (-1, nothing written), whole or fraction, either sign:
 * a wrapped value would look like a result. The largest held value still rounds right. */
static void hundredths_not_held(void **state)
{
    (void)state;
    int64_t h = 7;
    const int64_t most = INT64_MAX / 100; /* 92233720368547758: x100 is held */
    assert_int_equal(rounded(med__q_int(most)), most * 100);
    assert_int_equal(rounded(med__q_int(-most)), -most * 100);
    assert_int_equal(med__q_hundredths(med__q_int(most + 1), &h), -1);
    assert_int_equal(med__q_hundredths(med__q_int(-most - 1), &h), -1);
    assert_int_equal(med__q_hundredths(med__q_int(((int64_t)1 << 62) - 1), &h), -1);
    assert_int_equal(med__q_hundredths(q(((int64_t)1 << 62) - 1, 3), &h), -1);
    assert_int_equal(med__q_hundredths(q(-(((int64_t)1 << 62) - 1), 7), &h), -1);
    assert_int_equal(h, 7);
    /* (2^61 - 1) / 25: a fraction whose hundredths, 4 x (2^61 - 1), are just held */
    assert_true(rounded(q(INT64_MAX / 4, 25)) == (INT64_MAX / 4) * 4);
}

static void format_drops_trailing_zeros(void **state)
{
    (void)state;
    med_q a;
    assert_string_equal(format(med__q_int(60), 2), "60");
    assert_string_equal(format(q(35, 6), 2), "5.83");
    assert_string_equal(format(q(1, 8), 2), "0.13");
    assert_string_equal(format(q(3, 2), 2), "1.5");
    assert_string_equal(format(q(0, 1), 2), "0");
    assert_string_equal(format(q(1, 1000), 2), "0");
    assert_string_equal(format(q(-1, 4), 2), "-0.25");
    assert_string_equal(format(q(1, 3), 0), "0");
    assert_string_equal(format(q(5, 2), 0), "3");
    assert_string_equal(format(q(1, 3), 4), "0.3333");
    assert_string_equal(format(q(2, 3), 6), "0.666667");
    assert_int_equal(parse("7.2", &a), 0);
    assert_string_equal(format(a, 2), "7.2");
    assert_int_equal(parse("123456789012345678", &a), 0);
    assert_string_equal(format(a, 0), "123456789012345678");
    assert_string_equal(hundredths(6000), "60");
    assert_string_equal(hundredths(5), "0.05");
    assert_string_equal(hundredths(150), "1.5");
    assert_string_equal(hundredths(0), "0");
    assert_string_equal(hundredths(-5), "-0.05");
    assert_string_equal(hundredths(INT64_MAX), "92233720368547758.07");
}

/* med__hundredths_format has its own 64-bit writer: it must give exactly what the general
 * formatter gives for the same value over 100, near zero, at every digit count, and at the
 * ends of int64_t; and truncate the same way. */
static void hundredths_match_general_format(void **state)
{
    (void)state;
    char general[64], fast[64];
    static int64_t probes[100000]; /* static: too big for a thread's stack */
    size_t n = 0;
    for (int64_t h = -100000; h <= 100000; h++)
        if ((h > -1000 && h < 1000) || h % 7 == 0 || h % 100 == 0)
            probes[n++] = h;
    for (int64_t p = 10; p < INT64_MAX / 10; p *= 10)
        for (int d = -1; d <= 1; d++) {
            probes[n++] = p + d;
            probes[n++] = -(p + d);
        }
    probes[n++] = INT64_MAX;
    probes[n++] = INT64_MIN;
    probes[n++] = INT64_MIN + 1;
    assert_true(n <= sizeof probes / sizeof probes[0]);
    for (size_t i = 0; i < n; i++) {
        med__q_format((med_q){probes[i], 100}, 2, general, sizeof general);
        med__hundredths_format(probes[i], fast, sizeof fast);
        if (strcmp(general, fast) != 0)
            fail_msg("%lld: '%s', general '%s'", (long long)probes[i], fast, general);
        for (size_t cap = 0; cap <= 6; cap++) {
            char a[8] = "xxxxxxx", b[8] = "xxxxxxx";
            med__q_format((med_q){probes[i], 100}, 2, a, cap);
            med__hundredths_format(probes[i], b, cap);
            assert_memory_equal(a, b, sizeof a);
        }
    }
}

static void format_respects_capacity(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof buf);
    med__q_format(q(12345, 100), 2, buf, 3); /* "123.45" cut to two characters and a NUL */
    assert_string_equal(buf, "12");
    assert_int_equal(buf[3], 'x');
    med__q_format(q(1, 1), 2, buf, 1);
    assert_string_equal(buf, "");
    buf[0] = 'y';
    med__q_format(q(1, 1), 2, buf, 0); /* nothing written */
    assert_int_equal(buf[0], 'y');
    med__hundredths_format(6000, buf, sizeof buf);
    assert_string_equal(buf, "60");
}

static void parse_format_round_trip(void **state)
{
    (void)state;
    static const char *const texts[] = {"0.13", "1.5", "7.2", "60", "0.05", "1000", "89.99",
                                        "0.01", "4.7", "2.4", "0.1", "12345.67"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        med_q a;
        assert_int_equal(parse(texts[i], &a), 0);
        assert_string_equal(format(a, 2), texts[i]);
        assert_string_equal(hundredths(rounded(a)), texts[i]);
    }
}

/* med__q_parse_field reads a NUL-terminated field as med__q_parse reads its whole length, and
 * measures it, stopping one byte past `max`. */
static void parse_field_measures_and_reads_as_parse(void **state)
{
    (void)state;
    const char *texts[] = {"10", "6", "7.5", "0.25", "0", "007", "123456789012345678",
                           "1234567890123456789", "10.", ".5", "1.2.3", "10 ", " 10", "1e3",
                           "-1", "5/325", "abc", "12345678901234567.5", "1.234567890123456789"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        med_q a = q(-1, -1), b = q(-1, -1);
        size_t len = 0;
        int want = parse(texts[i], &a) == 0;
        assert_int_equal(med__q_parse_field(texts[i], 1024, &b, &len) == 0, want);
        assert_int_equal(len, strlen(texts[i]));
        if (want)
            expect_equal(b, a.num, a.den);
    }
    char long_text[40];
    memset(long_text, '1', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    med_q v;
    size_t len = 0;
    assert_int_not_equal(med__q_parse_field(long_text, 20, &v, &len), 0); /* 39 bytes > 20 */
    assert_int_equal(len, 21);
    long_text[5] = 'x';
    assert_int_not_equal(med__q_parse_field(long_text, 20, &v, &len), 0);
    assert_int_equal(len, 21);
    assert_int_not_equal(med__q_parse_field(long_text, 1024, &v, &len), 0);
    assert_int_equal(len, 39);
    /* a whole number longer than a small `max` is refused too, not read past it */
    assert_int_not_equal(med__q_parse_field("123456789", 5, &v, &len), 0);
    assert_int_equal(len, 6);
    assert_int_equal(med__q_parse_field("12345", 5, &v, &len), 0);
    assert_int_equal(len, 5);
}

/* The whole quotient med__q_div makes inline keeps the bound, and signs and fractions still
 * take the general path. */
static void div_whole_inline_bounds(void **state)
{
    (void)state;
    med_q out = q(5, 5);
    assert_int_equal(med__q_div(med__q_int(INT64_MIN), med__q_int(1), &out), -1);
    expect_equal(out, 5, 5);
    assert_int_equal(med__q_div(med__q_int(0), med__q_int(7), &out), 0);
    expect_equal(out, 0, 1);
    assert_int_equal(med__q_div(med__q_int(-24), med__q_int(6), &out), 0);
    expect_equal(out, -4, 1);
    assert_int_equal(med__q_div(med__q_int(24), med__q_int(-6), &out), 0);
    expect_equal(out, -4, 1);
    assert_int_equal(med__q_div(med__q_int(24), med__q_int(0), &out), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_plain_decimals),
        cmocka_unit_test(parse_reads_only_len_bytes),
        cmocka_unit_test(parse_bad_syntax),
        cmocka_unit_test(parse_too_large_or_too_precise),
        cmocka_unit_test(arithmetic_is_exact),
        cmocka_unit_test(division_by_zero_fails),
        cmocka_unit_test(overflow_fails_and_leaves_result),
        cmocka_unit_test(fast_paths_stay_exact),
        cmocka_unit_test(compare_and_sign),
        cmocka_unit_test(absent_and_double),
        cmocka_unit_test(hundredths_round_half_up),
        cmocka_unit_test(hundredths_not_held),
        cmocka_unit_test(format_drops_trailing_zeros),
        cmocka_unit_test(format_respects_capacity),
        cmocka_unit_test(hundredths_match_general_format),
        cmocka_unit_test(parse_format_round_trip),
        cmocka_unit_test(parse_field_measures_and_reads_as_parse),
        cmocka_unit_test(div_whole_inline_bounds),
    };
    return cmocka_run_group_tests_name("decimal", tests, NULL, NULL);
}
