/* Unit tests for lib/common/strmap.c: the library's one string map. A key is found by its
 * bytes and its length, never by a key it begins or a key that begins it, whatever the
 * probe's hash says; values survive the map growing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/strmap.h"

/* Keys that begin one another, and keys that differ in one byte on either side of the
 * eight-byte blocks a probe compares. */
static const char *const KEYS[] = {
    "oxycodon", "oxycodone", "oxycodonf", "oxycodone er", "abcdefghijklmnop",
    "abcdefghijklmnoq", "abcdefghijklmnopq", "bbcdefghijklmnop", "a",
};
#define KEY_COUNT (sizeof KEYS / sizeof KEYS[0])

static void each_key_its_own_value(void **state)
{
    (void)state;
    med__strmap m = MED__STRMAP_INIT;
    size_t v;
    for (size_t i = 0; i < KEY_COUNT; i++)
        assert_int_equal(med__strmap_put(&m, KEYS[i], i), 0);
    assert_int_equal(m.count, KEY_COUNT);
    for (size_t i = 0; i < KEY_COUNT; i++) {
        assert_int_equal(med__strmap_get(&m, KEYS[i], &v), 0);
        assert_int_equal(v, i);
    }
    assert_int_equal(med__strmap_get(&m, "oxycod", &v), -1);
    assert_int_equal(med__strmap_get(&m, "oxycodone e", &v), -1);
    assert_int_equal(med__strmap_get(&m, "", &v), -1);
    med__strmap_free(&m);
}

/* A look-up by the first `len` bytes of a longer text finds the key of those bytes; a probe
 * given a key's hash with other bytes, or fewer of them, finds nothing. */
static void bytes_and_length_decide(void **state)
{
    (void)state;
    med__strmap m = MED__STRMAP_INIT;
    size_t v;
    for (size_t i = 0; i < KEY_COUNT; i++)
        assert_int_equal(med__strmap_put(&m, KEYS[i], i), 0);
    assert_int_equal(med__strmap_get_hashed(&m, "oxycodone er", 9, med__strhash("oxycodone"),
                                            &v), 0);
    assert_int_equal(v, 1);
    assert_int_equal(med__strmap_get_hashed(&m, "oxycodonf", 9, med__strhash("oxycodone"), &v),
                     -1);
    assert_int_equal(med__strmap_get_hashed(&m, "oxycodone", 8, med__strhash("oxycodone"), &v),
                     -1);
    assert_int_equal(med__strmap_get_hashed(&m, "abcdefghijklmnoq", 16,
                                            med__strhash("abcdefghijklmnop"), &v), -1);
    med__strmap_free(&m);
}

static void values_survive_growing_and_replacing(void **state)
{
    (void)state;
    static char keys[1000][16];
    med__strmap m = MED__STRMAP_INIT;
    size_t v;
    for (size_t i = 0; i < 1000; i++) {
        snprintf(keys[i], sizeof keys[i], "key %zu", i * 7919);
        assert_int_equal(med__strmap_put(&m, keys[i], i), 0);
    }
    assert_int_equal(med__strmap_put(&m, keys[500], 4242), 0); /* replaced, not added */
    assert_int_equal(m.count, 1000);
    for (size_t i = 0; i < 1000; i++) {
        assert_int_equal(med__strmap_get(&m, keys[i], &v), 0);
        assert_int_equal(v, i == 500 ? 4242 : i);
    }
    med__strmap_free(&m);
    assert_null(m.slots);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_key_its_own_value),
        cmocka_unit_test(bytes_and_length_decide),
        cmocka_unit_test(values_survive_growing_and_replacing),
    };
    return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
