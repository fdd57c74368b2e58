/* Unit tests for lib/agree/explain.c: med__round_to, the roundings an explanation and a site's
 * fingerprint try on our result. Its value must be what (h + half) / step * step always gave,
 * and a value near INT64_MAX must not overflow on the way (a rounding up past INT64_MAX leaves
 * the value as it is: no int64_t holds it rounded). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "agree/explain.h"

/* The rounding as it was written first, for values where h + 50 does not overflow. */
static int64_t by_adding(int64_t h, int decimals)
{
    if (decimals == 1)
        return (h + 5) / 10 * 10;
    if (decimals == 0)
        return (h + 50) / 100 * 100;
    return h / 100 * 100;
}

static void same_as_before(void **state)
{
    (void)state;
    const int64_t starts[] = {-1000, 0, INT64_MAX / 2 - 1000, INT64_MAX - 1100};
    for (size_t s = 0; s < sizeof starts / sizeof starts[0]; s++)
        for (int64_t h = starts[s]; h < starts[s] + 1000; h++)
            for (int d = -1; d <= 1; d++)
                assert_int_equal(med__round_to(h, d), by_adding(h, d));
    assert_int_equal(med__round_to(1234, 1), 1230);
    assert_int_equal(med__round_to(1235, 1), 1240);
    assert_int_equal(med__round_to(149, 0), 100);
    assert_int_equal(med__round_to(150, 0), 200);
    assert_int_equal(med__round_to(199, -1), 100);
}

static void near_int64_max(void **state)
{
    (void)state;
    /* INT64_MAX is 9223372036854775807: its last digits 07 round down to 00 by the whole, and
     * by the tenth up to ...810, past INT64_MAX. */
    assert_int_equal(med__round_to(INT64_MAX, -1), INT64_MAX - 7);
    assert_int_equal(med__round_to(INT64_MAX, 0), INT64_MAX - 7);
    assert_int_equal(med__round_to(INT64_MAX - 3, 1), INT64_MAX - 7); /* ...804 */
    assert_int_equal(med__round_to(INT64_MAX - 4, 1), INT64_MAX - 7); /* ...803 */
    assert_int_equal(med__round_to(INT64_MAX, 1), INT64_MAX);         /* ...810: no int64_t */
    assert_int_equal(med__round_to(INT64_MAX - 2, 1), INT64_MAX - 2); /* ...805 */
    assert_int_equal(med__round_to(INT64_MAX - 58, 0), INT64_MAX - 107); /* ...749: ...700 */
    assert_int_equal(med__round_to(INT64_MAX - 48, 0), INT64_MAX - 7);   /* ...759: ...800 */
    assert_int_equal(med__round_to(INT64_MAX - 7, 0), INT64_MAX - 7);    /* ...800 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_before),
        cmocka_unit_test(near_int64_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
