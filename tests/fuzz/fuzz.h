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

/* A result must be one of the four statuses; an error result says why (its message, and a
 * kind of error in r->error), only an ok result carries MME, and its MME text is the number.
 * The texts are those the library made for it (med_compute_text, med_batch_text, ...). */
static inline void fuzz_check_result(const med_result *r, const char *message,
                                     const char *arithmetic, const char *mme)
{
    FUZZ_CHECK(r->version == MED_RESULT_VERSION, "result version kept");
    FUZZ_CHECK(r->status <= MED_RESULT_ERROR, "known result status");
    FUZZ_CHECK(message != NULL && arithmetic != NULL && mme != NULL, "texts are strings");
    if (r->status == MED_RESULT_ERROR) {
        FUZZ_CHECK(message[0] != '\0', "an error result says why");
        FUZZ_CHECK(r->error != MED_OK, "an error result has a kind of error");
    } else {
        FUZZ_CHECK(r->error == MED_OK, "no kind of error unless an error result");
    }
    if (r->status != MED_RESULT_OK) {
        FUZZ_CHECK(r->mme_hundredths == 0, "no MME unless ok");
        FUZZ_CHECK(mme[0] == '\0' && arithmetic[0] == '\0', "no MME text unless ok");
    } else {
        char n[32];
        FUZZ_CHECK(r->mme_hundredths >= 0 && r->mme_per_day >= 0, "MME not negative");
        FUZZ_CHECK(med_hundredths_format(r->mme_hundredths, n, sizeof n) < sizeof n &&
                       strcmp(n, mme) == 0,
                   "the MME text is the number");
        FUZZ_CHECK(arithmetic[0] != '\0', "an ok result shows its arithmetic");
    }
}

/* Text `what` of an input (a set's input `index` when count > 0) into buf, which it must fit
 * with the length returned. */
static inline size_t fuzz_text(const med_table *t, const med_input *in, size_t count,
                               size_t index, med_method m, med_text what, char *buf, size_t cap)
{
    size_t need = count ? med_compute_set_text(t, in, count, m, index, what, buf, cap)
                        : med_compute_text(t, in, m, what, buf, cap);
    FUZZ_CHECK(need < cap && strlen(buf) == need, "a text fits and has the length returned");
    return need;
}

/* The snprintf promise of med_compute_text: the same length whatever the capacity (none, a
 * few bytes, enough), a shortened text a terminated prefix. Each call computes the input
 * again (an unknown drug's suggestion is the costly part), so targets check it once an input. */
static inline void fuzz_check_text_promise(const med_table *t, const med_input *in, med_method m,
                                           med_text what)
{
    char buf[2048], small[4];
    size_t need = fuzz_text(t, in, 0, 0, m, what, buf, sizeof buf);
    FUZZ_CHECK(med_compute_text(t, in, m, what, NULL, 0) == need, "length with no buffer");
    FUZZ_CHECK(med_compute_text(t, in, m, what, small, sizeof small) == need,
               "length with a short buffer");
    FUZZ_CHECK(strlen(small) == (need < sizeof small ? need : sizeof small - 1) &&
                   strncmp(small, buf, sizeof small - 1) == 0,
               "a shortened text is a terminated prefix");
}

/* fuzz_check_result for med_compute(t, in, m) (count 0) or input `index` of med_compute_set(t,
 * in, count, m), with the texts the library makes for it. */
static inline void fuzz_check_computed(const med_table *t, const med_input *in, size_t count,
                                       size_t index, med_method m, const med_result *r)
{
    char message[2048], arithmetic[1024], mme[64];
    fuzz_text(t, in, count, index, m, MED_TEXT_MESSAGE, message, sizeof message);
    fuzz_text(t, in, count, index, m, MED_TEXT_ARITHMETIC, arithmetic, sizeof arithmetic);
    fuzz_text(t, in, count, index, m, MED_TEXT_MME, mme, sizeof mme);
    fuzz_check_result(r, message, arithmetic, mme);
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
