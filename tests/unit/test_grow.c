/* Unit tests for lib/common/grow.c: one more item's room in a growing array. With room the
 * array comes back as it is (the inline check); full, it doubles (or takes `first` items);
 * a size that would overflow is refused and leaves the array and its capacity alone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "common/grow.h"

static void grows_by_doubling(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 100; n++) {
        size_t before = cap;
        int *p = med__grow(a, n, &cap, sizeof *a, 16);
        assert_non_null(p);
        if (n < before) {
            assert_ptr_equal(p, a); /* room: the same array */
            assert_int_equal(cap, before);
        } else {
            assert_int_equal(cap, before ? before * 2 : 16);
        }
        a = p;
        a[n] = (int)n;
    }
    assert_int_equal(cap, 128);
    for (int i = 0; i < 100; i++)
        assert_int_equal(a[i], i);
    free(a);
}

static void overflow_refused(void **state)
{
    (void)state;
    char one[1];
    size_t cap = SIZE_MAX / 2 + 1;
    assert_null(med__grow(one, cap, &cap, 1, 16)); /* doubling would wrap */
    assert_int_equal(cap, SIZE_MAX / 2 + 1);
    cap = 4;
    assert_null(med__grow(one, 4, &cap, SIZE_MAX / 4, 16)); /* 8 items of that size */
    assert_int_equal(cap, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grows_by_doubling),
        cmocka_unit_test(overflow_refused),
    };
    return cmocka_run_group_tests_name("grow", tests, NULL, NULL);
}
