/* Unit tests for lib/tables/yamldoc.c, the strict YAML reader under every table, rules file
 * and vocabulary: the tree it builds (kinds, counts, children in order, quoting, line and column
 * of every node) and what it refuses that libyaml lets through: duplicate keys, anchors and
 * aliases, tags, several documents, collections as keys, nesting past 32 levels, too many keys,
 * NUL bytes, bytes that are not UTF-8, oversized input. Each refusal has its status, line,
 * column and message. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/yamldoc.h"

/* ---- helpers --------------------------------------------------------------------------------- */

static int arena_setup(void **state)
{
    med_arena *a = malloc(sizeof *a);
    if (a == NULL)
        return -1;
    med__arena_init(a);
    *state = a;
    return 0;
}

static int arena_teardown(void **state)
{
    med__arena_free(*state);
    free(*state);
    return 0;
}

static med_error last_error;

static med_status parse_n(void **state, const char *text, size_t size, med_ynode **root)
{
    memset(&last_error, 0, sizeof last_error);
    *root = NULL;
    return med__yaml_parse(text, size, "doc.yaml", *state, root, &last_error);
}

/* Parses text, which must be accepted, and returns its root. */
static const med_ynode *parse_ok(void **state, const char *text)
{
    med_ynode *root;
    med_status s = parse_n(state, text, strlen(text), &root);
    if (s != MED_OK)
        fail_msg("refused (%d) at %d:%d: %s", (int)s, last_error.line, last_error.column,
                 last_error.message);
    assert_non_null(root);
    return root;
}

/* Parses text, which must be refused with `status` at line:column with a message holding
 * `fragment`; the root is left unset. */
static void expect_refused_n(void **state, const char *text, size_t size, med_status status,
                             int line, int column, const char *fragment)
{
    med_ynode *root;
    med_status s = parse_n(state, text, size, &root);
    if (s != status)
        fail_msg("status %d, want %d (%s)", (int)s, (int)status, last_error.message);
    assert_null(root);
    assert_int_equal(last_error.code, status);
    assert_string_equal(last_error.source, "doc.yaml");
    if (last_error.line != line || last_error.column != column)
        fail_msg("at %d:%d, want %d:%d (%s)", last_error.line, last_error.column, line, column,
                 last_error.message);
    if (strstr(last_error.message, fragment) == NULL)
        fail_msg("message '%s' lacks '%s'", last_error.message, fragment);
}

static void expect_refused(void **state, const char *text, med_status status, int line,
                           int column, const char *fragment)
{
    expect_refused_n(state, text, strlen(text), status, line, column, fragment);
}

/* The i-th child of a collection (for a mapping: key, value, key, value...). */
static const med_ynode *child(const med_ynode *n, size_t i)
{
    const med_ynode *c = n->first;
    while (c && i--)
        c = c->next;
    assert_non_null(c);
    return c;
}

static void expect_node(const med_ynode *n, med_ykind kind, int line, int column, size_t count)
{
    assert_non_null(n);
    assert_int_equal(n->kind, kind);
    if (n->line != line || n->column != column)
        fail_msg("node '%s' at %d:%d, want %d:%d", n->value ? n->value : "", n->line, n->column,
                 line, column);
    assert_int_equal(n->count, count);
}

static void expect_scalar(const med_ynode *n, const char *value, int line, int column)
{
    expect_node(n, MED_Y_SCALAR, line, column, 0);
    assert_string_equal(n->value, value);
    assert_int_equal(n->length, strlen(value));
}

/* ---- the tree -------------------------------------------------------------------------------- */

static const char document[] = "a: 1\n"
                               "b: [x, \"y\"]\n"
                               "c:\n"
                               "  d: e\n"
                               "  f:\n"
                               "    - 1\n"
                               "    - 'two words'\n";

static void tree_has_kinds_counts_and_positions(void **state)
{
    const med_ynode *root = parse_ok(state, document);
    expect_node(root, MED_Y_MAPPING, 1, 1, 3);
    expect_scalar(child(root, 0), "a", 1, 1);
    expect_scalar(child(root, 1), "1", 1, 4);
    expect_scalar(child(root, 2), "b", 2, 1);
    const med_ynode *b = child(root, 3);
    expect_node(b, MED_Y_SEQUENCE, 2, 4, 2);
    expect_scalar(child(b, 0), "x", 2, 5);
    expect_scalar(child(b, 1), "y", 2, 8);
    assert_ptr_equal(b->last, child(b, 1));
    assert_null(b->last->next);
    const med_ynode *c = child(root, 5);
    expect_node(c, MED_Y_MAPPING, 4, 3, 2); /* a block mapping starts at its first key */
    expect_scalar(child(c, 0), "d", 4, 3);
    expect_scalar(child(c, 1), "e", 4, 6);
    const med_ynode *f = child(c, 3);
    expect_node(f, MED_Y_SEQUENCE, 6, 5, 2);
    expect_scalar(child(f, 0), "1", 6, 7);
    expect_scalar(child(f, 1), "two words", 7, 7);
}

static void scalars_say_whether_quoted(void **state)
{
    const med_ynode *root = parse_ok(state, document);
    assert_false(child(root, 1)->quoted);            /* a: 1 */
    assert_false(child(child(root, 3), 0)->quoted);  /* x */
    assert_true(child(child(root, 3), 1)->quoted);   /* "y" */
    assert_true(child(child(child(root, 5), 3), 1)->quoted); /* 'two words' */
    root = parse_ok(state, "a: \"\"\nb: ''\nc:\n");
    expect_scalar(child(root, 1), "", 1, 4);
    assert_true(child(root, 1)->quoted);
    assert_true(child(root, 3)->quoted);
    expect_scalar(child(root, 5), "", 3, 3); /* an empty plain value */
    assert_false(child(root, 5)->quoted);
}

static void map_get_finds_values(void **state)
{
    const med_ynode *root = parse_ok(state, document);
    expect_scalar(med__ymap_get(root, "a"), "1", 1, 4);
    assert_ptr_equal(med__ymap_get(root, "c"), child(root, 5));
    expect_scalar(med__ymap_get(med__ymap_get(root, "c"), "d"), "e", 4, 6);
    assert_null(med__ymap_get(root, "d")); /* only its own keys */
    assert_null(med__ymap_get(root, "A"));
    assert_null(med__ymap_get(root, ""));
    assert_null(med__ymap_get(med__ymap_get(root, "b"), "x")); /* not a mapping */
    assert_null(med__ymap_get(child(root, 1), "a"));
    assert_null(med__ymap_get(NULL, "a"));
}

static void a_root_may_be_any_node(void **state)
{
    expect_scalar(parse_ok(state, "just text\n"), "just text", 1, 1);
    expect_node(parse_ok(state, "- a\n- a\n"), MED_Y_SEQUENCE, 1, 1, 2); /* items may repeat */
    expect_node(parse_ok(state, "{}\n"), MED_Y_MAPPING, 1, 1, 0);
    /* An explicit start and end of the one document are fine. */
    const med_ynode *root = parse_ok(state, "---\na: 1\n...\n");
    expect_node(root, MED_Y_MAPPING, 2, 1, 1);
}

/* ---- refusals -------------------------------------------------------------------------------- */

static void duplicate_keys(void **state)
{
    expect_refused(state, "a: 1\nb: 2\na: 3\n", MED_ERR_INVALID, 3, 1,
                   "duplicate key 'a' (first at line 1, column 1)");
    expect_refused(state, "a:\n  b: 1\n  b: 2\n", MED_ERR_INVALID, 3, 3,
                   "duplicate key 'b' (first at line 2, column 3)");
    expect_refused(state, "x: {k: 1, k: 2}\n", MED_ERR_INVALID, 1, 11, "duplicate key 'k'");
    assert_string_equal(last_error.text, "k");
    /* A quoted key is the same key. */
    expect_refused(state, "a: 1\n\"a\": 2\n", MED_ERR_INVALID, 2, 1, "duplicate key 'a'");
    /* The same key in different mappings, and keys that differ only in case, are fine. */
    const med_ynode *root = parse_ok(state, "x: {a: 1}\ny: {a: 2}\nl: [{a: 1}, {a: 2}]\n");
    expect_node(root, MED_Y_MAPPING, 1, 1, 3);
    parse_ok(state, "a: 1\nA: 2\n");
}

static void many_keys_are_checked_fast_and_capped(void **state)
{
    /* 1024 keys in one mapping are accepted (every key goes through the duplicate set), the
     * 1025th is refused at its line. */
    size_t cap = 1100 * 16;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t n = 0;
    for (int i = 0; i < 1024; i++)
        n += (size_t)snprintf(text + n, cap - n, "k%d: %d\n", i, i);
    const med_ynode *root = parse_ok(state, text);
    expect_node(root, MED_Y_MAPPING, 1, 1, 1024);
    expect_scalar(med__ymap_get(root, "k1023"), "1023", 1024, 8);
    n += (size_t)snprintf(text + n, cap - n, "k1024: x\n");
    expect_refused(state, text, MED_ERR_LIMIT, 1025, 1, "too many keys in one mapping");
    /* A duplicate far from its first occurrence is still found. */
    snprintf(text, cap, "k1: 0\n");
    n = strlen(text);
    for (int i = 2; i < 1000; i++)
        n += (size_t)snprintf(text + n, cap - n, "k%d: %d\n", i, i);
    snprintf(text + n, cap - n, "k1: again\n");
    expect_refused(state, text, MED_ERR_INVALID, 1000, 1, "duplicate key 'k1' (first at line 1");
    free(text);
}

static void anchors_and_aliases(void **state)
{
    expect_refused(state, "a: &x 1\nb: *x\n", MED_ERR_INVALID, 1, 4, "YAML anchors (&name)");
    assert_string_equal(last_error.text, "x");
    expect_refused(state, "a: 1\nb: *x\n", MED_ERR_INVALID, 2, 4, "YAML aliases (*name)");
    expect_refused(state, "base: &b {f: 1}\n", MED_ERR_INVALID, 1, 7, "YAML anchors");
    expect_refused(state, "- &s [1]\n", MED_ERR_INVALID, 1, 3, "YAML anchors");
    /* The merge key is an alias too. */
    expect_refused(state, "a: {x: 1}\nb:\n  <<: *a\n", MED_ERR_INVALID, 3, 7, "YAML aliases");
}

static void tags(void **state)
{
    expect_refused(state, "a: !foo 1\n", MED_ERR_INVALID, 1, 4, "YAML tags (!tag)");
    assert_string_equal(last_error.text, "!foo");
    expect_refused(state, "a: !!str 1\n", MED_ERR_INVALID, 1, 4, "YAML tags");
    expect_refused(state, "a: !!map {b: 1}\n", MED_ERR_INVALID, 1, 4, "YAML tags");
    expect_refused(state, "a: !!seq [1]\n", MED_ERR_INVALID, 1, 4, "YAML tags");
    expect_refused(state, "a:\n  - !!float 1.5\n", MED_ERR_INVALID, 2, 5, "YAML tags");
}

/* n sequences, one inside the other: "[[[...]]]". */
static char *nested(int n)
{
    char *text = malloc((size_t)n * 2 + 2);
    if (text == NULL)
        return NULL;
    memset(text, '[', (size_t)n);
    memset(text + n, ']', (size_t)n);
    text[2 * n] = '\n';
    text[2 * n + 1] = '\0';
    return text;
}

static void depth_is_capped_at_32(void **state)
{
    char *text = nested(MED_YAML_MAX_DEPTH);
    assert_non_null(text);
    const med_ynode *n = parse_ok(state, text);
    for (int i = 1; i < MED_YAML_MAX_DEPTH; i++) {
        expect_node(n, MED_Y_SEQUENCE, 1, i, 1);
        n = n->first;
    }
    expect_node(n, MED_Y_SEQUENCE, 1, MED_YAML_MAX_DEPTH, 0);
    free(text);
    text = nested(MED_YAML_MAX_DEPTH + 1);
    assert_non_null(text);
    expect_refused(state, text, MED_ERR_LIMIT, 1, MED_YAML_MAX_DEPTH + 1,
                   "nested too deeply (limit 32 levels)");
    free(text);
    /* Block mappings count the same way: 33 levels of "k:" indentation. */
    char block[33 * 40] = "";
    size_t len = 0;
    for (int i = 0; i < 33; i++)
        len += (size_t)snprintf(block + len, sizeof block - len, "%*sk:\n", 2 * i, "");
    snprintf(block + len, sizeof block - len, "%*sk: v\n", 66, "");
    expect_refused(state, block, MED_ERR_LIMIT, 33, 65, "nested too deeply");
}

static void exactly_one_document(void **state)
{
    expect_refused(state, "a: 1\n---\nb: 2\n", MED_ERR_INVALID, 2, 1,
                   "a table file holds exactly one YAML document");
    expect_refused(state, "---\na: 1\n---\nb: 2\n", MED_ERR_INVALID, 3, 1, "exactly one");
    expect_refused(state, "a: 1\n...\n---\na: 1\n", MED_ERR_INVALID, 3, 1, "exactly one");
    expect_refused(state, "", MED_ERR_INVALID, 1, 1, "the file is empty");
    expect_refused(state, "# only a comment\n\n", MED_ERR_INVALID, 1, 1, "the file is empty");
}

static void keys_must_be_scalars(void **state)
{
    expect_refused(state, "? [a]\n: 1\n", MED_ERR_INVALID, 1, 3,
                   "a mapping key must be a plain scalar");
    expect_refused(state, "{[a]: 1}\n", MED_ERR_INVALID, 1, 2, "a mapping key must be");
    expect_refused(state, "x:\n  ? {a: 1}\n  : 2\n", MED_ERR_INVALID, 2, 5,
                   "a mapping key must be");
}

static void syntax_errors_have_positions(void **state)
{
    expect_refused(state, "a: [1, 2\n", MED_ERR_SYNTAX, 2, 1,
                   "YAML syntax: did not find expected ',' or ']'");
    expect_refused(state, "a: 1\n b: 2\n", MED_ERR_SYNTAX, 2, 3, "YAML syntax");
    expect_refused(state, "a: \"open\n", MED_ERR_SYNTAX, 2, 1, "YAML syntax");
    expect_refused(state, "a:\tb: c\n", MED_ERR_SYNTAX, 1, 5, "YAML syntax");
}

static void bytes_that_are_not_text(void **state)
{
    /* A byte that is not UTF-8: located by line and column, and named. */
    expect_refused(state, "a: 1\nb: \xff\n", MED_ERR_SYNTAX, 2, 4, "(byte 0xff)");
    assert_string_equal(last_error.text, "0xff");
    /* A cut sequence is reported at the byte that breaks it (here the newline). */
    expect_refused(state, "a: caf\xc3\n", MED_ERR_SYNTAX, 1, 8, "invalid trailing UTF-8 octet");
    /* A NUL byte anywhere, raw or escaped into a scalar. */
    expect_refused_n(state, "a: 1\nb: x\0y\n", 11, MED_ERR_SYNTAX, 0, 0, "NUL byte in the file");
    expect_refused(state, "a: \"x\\0y\"\n", MED_ERR_SYNTAX, 1, 4, "NUL character in a scalar");
    /* Valid UTF-8 is kept as written. */
    expect_scalar(child(parse_ok(state, "a: caf\xc3\xa9\n"), 1), "caf\xc3\xa9", 1, 4);
}

static void size_is_capped(void **state)
{
    size_t size = (size_t)MED_YAML_MAX_BYTES + 1;
    char *text = malloc(size);
    assert_non_null(text);
    memset(text, '#', size);
    expect_refused_n(state, text, size, MED_ERR_LIMIT, 0, 0, "a table may be at most");
    free(text);
}

static void error_may_be_null(void **state)
{
    med_ynode *root = NULL;
    assert_int_equal(med__yaml_parse("a: 1\na: 2\n", 10, "doc.yaml", *state, &root, NULL),
                     MED_ERR_INVALID);
    assert_null(root);
    assert_int_equal(med__yaml_parse("a: 1\n", 5, NULL, *state, &root, NULL), MED_OK);
    expect_node(root, MED_Y_MAPPING, 1, 1, 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(tree_has_kinds_counts_and_positions),
        T(scalars_say_whether_quoted),
        T(map_get_finds_values),
        T(a_root_may_be_any_node),
        T(duplicate_keys),
        T(many_keys_are_checked_fast_and_capped),
        T(anchors_and_aliases),
        T(tags),
        T(depth_is_capped_at_32),
        T(exactly_one_document),
        T(keys_must_be_scalars),
        T(syntax_errors_have_positions),
        T(bytes_that_are_not_text),
        T(size_is_capped),
        T(error_may_be_null),
    };
    return cmocka_run_group_tests_name("yamldoc", tests, NULL, NULL);
}
