/* Unit tests for lib/patients/practice_select.c: the value a sort would put at a rank, found by
 * quickselect (med__select_kth) and by counting into buckets (med__rank_value, above
 * MED_RANK_COUNTED_MIN values), for every kind of array a practice's peaks could make and the
 * extremes of int64_t (a bucket's width from the widest span, 2^64 - 1). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "patients/practice_private.h"

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

enum { KINDS = 7 };

/* Value i of an array of kind `kind`: few distinct values, any int64_t, all equal, only the two
 * extremes, mostly small with INT64_MAX among them, ascending, descending. */
static int64_t value_of(int kind, size_t i, size_t n, uint64_t r)
{
    switch (kind) {
    case 0: return (int64_t)(r % 1000);
    case 1: return (int64_t)r;
    case 2: return 7;
    case 3: return r & 1 ? INT64_MAX : INT64_MIN;
    case 4: return r % 3 == 0 ? INT64_MAX : (int64_t)(r % 5);
    case 5: return (int64_t)i;
    default: return (int64_t)(n - i) * 1000003;
    }
}

static void ranks_as_sorted(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 2, 3, 16, 17, 100, MED_RANK_COUNTED_MIN,
                                   MED_RANK_COUNTED_MIN + 1, 5000, 20000};
    uint64_t seed = 88172645463325252ull;
    for (int kind = 0; kind < KINDS; kind++) {
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            size_t n = sizes[z];
            int64_t *a = malloc(n * sizeof *a), *sorted = malloc(n * sizeof *a),
                    *work = malloc(n * sizeof *a);
            assert_non_null(a);
            assert_non_null(sorted);
            assert_non_null(work);
            for (size_t i = 0; i < n; i++)
                a[i] = value_of(kind, i, n, next_random(&seed));
            memcpy(sorted, a, n * sizeof *a);
            qsort(sorted, n, sizeof *sorted, by_value);
            const size_t ranks[] = {0, n / 2, n - 1, (9 * n + 9) / 10 - 1, n / 3};
            for (size_t q = 0; q < sizeof ranks / sizeof ranks[0]; q++) {
                size_t k = ranks[q];
                memcpy(work, a, n * sizeof *a);
                if (med__rank_value(work, n, k) != sorted[k])
                    fail_msg("rank_value: kind %d, n %zu, rank %zu", kind, n, k);
                memcpy(work, a, n * sizeof *a);
                if (med__select_kth(work, n, k) != sorted[k])
                    fail_msg("select_kth: kind %d, n %zu, rank %zu", kind, n, k);
                for (size_t i = 0; i < n; i++) /* put at k, smaller before, larger after */
                    if (i < k ? work[i] > work[k] : work[i] < work[k])
                        fail_msg("select_kth: kind %d, n %zu, rank %zu: %zu misplaced", kind,
                                 n, k, i);
            }
            free(a);
            free(sorted);
            free(work);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranks_as_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
