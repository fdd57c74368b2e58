/* The YAML files embedded at build time (see tests/embed-tables.sh). Internal. */
#ifndef MED_EMBEDDED_H
#define MED_EMBEDDED_H
#include <stddef.h>

struct med_ynode;

typedef struct med_embedded_file {
    const char *name; /* file name without .yaml: a table id, or "vocabulary" */
    const char *data; /* the file's bytes, not NUL-terminated */
    size_t size;
    const char *digest; /* SHA-256 of the bytes, 64 lowercase hex digits, worked out at build time */
    /* A YAML file's tree (yamldoc.h), read at build time by the library's own reader
     * (tests/tools/embed-tree.c), so that loading it need not parse the bytes again; NULL for
     * the other files. */
    const struct med_ynode *tree;
} med_embedded_file;

/* Terminated by an entry whose name is NULL. */
extern const med_embedded_file med_embedded_files[];

/* The NDC product lists (the .ndc files of conversion-tables), in their own array and object
 * file: they are large, and are parsed only when a batch has an ndc column. Same terminator. */
extern const med_embedded_file med_embedded_ndc_lists[];

#endif
