/* See memo.h. Entries live in an arena; a table of slots finds them. The table starts small and
 * doubles as it fills, up to MED_MEMO_SLOTS; when that fills up, table and arena are emptied. */
#include "claims/memo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/hints.h"

/* Bytes of a key kept at the start of its entry: claims keys (drug to days supply) are 25 to 46
 * bytes. A longer key is kept in a copy of its own. */
#define KEY_INLINE 48
#define CACHE_LINE 64

/* The key first, on the cache line the entry starts (which the slot's key length says where to
 * read without reading the entry first), the result a hit copies out just after it. */
struct med__memo_entry {
    char key_inline[KEY_INLINE];
    const char *long_key;      /* a key longer than KEY_INLINE bytes */
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

/* What a look-up reads of each slot it probes (its entry only on a match), and on a hit the id
 * the caller goes on with: a batch looks up a row's result columns by the id while the entry
 * is still being fetched. With the slots only pointers, a look-up waited for a cache miss on the
 * slot, then on the entry, and the caller then on its own look-up: one after the other. */
typedef struct slot {
    uint64_t hash;
    uint64_t id;    /* the batch's name for this result (med_batch_row_result_id) */
    size_t key_len;
    entry *e;       /* NULL: a free slot */
} slot;

/* The table's first size: a claims extract's few hundred results fill half of it in a few
 * pages (a small table keeps its slots in a core's fastest cache). */
#define MIN_SLOTS 1024

struct med_memo {
    slot *slots; /* [mask + 1] */
    size_t mask;
    size_t count;
    med_arena arena;
};

med_memo *med__memo_new(void)
{
    med_memo *m = calloc(1, sizeof *m);
    if (m == NULL || (m->slots = calloc(MIN_SLOTS, sizeof *m->slots)) == NULL) {
        free(m);
        return NULL;
    }
    m->mask = MIN_SLOTS - 1;
    med__arena_init(&m->arena);
    return m;
}

void med__memo_free(med_memo *m)
{
    if (m == NULL)
        return;
    med__arena_free(&m->arena);
    free(m->slots);
    free(m);
}

static uint64_t word_at(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 32);
}

/* Eight bytes at a time, each mixed by a multiply and a shift, in two lanes that take turns: a
 * look-up waits for its key's hash, and the two lanes' multiplies run side by side (a claims key
 * of some 30 bytes waits for two steps rather than four). The tail: in a key of eight bytes or
 * more, the key's last eight bytes (overlapping the word before, which reads nothing past the
 * key and costs one step rather than one a byte), else byte by byte. */
static MED__INLINE uint64_t hash_of(const char *key, size_t len)
{
    uint64_t a = 0x9E3779B97F4A7C15ull ^ len, b = 0xC2B2AE3D27D4EB4Full;
    size_t i = 0;
    for (; len - i >= 16; i += 16) {
        a = mix(a, word_at(key + i));
        b = mix(b, word_at(key + i + 8));
    }
    if (len - i > 8) {
        a = mix(a, word_at(key + i));
        b = mix(b, word_at(key + len - 8));
    } else if (len - i > 0 && len >= 8) {
        b = mix(b, word_at(key + len - 8));
    } else {
        for (; i < len; i++)
            a = (a ^ (unsigned char)key[i]) * 0x100000001B3ull;
    }
    uint64_t h = a ^ b * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return h * 0xC4CEB9FE1A85EC53ull;
}

uint64_t med__memo_hash(const char *key, size_t len)
{
    return hash_of(key, len);
}

static const char *key_of(const entry *e, size_t len)
{
    return len <= KEY_INLINE ? e->key_inline : e->long_key;
}

/* Whether a[0..len) and b[0..len) are the same bytes: eight at a time (the last eight
 * overlapping the word before) when len is eight or more, else byte by byte. Not memcmp: every
 * row's look-up compares a key of some 30 bytes, and the call (with the registers a caller of
 * it must save) cost more than the compare. */
static MED__INLINE int same_key(const char *a, const char *b, size_t len)
{
    if (len < 8) {
        for (size_t i = 0; i < len; i++)
            if (a[i] != b[i])
                return 0;
        return 1;
    }
    for (size_t i = 0; i + 8 < len; i += 8)
        if (word_at(a + i) != word_at(b + i))
            return 0;
    return word_at(a + len - 8) == word_at(b + len - 8);
}

/* The slot holding `key`, or the free slot where it would go. Part of each caller: a look-up is
 * a few instructions once the slot is in hand, fewer than a call's. */
static MED__INLINE slot *find(const med_memo *m, const char *key, size_t len, uint64_t hash)
{
    for (size_t i = hash & m->mask;; i = (i + 1) & m->mask) {
        slot *s = &m->slots[i];
        if (s->e == NULL ||
            (s->hash == hash && s->key_len == len && same_key(key_of(s->e, len), key, len)))
            return s;
    }
}

const med__memo_entry *med__memo_get(const med_memo *m, const char *key, size_t len,
                                     uint64_t hash, uint64_t *id)
{
    const slot *s = find(m, key, len, hash);
    *id = s->id;
    return s->e;
}

const med__memo_entry *med__memo_lookup(const med_memo *m, const char *key, size_t len,
                                        uint64_t *id)
{
    const slot *s = find(m, key, len, hash_of(key, len));
    *id = s->id;
    return s->e;
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

/* A zeroed entry starting a cache line (the arena aligns to 16 bytes), or NULL. */
static entry *new_entry(med_memo *m)
{
    char *at = med__arena_alloc(&m->arena, sizeof(entry) + CACHE_LINE - 1);
    if (at == NULL)
        return NULL;
    return (entry *)(at + (CACHE_LINE - (uintptr_t)at % CACHE_LINE) % CACHE_LINE);
}

static const char *keep(med_memo *m, const char *s, int *failed)
{
    const char *copy = med__arena_strndup(&m->arena, s, strlen(s));
    *failed |= copy == NULL;
    return copy;
}

/* Room for one more entry: a table half full doubles (its slots moved to their places in the
 * larger one), or when it is as large as it grows, or out of memory, it is emptied. */
static void make_room(med_memo *m)
{
    size_t size = m->mask + 1;
    if (m->count * 2 < size)
        return;
    slot *larger = size < MED_MEMO_SLOTS ? calloc(2 * size, sizeof *larger) : NULL;
    if (larger == NULL) {
        memset(m->slots, 0, size * sizeof *m->slots);
        med__arena_free(&m->arena);
        m->count = 0;
        return;
    }
    size_t mask = 2 * size - 1;
    for (size_t i = 0; i < size; i++) {
        if (m->slots[i].e == NULL)
            continue;
        size_t k = m->slots[i].hash & mask;
        while (larger[k].e != NULL) /* the keys differ: a free slot is the place */
            k = (k + 1) & mask;
        larger[k] = m->slots[i];
    }
    free(m->slots);
    m->slots = larger;
    m->mask = mask;
}

int med__memo_put(med_memo *m, const char *key, size_t len, uint64_t hash, const med__result *r,
                  int ndc_used, const med_ndc_product *ndc, uint64_t id)
{
    make_room(m);
    entry *e = new_entry(m);
    int failed = e == NULL;
    if (failed)
        return 0;
    *e = (entry){.release = r->release,
                 .factor_table = r->factor_table, .error_code = r->error.code,
                 .error_column = r->error.column, .ndc_used = ndc_used, .ndc = *ndc};
    e->published.version = MED_RESULT_VERSION;
    failed |= med__result_publish(r, &e->published) != MED_OK;
    if (len <= KEY_INLINE) {
        memcpy(e->key_inline, key, len);
    } else {
        e->long_key = med__arena_strndup(&m->arena, key, len);
        failed |= e->long_key == NULL;
    }
    for (int what = 0; what < MED__TEXT_COUNT; what++)
        e->text[what] = keep(m, med__result_text(r, (med_text)what), &failed);
    e->error_source = keep(m, r->error.source, &failed);
    e->error_text = keep(m, r->error.text, &failed);
    e->error_message = keep(m, r->error.message, &failed);
    if (failed)
        return 0;
    *find(m, key, len, hash) = (slot){hash, id, len, e};
    m->count++;
    return 1;
}
