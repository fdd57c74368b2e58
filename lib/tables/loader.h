/* One way to load every kind of data file the library reads (conversion tables, the
 * vocabulary, risk rules, NDC lists): embedded by id or id@version, from a file, from a buffer.
 * Each kind says how to parse its bytes, free what it built and read its id and version; the
 * skeleton does the rest the same way for all (argument checks, the embedded look-up and its
 * message, the version check, reading a file, the origin). Internal. */
#ifndef MED_LOADER_H
#define MED_LOADER_H
#include <stddef.h>

#include "med.h"
#include "tables/embedded.h"

typedef struct med__loader {
    const char *kind;                  /* "table", "NDC list", "rules": for messages */
    const char *kinds;                 /* "tables", "NDC lists", "rules" */
    const med_embedded_file *embedded; /* where the embedded files of this kind are */
    const char *const *ids;            /* the embedded ids of this kind, NULL-terminated */
    const char *default_id;
    const char *file_hint;             /* "a .yaml file": what a path should name */
    const char *where;                 /* the source an unknown id is reported at: "<tables>" */
    /* Parses `size` bytes; `source` names them in messages. `known` is their embedded file
     * when they are one (the build worked out their digest, and a YAML file's tree), else NULL. */
    med_status (*parse)(const char *data, size_t size, const char *source,
                        const med_embedded_file *known, void **out, med_error *error);
    const char *(*version_of)(const void *loaded);
    void (*set_origin)(void *loaded, const char *origin); /* "embedded" or the path (copied) */
    void (*release)(void *loaded);
} med__loader;

med_status med__load_buffer(const med__loader *l, const char *data, size_t size,
                            const char *name, void **out, med_error *error);
med_status med__load_file(const med__loader *l, const char *path, void **out, med_error *error);
/* `spec`: an id, id@version, or NULL / "" for the default. */
med_status med__load_embedded(const med__loader *l, const char *spec, void **out,
                              med_error *error);

#endif
