/* A strict YAML reader: libyaml events into a small tree with line and column on every node.
 * It refuses what libyaml lets through silently: duplicate keys, aliases and anchors, tags,
 * several documents, non-scalar keys. It caps size, depth and node count. Internal. */
#ifndef MED_YAMLDOC_H
#define MED_YAMLDOC_H
#include "common/arena.h"
#include "common/readfile.h"
#include "med.h"
#include "tables/embedded.h"

#define MED_YAML_MAX_BYTES MED_FILE_MAX_BYTES
#define MED_YAML_MAX_DEPTH 32
#define MED_YAML_MAX_NODES 1000000
#define MED_YAML_MAX_MAP_KEYS 1024

typedef enum { MED_Y_SCALAR, MED_Y_SEQUENCE, MED_Y_MAPPING } med_ykind;

typedef struct med_ynode med_ynode;
struct med_ynode {
    med_ykind kind;
    int line, column;  /* 1-based */
    const char *value; /* scalars: NUL-terminated text */
    size_t length;
    int quoted;        /* scalars: written in quotes */
    size_t count;      /* sequences: items; mappings: pairs */
    const med_ynode *first; /* children: items, or key, value, key, value... */
    const med_ynode *last;
    const med_ynode *next;  /* next sibling */
};

/* Parses `data` into a tree allocated in `arena`; `source` names the input in errors. */
med_status med__yaml_parse(const char *data, size_t size, const char *source, med_arena *arena,
                           med_ynode **root, med_error *error);

/* The tree of `data`: when the bytes are an embedded file's (`known`, else NULL) and the build
 * read them already, that tree (it is static; nothing is allocated), else med__yaml_parse's. */
med_status med__yaml_parse_known(const med_embedded_file *known, const char *data, size_t size,
                                 const char *source, med_arena *arena, const med_ynode **root,
                                 med_error *error);

/* The value for `key` in a mapping, or NULL. */
const med_ynode *med__ymap_get(const med_ynode *map, const char *key);

#endif
