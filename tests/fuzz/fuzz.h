/* What the fuzz targets share: the libFuzzer entry point, an in-memory CSV source, and checks
 * that abort (so libFuzzer, or the replay driver, reports the input) when a promise of the API
 * is broken. Every target is also built without libFuzzer, with replay.c, to run the seeds and
 * the regression inputs under `make check`. */
#ifndef MED_FUZZ_H
#define MED_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message when `cond` is false: a broken promise, not a tolerated error. */
#define FUZZ_CHECK(cond, what)                                                                 \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: fuzz check failed: %s (%s)\n", __FILE__, __LINE__, what,   \
                    #cond);                                                                    \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* An error value must say what is wrong: a code that matches the status and a message. */
static inline void fuzz_check_error(med_status s, const med_error *e)
{
    FUZZ_CHECK(e->code == s, "error code matches the status");
    FUZZ_CHECK(e->message[0] != '\0', "error has a message");
    FUZZ_CHECK(memchr(e->message, '\0', sizeof e->message) != NULL, "message terminated");
    FUZZ_CHECK(memchr(e->source, '\0', sizeof e->source) != NULL, "source terminated");
    FUZZ_CHECK(memchr(e->text, '\0', sizeof e->text) != NULL, "text terminated");
    FUZZ_CHECK(e->line >= 0 && e->column >= 0, "location not negative");
}

/* A result must be one of the four statuses, with text fields terminated; an error result
 * says why, and only an ok result carries MME. */
static inline void fuzz_check_result(const med_result *r)
{
    FUZZ_CHECK(r->status <= MED_RESULT_ERROR, "known result status");
    FUZZ_CHECK(memchr(r->mme_text, '\0', sizeof r->mme_text) != NULL, "mme_text terminated");
    FUZZ_CHECK(memchr(r->message, '\0', sizeof r->message) != NULL, "message terminated");
    FUZZ_CHECK(memchr(r->arithmetic, '\0', sizeof r->arithmetic) != NULL, "arithmetic term.");
    if (r->status == MED_RESULT_ERROR)
        FUZZ_CHECK(r->message[0] != '\0', "an error result says why");
    if (r->status != MED_RESULT_OK)
        FUZZ_CHECK(r->mme_hundredths == 0, "no MME unless ok");
    else
        FUZZ_CHECK(r->mme_hundredths >= 0 && r->mme_per_day >= 0, "MME not negative");
}

/* A NUL-terminated copy of the input (the text APIs take C strings). */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        if (size)
            memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* Bytes for med_csv from memory, handed out at most `chunk` at a time (0: all that fits), so
 * a record split across reads is exercised. */
typedef struct fuzz_source {
    const uint8_t *data;
    size_t size, at, chunk;
} fuzz_source;

static inline size_t fuzz_read(void *context, char *buf, size_t capacity, int *failed)
{
    fuzz_source *s = context;
    size_t n = s->size - s->at;
    (void)failed;
    if (n > capacity)
        n = capacity;
    if (s->chunk && n > s->chunk)
        n = s->chunk;
    if (n)
        memcpy(buf, s->data + s->at, n);
    s->at += n;
    return n;
}

/* A small deterministic hash, to pick options from the input itself. */
static inline uint32_t fuzz_hash(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

#endif
