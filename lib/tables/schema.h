/* Reading validated values out of a med_ynode tree, with located errors. Shared by the table,
 * vocabulary and (later) rule loaders so every file gets the same messages. Internal. */
#ifndef MED_SCHEMA_H
#define MED_SCHEMA_H
#include "common/decimal.h"
#include "tables/yamldoc.h"

typedef struct med_schema_ctx {
    const char *source; /* file name for messages */
    med_error *error;
} med_schema_ctx;

/* Fails on any key of `map` not in the NULL-terminated `allowed` list, and on a non-mapping. */
med_status med__schema_keys(const med_schema_ctx *c, const med_ynode *map, const char *what,
                            const char *const *allowed);

/* The scalar text under `key`; fails when it is missing (required) or not a scalar.
 * `*out` is NULL when an optional key is absent. */
med_status med__schema_text(const med_schema_ctx *c, const med_ynode *map, const char *key,
                            int required, const char **out);

/* A plain positive decimal under `key` (as in "factor: 1.5"); `text` receives its spelling. */
med_status med__schema_decimal(const med_schema_ctx *c, const med_ynode *map, const char *key,
                               int required, int allow_zero, med_q *out, const char **text);

/* A sequence under `key` (NULL when absent and not required). */
med_status med__schema_seq(const med_schema_ctx *c, const med_ynode *map, const char *key,
                           int required, const med_ynode **out);

/* The words a threshold or rule gives for itself: the source's own ('quote', with 'location'
 * saying where it stands), the file's own ('summary', with 'summarises' saying what it
 * restates), or both, and optionally the 'source' they come from. Fails at `map` when there is
 * neither a quote nor a summary, and on the retired key 'advice'. Absent texts are NULL. */
typedef struct med_schema_basis {
    const char *quote, *location, *summary, *summarises, *source;
} med_schema_basis;
med_status med__schema_basis(const med_schema_ctx *c, const med_ynode *map, const char *what,
                             med_schema_basis *out);

/* Nonzero when `s` is one of the NULL-terminated `list`. */
int med__schema_in_list(const char *s, const char *const *list);

/* Fails with MED_ERR_NOMEM naming the file. */
med_status med__schema_nomem(const med_schema_ctx *c);

/* Fails with a located "invalid" error at `node`. */
med_status med__schema_fail(const med_schema_ctx *c, const med_ynode *node, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
