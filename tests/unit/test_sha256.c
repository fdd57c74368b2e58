/* Unit tests for lib/sha256.c: FIPS 180-4 example messages and block-boundary lengths. Expected
 * digests were computed independently (sha256sum / Python hashlib) and are hard-coded here. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/sha256.h"
#include "tables/embedded.h"

static const char *hex_of(const void *data, size_t size, char out[65])
{
    med__sha256_hex(data, size, out);
    return out;
}

/* The same digest as hex, from raw bytes. */
static void to_hex(const unsigned char digest[32], char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[64] = '\0';
}

static void test_empty(void **state)
{
    (void)state;
    char hex[65];
    const char *expect = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assert_string_equal(hex_of("", 0, hex), expect);
    assert_string_equal(hex_of(NULL, 0, hex), expect);
}

static void test_abc(void **state)
{
    (void)state;
    char hex[65];
    assert_string_equal(hex_of("abc", 3, hex),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_448_bits(void **state)
{
    (void)state;
    char hex[65];
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_int_equal(strlen(m) * 8, 448);
    assert_string_equal(hex_of(m, strlen(m), hex),
                        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bits(void **state)
{
    (void)state;
    char hex[65];
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    assert_int_equal(strlen(m) * 8, 896);
    assert_string_equal(hex_of(m, strlen(m), hex),
                        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
    (void)state;
    const char *expect = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    char hex[65];
    char *m = malloc(1000000);
    assert_non_null(m);
    memset(m, 'a', 1000000);
    assert_string_equal(hex_of(m, 1000000, hex), expect);
    free(m);

    /* Incrementally, in pieces that never line up with the 64-byte blocks. */
    char piece[997];
    memset(piece, 'a', sizeof piece);
    med__sha256_ctx ctx;
    med__sha256_init(&ctx);
    size_t left = 1000000;
    while (left > 0) {
        size_t n = left < sizeof piece ? left : sizeof piece;
        med__sha256_update(&ctx, piece, n);
        left -= n;
    }
    unsigned char digest[32];
    med__sha256_final(&ctx, digest);
    to_hex(digest, hex);
    assert_string_equal(hex, expect);
}

/* Message n of the sweep: n bytes that are not all alike. */
static void sweep_message(unsigned char *m, size_t n)
{
    for (size_t j = 0; j < n; j++)
        m[j] = (unsigned char)(j * 31 + 7);
}

/* Lengths around the padding boundaries (55/56 and 119/120 bytes) and block edges. */
static void test_boundary_lengths(void **state)
{
    (void)state;
    static const struct {
        size_t size;
        const char *hex;
    } cases[] = {
        {0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {1, "ca358758f6d27e6cf45272937977a748fd88391db679ceda7dc7bf1f005ee879"},
        {55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b"},
        {56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63"},
        {57, "5b46e502092be01b1100193e089fdda95638c12e19a1d24f308eb2c3d3ae849d"},
        {63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076"},
        {64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd"},
        {65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0"},
        {119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe"},
        {120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656"},
        {127, "192409cd280e14b743642ad1343fbd3e82d9305de72c078117745a679210cc3d"},
        {128, "cc548ca2dec1f6fe4f58b2e27aa9c7521607df1130d140b55a4dad0665302356"},
        {129, "81e89a7b2911aaa7795f9e3d4910cb47d6cd2b00d83b8399481527261a1a7519"},
        {200, "44cae5223d431caed4a9e32271d6abf17c3f2f4abac45fcdb48a99fcc6072a09"},
    };
    unsigned char m[200];
    char hex[65];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        sweep_message(m, cases[c].size);
        assert_string_equal(hex_of(m, cases[c].size, hex), cases[c].hex);
    }
}

/* Every length 0..200: the one-shot digest equals the digest fed in every possible two-piece
 * split and byte by byte, and the digests of all 201 messages hash to a known value. */
static void test_length_sweep(void **state)
{
    (void)state;
    unsigned char m[200], one[32], other[32], all[201 * 32];
    med__sha256_ctx ctx;
    for (size_t n = 0; n <= 200; n++) {
        sweep_message(m, n);
        med__sha256(m, n, one);
        memcpy(all + 32 * n, one, 32);
        for (size_t cut = 0; cut <= n; cut++) {
            med__sha256_init(&ctx);
            med__sha256_update(&ctx, m, cut);
            med__sha256_update(&ctx, m + cut, n - cut);
            med__sha256_final(&ctx, other);
            assert_memory_equal(one, other, 32);
        }
        med__sha256_init(&ctx);
        for (size_t j = 0; j < n; j++)
            med__sha256_update(&ctx, m + j, 1);
        med__sha256_final(&ctx, other);
        assert_memory_equal(one, other, 32);
    }
    char hex[65];
    assert_string_equal(hex_of(all, sizeof all, hex),
                        "2596dc78bf91fcc2d7cdba569d85e7c20f5d24bdc74fb082da12c7272515aa28");
}

static void test_hex_format(void **state)
{
    (void)state;
    char hex[66];
    memset(hex, 'X', sizeof hex);
    med__sha256_hex("abc", 3, hex);
    assert_int_equal(strlen(hex), 64);
    assert_int_equal(hex[65], 'X'); /* nothing written past the NUL */
    for (int i = 0; i < 64; i++)
        assert_true((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f'));
}

/* A copied context continues independently: the struct holds no pointers. */
static void test_context_copy(void **state)
{
    (void)state;
    med__sha256_ctx a, b;
    unsigned char da[32], db[32], expect[32];
    med__sha256_init(&a);
    med__sha256_update(&a, "ab", 2);
    b = a;
    med__sha256_update(&a, "c", 1);
    med__sha256_update(&b, "d", 1);
    med__sha256_final(&a, da);
    med__sha256_final(&b, db);
    med__sha256("abc", 3, expect);
    assert_memory_equal(da, expect, 32);
    med__sha256("abd", 3, expect);
    assert_memory_equal(db, expect, 32);
}

/* The build works out each embedded file's digest (tests/embed-tables.sh) so that loading it does
 * not hash it again: each must be the digest of the bytes embedded beside it. */
static void assert_build_digests(const med_embedded_file *files)
{
    char hex[65];
    size_t n = 0;
    for (const med_embedded_file *f = files; f->name; f++, n++) {
        assert_non_null(f->digest);
        if (strcmp(hex_of(f->data, f->size, hex), f->digest) != 0)
            fail_msg("embedded %s: build digest %s, bytes hash to %s", f->name, f->digest, hex);
    }
    assert_true(n > 0);
}

static void test_build_digests_of_embedded_files(void **state)
{
    (void)state;
    assert_build_digests(med_embedded_files);
    assert_build_digests(med_embedded_ndc_lists);
}

/* A known digest is copied as given; none given, the bytes are hashed. */
static void test_hex_known(void **state)
{
    (void)state;
    char hex[65];
    const char *told = "0000000000000000000000000000000000000000000000000000000000000001";
    med__sha256_hex_known("abc", 3, told, hex);
    assert_string_equal(hex, told);
    med__sha256_hex_known("abc", 3, NULL, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_abc),
        cmocka_unit_test(test_448_bits),
        cmocka_unit_test(test_896_bits),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_boundary_lengths),
        cmocka_unit_test(test_length_sweep),
        cmocka_unit_test(test_hex_format),
        cmocka_unit_test(test_context_copy),
        cmocka_unit_test(test_build_digests_of_embedded_files),
        cmocka_unit_test(test_hex_known),
    };
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
