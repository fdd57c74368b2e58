/* Strict YAML to tree; see yamldoc.h for what it refuses and why. */
#include "tables/yamldoc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/error.h"

/* A key already read, in the set of all keys of the document (see check_duplicate). */
typedef struct seen_key {
    const med_ynode *map, *key;
} seen_key;

typedef struct builder {
    med_arena *arena;
    const char *source;
    med_error *error;
    med_ynode *stack[MED_YAML_MAX_DEPTH + 1];
    size_t children[MED_YAML_MAX_DEPTH + 1]; /* of each open collection */
    med_ynode *last_child[MED_YAML_MAX_DEPTH + 1]; /* of each open collection, to link on */
    int depth;
    size_t nodes;
    med_ynode *root;
    seen_key *seen; /* open addressing, malloc'd; freed when the parse ends */
    size_t seen_cap, seen_used;
} builder;

static med_status fail_at(builder *b, const yaml_mark_t *m, const char *text, med_status code,
                          const char *what)
{
    return med__fail(b->error, code, b->source, (int)m->line + 1, (int)m->column + 1, text, "%s",
                     what);
}

static med_ynode *new_node(builder *b, med_ykind kind, const yaml_mark_t *m)
{
    med_ynode *n = med__arena_alloc(b->arena, sizeof *n);
    if (n) {
        n->kind = kind;
        n->line = (int)m->line + 1;
        n->column = (int)m->column + 1;
    }
    return n;
}

static uint64_t key_hash(const med_ynode *map, const med_ynode *key)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)map;
    for (size_t i = 0; i < key->length; i++)
        h = (h ^ (unsigned char)key->value[i]) * 1099511628211ull;
    return h;
}

static int grow_seen(builder *b)
{
    size_t cap = b->seen_cap ? b->seen_cap * 2 : 256;
    seen_key *s = calloc(cap, sizeof *s);
    if (s == NULL)
        return -1;
    for (size_t i = 0; i < b->seen_cap; i++) {
        if (b->seen[i].key == NULL)
            continue;
        size_t j = key_hash(b->seen[i].map, b->seen[i].key) & (cap - 1);
        while (s[j].key)
            j = (j + 1) & (cap - 1);
        s[j] = b->seen[i];
    }
    free(b->seen);
    b->seen = s;
    b->seen_cap = cap;
    return 0;
}

/* Refuses a mapping key that is already present, which libyaml would accept silently. Every key
 * of the document goes into one hash set (keyed by its mapping too): comparing each key with
 * its siblings took seconds on a crafted file of many large mappings. */
static med_status check_duplicate(builder *b, const med_ynode *map, const med_ynode *key)
{
    if ((b->seen_used + 1) * 2 > b->seen_cap && grow_seen(b) != 0)
        return MED_ERR_NOMEM;
    size_t mask = b->seen_cap - 1, j = key_hash(map, key) & mask;
    for (; b->seen[j].key; j = (j + 1) & mask) {
        const med_ynode *c = b->seen[j].key;
        if (b->seen[j].map != map || c->length != key->length ||
            memcmp(c->value, key->value, c->length) != 0)
            continue;
        return med__fail(b->error, MED_ERR_INVALID, b->source, key->line, key->column, key->value,
                         "duplicate key '%s' (first at line %d, column %d): each key may appear "
                         "once in a mapping",
                         key->value, c->line, c->column);
    }
    b->seen[j] = (seen_key){map, key};
    b->seen_used++;
    return MED_OK;
}

/* Adds a finished child to the open collection on top of the stack (or makes it the root). */
static med_status attach(builder *b, med_ynode *n, const yaml_mark_t *m)
{
    if (++b->nodes > MED_YAML_MAX_NODES)
        return fail_at(b, m, NULL, MED_ERR_LIMIT, "too many YAML nodes (limit 1000000)");
    if (b->depth == 0) {
        b->root = n;
        return MED_OK;
    }
    med_ynode *parent = b->stack[b->depth - 1];
    if (parent->kind == MED_Y_MAPPING) {
        if (b->children[b->depth - 1] % 2 == 0) { /* n is a key */
            if (n->kind != MED_Y_SCALAR)
                return fail_at(b, m, NULL, MED_ERR_INVALID,
                               "a mapping key must be a plain scalar, not a collection");
            if (parent->count >= MED_YAML_MAX_MAP_KEYS)
                return fail_at(b, m, n->value, MED_ERR_LIMIT, "too many keys in one mapping");
            med_status s = check_duplicate(b, parent, n);
            if (s != MED_OK)
                return s;
            parent->count++;
        }
    } else {
        parent->count++;
    }
    med_ynode *previous = b->last_child[b->depth - 1];
    if (previous)
        previous->next = n;
    else
        parent->first = n;
    parent->last = b->last_child[b->depth - 1] = n;
    b->children[b->depth - 1]++;
    return MED_OK;
}

/* Anchors, aliases and explicit tags make a table mean something it does not show plainly
 * (and aliases allow exponential expansion), so none is allowed. */
static med_status refuse_decorations(builder *b, const yaml_event_t *ev, const yaml_char_t *anchor,
                                     const yaml_char_t *tag, int implicit_tag)
{
    if (anchor)
        return fail_at(b, &ev->start_mark, (const char *)anchor, MED_ERR_INVALID,
                       "YAML anchors (&name) are not allowed in a table: write values out in full");
    if (tag && !implicit_tag)
        return fail_at(b, &ev->start_mark, (const char *)tag, MED_ERR_INVALID,
                       "YAML tags (!tag) are not allowed in a table");
    return MED_OK;
}

static med_status on_scalar(builder *b, const yaml_event_t *ev)
{
    const yaml_char_t *tag = ev->data.scalar.tag;
    int implicit = ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit;
    med_status s = refuse_decorations(b, ev, ev->data.scalar.anchor, tag, implicit);
    if (s != MED_OK)
        return s;
    med_ynode *n = new_node(b, MED_Y_SCALAR, &ev->start_mark);
    if (n == NULL)
        return MED_ERR_NOMEM;
    n->length = ev->data.scalar.length;
    n->value = med__arena_strndup(b->arena, (const char *)ev->data.scalar.value, n->length);
    if (n->value == NULL)
        return MED_ERR_NOMEM;
    if (memchr(n->value, '\0', n->length))
        return fail_at(b, &ev->start_mark, NULL, MED_ERR_SYNTAX, "NUL character in a scalar");
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    return attach(b, n, &ev->start_mark);
}

static med_status on_collection_start(builder *b, const yaml_event_t *ev, med_ykind kind)
{
    const yaml_char_t *anchor = kind == MED_Y_MAPPING ? ev->data.mapping_start.anchor
                                                      : ev->data.sequence_start.anchor;
    const yaml_char_t *tag =
        kind == MED_Y_MAPPING ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    int implicit = kind == MED_Y_MAPPING ? ev->data.mapping_start.implicit
                                         : ev->data.sequence_start.implicit;
    med_status s = refuse_decorations(b, ev, anchor, tag, implicit);
    if (s != MED_OK)
        return s;
    if (b->depth >= MED_YAML_MAX_DEPTH)
        return fail_at(b, &ev->start_mark, NULL, MED_ERR_LIMIT,
                       "YAML nested too deeply (limit 32 levels)");
    med_ynode *n = new_node(b, kind, &ev->start_mark);
    if (n == NULL)
        return MED_ERR_NOMEM;
    s = attach(b, n, &ev->start_mark);
    if (s == MED_OK) {
        b->children[b->depth] = 0;
        b->last_child[b->depth] = NULL;
        b->stack[b->depth++] = n;
    }
    return s;
}

static med_status on_event(builder *b, const yaml_event_t *ev, int *documents, int *done)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*documents > 1)
            return fail_at(b, &ev->start_mark, "---", MED_ERR_INVALID,
                           "a table file holds exactly one YAML document");
        return MED_OK;
    case YAML_ALIAS_EVENT:
        return fail_at(b, &ev->start_mark, (const char *)ev->data.alias.anchor, MED_ERR_INVALID,
                       "YAML aliases (*name) are not allowed in a table: write values out in full");
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_collection_start(b, ev, MED_Y_SEQUENCE);
    case YAML_MAPPING_START_EVENT:
        return on_collection_start(b, ev, MED_Y_MAPPING);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        b->depth--;
        return MED_OK;
    case YAML_STREAM_END_EVENT:
        *done = 1;
        return MED_OK;
    default:
        return MED_OK;
    }
}

/* libyaml's reader (bytes that are not UTF-8, control characters) gives a byte offset, not a
 * line and column: work them out, so the message points at the byte. */
static med_status reader_error(builder *b, const yaml_parser_t *p, const char *data, size_t size)
{
    size_t at = p->problem_offset < size ? p->problem_offset : size;
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i < at; i++)
        if (data[i] == '\n') {
            line++;
            start = i + 1;
        }
    char byte[8] = "";
    if (p->problem_value >= 0)
        snprintf(byte, sizeof byte, "0x%02x", (unsigned)p->problem_value & 0xff);
    return med__fail(b->error, MED_ERR_SYNTAX, b->source, line, (int)(at - start) + 1,
                     byte[0] ? byte : NULL, "YAML syntax: %s%s%s%s: a table is UTF-8 text",
                     p->problem ? p->problem : "unreadable byte", byte[0] ? " (byte " : "", byte,
                     byte[0] ? ")" : "");
}

static med_status parser_error(builder *b, const yaml_parser_t *p, const char *data, size_t size)
{
    if (p->error == YAML_MEMORY_ERROR)
        return med__fail(b->error, MED_ERR_NOMEM, b->source, 0, 0, NULL, "out of memory");
    if (p->error == YAML_READER_ERROR)
        return reader_error(b, p, data, size);
    return med__fail(b->error, MED_ERR_SYNTAX, b->source, (int)p->problem_mark.line + 1,
                     (int)p->problem_mark.column + 1, NULL, "YAML syntax: %s%s%s",
                     p->problem ? p->problem : "malformed YAML", p->context ? " " : "",
                     p->context ? p->context : "");
}

med_status med__yaml_parse(const char *data, size_t size, const char *source, med_arena *arena,
                           med_ynode **root, med_error *error)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.arena = arena;
    b.source = source;
    b.error = error;
    if (size > MED_YAML_MAX_BYTES)
        return med__fail(error, MED_ERR_LIMIT, source, 0, 0, NULL,
                         "file is %zu bytes; a table may be at most %u bytes", size,
                         MED_YAML_MAX_BYTES);
    if (memchr(data, '\0', size))
        return med__fail(error, MED_ERR_SYNTAX, source, 0, 0, NULL,
                         "NUL byte in the file: a table is UTF-8 text");
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
    med_status s = MED_OK;
    int documents = 0, done = 0;
    while (s == MED_OK && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            s = parser_error(&b, &parser, data, size);
            break;
        }
        s = on_event(&b, &ev, &documents, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    free(b.seen);
    if (s == MED_ERR_NOMEM && error && error->code != MED_ERR_NOMEM)
        med__fail(error, MED_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
    if (s == MED_OK && b.root == NULL)
        s = med__fail(error, MED_ERR_INVALID, source, 1, 1, NULL, "the file is empty");
    if (s == MED_OK)
        *root = b.root;
    return s;
}

med_status med__yaml_parse_known(const med_embedded_file *known, const char *data, size_t size,
                                 const char *source, med_arena *arena, const med_ynode **root,
                                 med_error *error)
{
    if (known && known->tree) {
        *root = known->tree;
        return MED_OK;
    }
    med_ynode *parsed = NULL;
    med_status s = med__yaml_parse(data, size, source, arena, &parsed, error);
    *root = parsed;
    return s;
}

const med_ynode *med__ymap_get(const med_ynode *map, const char *key)
{
    if (map == NULL || map->kind != MED_Y_MAPPING)
        return NULL;
    for (const med_ynode *k = map->first; k && k->next; k = k->next->next)
        if (strcmp(k->value, key) == 0)
            return k->next;
    return NULL;
}
