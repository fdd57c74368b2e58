/* Build tool: reads a YAML file with the library's own strict reader (lib/tables/yamldoc.c) and
 * writes the tree it builds as a C array of med_ynode, for tests/embed-tables.sh to embed beside
 * the file's bytes. Loading an embedded table then starts from this tree instead of running
 * libyaml over the bytes again, which was most of a one-off calculation's time. The YAML file
 * stays the only source: the tree is made from it on every build, a file the reader refuses fails
 * the build with the reader's message, and a unit test (test_embedded_tree) checks each tree
 * against a fresh parse of the embedded bytes.
 * usage: embed-tree NAME FILE   (writes "static const med_ynode NAME[] = {...};") */
#include <stdio.h>
#include <stdlib.h>

#include "common/arena.h"
#include "common/readfile.h"
#include "tables/yamldoc.h"

/* Nodes are written in pre-order, so a node's first child is the next element and its next
 * sibling follows the whole of its subtree. */
static size_t subtree_size(const med_ynode *n)
{
    size_t size = 1;
    for (const med_ynode *c = n->first; c; c = c->next)
        size += subtree_size(c);
    return size;
}

/* A C string literal; octal escapes of three digits, so a digit after one is not taken in. */
static void write_literal(const char *s, size_t len)
{
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\' || ch == '?')
            printf("\\%c", ch);
        else if (ch < 0x20 || ch >= 0x7f)
            printf("\\%03o", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static void write_link(const char *field, const char *name, size_t index, int present)
{
    if (present)
        printf(", .%s = &%s[%zu]", field, name, index);
}

/* Writes n (at `index`) and its subtree; returns the index after the subtree. */
static size_t write_node(const char *name, const med_ynode *n, size_t index)
{
    static const char *const KINDS[] = {"MED_Y_SCALAR", "MED_Y_SEQUENCE", "MED_Y_MAPPING"};
    size_t size = subtree_size(n), last = index + 1;
    for (const med_ynode *c = n->first; c && c->next; c = c->next)
        last += subtree_size(c);
    printf("    {.kind = %s, .line = %d, .column = %d", KINDS[n->kind], n->line, n->column);
    if (n->value) {
        printf(", .value = ");
        write_literal(n->value, n->length);
        printf(", .length = %zu, .quoted = %d", n->length, n->quoted);
    }
    if (n->count)
        printf(", .count = %zu", n->count);
    write_link("first", name, index + 1, n->first != NULL);
    write_link("last", name, last, n->first != NULL);
    write_link("next", name, index + size, n->next != NULL);
    printf("},\n");
    size_t at = index + 1;
    for (const med_ynode *c = n->first; c; c = c->next)
        at = write_node(name, c, at);
    return at;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: embed-tree NAME FILE\n");
        return 2;
    }
    char *data = NULL;
    size_t size = 0;
    med_error error = {0};
    med_arena arena;
    med__arena_init(&arena);
    med_ynode *root = NULL;
    med_status s = med__read_file(argv[2], &data, &size, &error);
    if (s == MED_OK)
        s = med__yaml_parse(data, size, argv[2], &arena, &root, &error);
    if (s != MED_OK) {
        fprintf(stderr, "embed-tree: %s:%d:%d: %s\n", argv[2], error.line, error.column,
                error.message);
        free(data);
        med__arena_free(&arena);
        return 1;
    }
    printf("static const med_ynode %s[] = {\n", argv[1]);
    write_node(argv[1], root, 0);
    printf("};\n");
    free(data);
    med__arena_free(&arena);
    return ferror(stdout) ? 1 : 0;
}
