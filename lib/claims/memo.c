/* See memo.h. Entries live in an arena; when the table fills up, both are emptied. */
#include "claims/memo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"

struct med__memo_entry {
    uint64_t hash;
    uint64_t id;    /* the batch's name for this result (med_batch_row_result_id) */
    const char *key;
    size_t key_len;
    med_result published;      /* the result's numbers, as med__result_publish gave them */
    const char *release;       /* a static string */
    const char *factor_table;  /* borrowed from the table */
    const char *text[MED__TEXT_COUNT]; /* copies of med__result_text of each med_text */
    med_status error_code;     /* the result's error, its line aside */
    int error_column;
    const char *error_source, *error_text, *error_message;
    int ndc_used;
    med_ndc_product ndc;
};
typedef struct med__memo_entry entry;

struct med_memo {
    entry *slots[MED_MEMO_SLOTS];
    size_t count;
    med_arena arena;
};

med_memo *med__memo_new(void)
{
    med_memo *m = calloc(1, sizeof *m);
    if (m)
        med__arena_init(&m->arena);
    return m;
}

void med__memo_free(med_memo *m)
{
    if (m == NULL)
        return;
    med__arena_free(&m->arena);
    free(m);
}

/* Eight bytes at a time, each mixed by a multiply and a shift; then the tail: in a key of eight
 * bytes or more, as the key's last eight bytes (overlapping the word before, which reads
 * nothing past the key and costs one step rather than one a byte), else byte by byte. */
uint64_t med__memo_hash(const char *key, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len, w;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, key + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    if (i < len && len >= 8) {
        memcpy(&w, key + len - 8, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        i = len;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 0x100000001B3ull;
    h ^= h >> 29;
    return h * 0xC4CEB9FE1A85EC53ull;
}

static size_t find(const med_memo *m, const char *key, size_t len, uint64_t hash)
{
    size_t mask = MED_MEMO_SLOTS - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const entry *e = m->slots[i];
        if (e == NULL || (e->hash == hash && e->key_len == len && memcmp(e->key, key, len) == 0))
            return i;
    }
}

const med__memo_entry *med__memo_get(const med_memo *m, const char *key, size_t len,
                                     uint64_t hash)
{
    return m->slots[find(m, key, len, hash)];
}

uint64_t med__memo_id(const med__memo_entry *e)
{
    return e->id;
}

med_result_status med__memo_status(const med__memo_entry *e)
{
    return e->published.status;
}

med_status med__memo_publish(const med__memo_entry *e, med_result *out)
{
    if (out->version < 1 || out->version > MED_RESULT_VERSION)
        return MED_ERR_VERSION;
    unsigned version = out->version;
    *out = e->published; /* version 1 has every member (a later one would copy by version) */
    out->version = version;
    return MED_OK;
}

const char *med__memo_text(const med__memo_entry *e, med_text what)
{
    return (unsigned)what < MED__TEXT_COUNT ? e->text[what] : "";
}

const char *med__memo_release(const med__memo_entry *e)
{
    return e->release;
}

int med__memo_ndc(const med__memo_entry *e, med_ndc_product *ndc)
{
    if (e->ndc_used) /* else not read (med_batch_row_ndc says none) */
        *ndc = e->ndc;
    return e->ndc_used;
}

void med__memo_error(const med__memo_entry *e, med_error *out)
{
    out->code = e->error_code;
    out->line = 0;
    out->column = e->error_column;
    snprintf(out->source, sizeof out->source, "%s", e->error_source);
    snprintf(out->text, sizeof out->text, "%s", e->error_text);
    snprintf(out->message, sizeof out->message, "%s", e->error_message);
}

static const char *keep(med_memo *m, const char *s, int *failed)
{
    const char *copy = med__arena_strndup(&m->arena, s, strlen(s));
    *failed |= copy == NULL;
    return copy;
}

int med__memo_put(med_memo *m, const char *key, size_t len, uint64_t hash, const med__result *r,
                  int ndc_used, const med_ndc_product *ndc, uint64_t id)
{
    if (m->count * 2 >= MED_MEMO_SLOTS) {
        memset(m->slots, 0, sizeof m->slots);
        med__arena_free(&m->arena);
        m->count = 0;
    }
    entry *e = med__arena_alloc(&m->arena, sizeof *e);
    int failed = e == NULL;
    if (failed)
        return 0;
    *e = (entry){.hash = hash, .id = id, .key_len = len, .release = r->release,
                 .factor_table = r->factor_table, .error_code = r->error.code,
                 .error_column = r->error.column, .ndc_used = ndc_used, .ndc = *ndc};
    e->published.version = MED_RESULT_VERSION;
    failed |= med__result_publish(r, &e->published) != MED_OK;
    e->key = med__arena_strndup(&m->arena, key, len);
    failed |= e->key == NULL;
    for (int what = 0; what < MED__TEXT_COUNT; what++)
        e->text[what] = keep(m, med__result_text(r, (med_text)what), &failed);
    e->error_source = keep(m, r->error.source, &failed);
    e->error_text = keep(m, r->error.text, &failed);
    e->error_message = keep(m, r->error.message, &failed);
    if (failed)
        return 0;
    m->slots[find(m, key, len, hash)] = e;
    m->count++;
    return 1;
}
