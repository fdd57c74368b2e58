/* Unit tests for the YAML trees the build embeds beside each YAML file (tests/tools/embed-tree.c):
 * loading an embedded table starts from its tree instead of parsing its bytes, so each tree must
 * be, node for node, what the library's reader makes of the bytes embedded beside it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "common/arena.h"
#include "tables/embedded.h"
#include "tables/yamldoc.h"

/* Asserts that two trees are the same, node for node: kind, place, text, counts and shape. */
static void assert_same_tree(const med_ynode *built, const med_ynode *parsed)
{
    assert_int_equal(built->kind, parsed->kind);
    assert_int_equal(built->line, parsed->line);
    assert_int_equal(built->column, parsed->column);
    assert_int_equal(built->count, parsed->count);
    assert_int_equal(built->quoted, parsed->quoted);
    assert_int_equal(built->length, parsed->length);
    assert_int_equal(built->value == NULL, parsed->value == NULL);
    if (parsed->value) {
        assert_memory_equal(built->value, parsed->value, parsed->length);
        assert_int_equal(built->value[built->length], '\0');
    }
    const med_ynode *b = built->first, *p = parsed->first;
    for (; b && p; b = b->next, p = p->next) {
        assert_same_tree(b, p);
        if (p->next == NULL)
            assert_ptr_equal(built->last, b);
    }
    assert_null(b);
    assert_null(p);
    if (parsed->first == NULL)
        assert_null(built->last);
}

static void test_each_yaml_file_has_its_tree(void **state)
{
    (void)state;
    int trees = 0;
    for (const med_embedded_file *f = med_embedded_files; f->name; f++) {
        med_arena arena;
        med__arena_init(&arena);
        med_ynode *parsed = NULL;
        med_error error;
        assert_int_equal(med__yaml_parse(f->data, f->size, f->name, &arena, &parsed, &error),
                         MED_OK);
        assert_non_null(f->tree);
        assert_same_tree(f->tree, parsed);
        med__arena_free(&arena);
        trees++;
    }
    assert_true(trees >= 7); /* five tables, the vocabulary and the rules */
}

/* The NDC lists are not YAML documents (a YAML header, then CSV): they have no tree. */
static void test_ndc_lists_have_none(void **state)
{
    (void)state;
    for (const med_embedded_file *f = med_embedded_ndc_lists; f->name; f++)
        assert_null(f->tree);
}

/* The loader's way in: an embedded file's tree is used as it is; other bytes are parsed. */
static void test_parse_known(void **state)
{
    (void)state;
    const med_embedded_file *f = &med_embedded_files[0];
    const med_ynode *root = NULL;
    med_arena arena;
    med__arena_init(&arena);
    med_error error;
    assert_int_equal(med__yaml_parse_known(f, f->data, f->size, f->name, &arena, &root, &error),
                     MED_OK);
    assert_ptr_equal(root, f->tree);
    const char text[] = "id: x\nversion: 2\n";
    assert_int_equal(med__yaml_parse_known(NULL, text, sizeof text - 1, "<text>", &arena, &root,
                                           &error),
                     MED_OK);
    assert_non_null(root);
    assert_string_equal(med__ymap_get(root, "version")->value, "2");
    med__arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_yaml_file_has_its_tree),
        cmocka_unit_test(test_ndc_lists_have_none),
        cmocka_unit_test(test_parse_known),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
