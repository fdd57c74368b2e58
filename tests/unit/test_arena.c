/* Unit tests for lib/common/arena.c: bump allocation in chunks. What the arena gives out is
 * zeroed and aligned and stays put while more is allocated; a reset empties it for reuse and
 * keeps one chunk, so the next allocations need no malloc. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "common/arena.h"

static void zeroed_aligned_and_kept(void **state)
{
    (void)state;
    med_arena a;
    med__arena_init(&a);
    char *first = med__arena_strndup(&a, "D00679xyz", 6);
    assert_non_null(first);
    for (int i = 0; i < 5000; i++) { /* several chunks */
        unsigned char *p = med__arena_alloc(&a, 7);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int k = 0; k < 7; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xff, 7);
    }
    assert_string_equal(first, "D00679"); /* not moved, not overwritten */
    assert_true(a.total > 16384);
    med__arena_free(&a);
    assert_null(a.head);
}

/* med__arena_take gives the same aligned memory without zeroing it; what alloc gives out is
 * still zeroed though taken memory was written there before a reset. */
static void taken_memory_then_alloc_zeroed(void **state)
{
    (void)state;
    med_arena a;
    med__arena_init(&a);
    unsigned char *t = med__arena_take(&a, 100), *u = med__arena_take(&a, 3);
    assert_non_null(t);
    assert_non_null(u);
    assert_int_equal((uintptr_t)t % 16, 0);
    assert_int_equal((uintptr_t)u % 16, 0);
    assert_true(u >= t + 100); /* not overlapping */
    memset(t, 0xff, 100);
    memset(u, 0xff, 3);
    med__arena_reset(&a); /* the same chunk is used again */
    unsigned char *z = med__arena_alloc(&a, 100);
    assert_ptr_equal(z, t);
    for (int k = 0; k < 100; k++)
        assert_int_equal(z[k], 0);
    med__arena_free(&a);
}

static void reset_keeps_one_chunk(void **state)
{
    (void)state;
    med_arena a;
    med__arena_init(&a);
    med__arena_reset(&a); /* an empty arena: nothing to do */
    assert_null(a.head);
    for (int i = 0; i < 5000; i++)
        assert_non_null(med__arena_alloc(&a, 16));
    med__arena_reset(&a);
    assert_non_null(a.head);
    assert_int_equal(a.total, 16384); /* one chunk of the usual size left */
    assert_int_equal(a.used, 0);
    const med_arena_chunk *kept = a.head;
    char *s = med__arena_strndup(&a, "R0576", 5);
    assert_string_equal(s, "R0576");
    assert_ptr_equal(a.head, kept); /* reused, not a new chunk */
    med__arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zeroed_aligned_and_kept),
        cmocka_unit_test(taken_memory_then_alloc_zeroed),
        cmocka_unit_test(reset_keeps_one_chunk),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
