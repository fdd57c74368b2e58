/* Unit tests for lib/common/percent.c: shares as the reports print them. med__share_percent
 * writes its digits by hand; its text must be what "%ld.%ld" of the tenths (half up) always
 * gave, for every share of counts and at the edges where it hands over to snprintf. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/percent.h"

/* What med__share_percent wrote before it wrote digits by hand. */
static void by_printf(long num, long den, char out[16])
{
    long tenths = den > 0 ? (long)(((int64_t)num * 2000 + den) / (2 * (int64_t)den)) : 0;
    snprintf(out, 16, "%ld.%ld", tenths / 10, tenths % 10);
}

static void expect_share(long num, long den, const char *text)
{
    char out[16];
    med__share_percent(num, den, out);
    assert_string_equal(out, text);
}

static void known_shares(void **state)
{
    (void)state;
    expect_share(0, 10, "0.0");
    expect_share(1, 3, "33.3");
    expect_share(2, 3, "66.7");
    expect_share(1, 8, "12.5");     /* 12.5 exactly */
    expect_share(1, 16, "6.3");     /* 6.25: half up */
    expect_share(1, 2000, "0.1");   /* 0.05: half up */
    expect_share(1, 2001, "0.0");
    expect_share(7, 7, "100.0");
    expect_share(3, 0, "0.0");      /* no denominator */
    expect_share(-1, 10, "-9.-9");  /* not a share of counts: as printf always wrote it */
}

static void same_as_printf(void **state)
{
    (void)state;
    char a[16], b[16];
    for (long den = 0; den <= 300; den++)
        for (long num = -3; num <= 3 * den + 3; num++) {
            med__share_percent(num, den, a);
            by_printf(num, den, b);
            if (strcmp(a, b) != 0)
                fail_msg("%ld/%ld: '%s', printf '%s'", num, den, a, b);
        }
    /* the longest whole parts, at the edge of 15 characters and past it (printf cuts) */
    const long big[] = {99999999999, 999999999999, 9999999999999, 10000000000000,
                        123456789012345};
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        med__share_percent(big[i] / 100, 1, a);
        by_printf(big[i] / 100, 1, b);
        assert_string_equal(a, b);
    }
}

/* Nearest-rank percentiles and the median (mean of the middle two, half up) of sorted hundredths,
 * up to the largest a day's total may be: the mean is never a sum past 2^63, wrapped. */
static void percentiles_of_hundredths(void **state)
{
    (void)state;
    char out[32];
    const int64_t v[] = {100, 250, 251, 900};
    med__percentile_text(v, 4, 50, out, sizeof out);
    assert_string_equal(out, "2.51"); /* (250 + 251) / 2 = 250.5: half up */
    med__percentile_text(v, 3, 50, out, sizeof out);
    assert_string_equal(out, "2.5");
    med__percentile_text(v, 4, 90, out, sizeof out);
    assert_string_equal(out, "9");
    med__percentile_text(v, 0, 50, out, sizeof out);
    assert_string_equal(out, "0");
    const int64_t big[] = {INT64_MAX - 3, INT64_MAX - 1}; /* 92233720368547758.04 and .06 */
    med__percentile_text(big, 2, 50, out, sizeof out);
    assert_string_equal(out, "92233720368547758.05");
    med__percentile_text(big, 2, 90, out, sizeof out);
    assert_string_equal(out, "92233720368547758.06");
    /* the widest pair: their difference plus the half-up 1 is 2^63, past INT64_MAX */
    const int64_t widest[] = {0, INT64_MAX};
    med__percentile_text(widest, 2, 50, out, sizeof out);
    assert_string_equal(out, "46116860184273879.04"); /* 2^63 / 2 hundredths */
    assert_int_equal(med__midpoint_half_up(0, INT64_MAX), INT64_C(4611686018427387904));
    assert_int_equal(med__midpoint_half_up(7, 7), 7);
    assert_int_equal(med__midpoint_half_up(250, 251), 251);
    assert_int_equal(med__midpoint_half_up(250, 253), 252);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_shares),
        cmocka_unit_test(same_as_printf),
        cmocka_unit_test(percentiles_of_hundredths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
