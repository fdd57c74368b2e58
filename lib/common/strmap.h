/* One string map for the library: keys (borrowed: the caller keeps them alive, usually in an
 * arena or beside the value) to a size_t, typically an index into the caller's array. Open
 * addressing with linear probing, FNV-1a hashing, at most half full. Internal. */
#ifndef MED_STRMAP_H
#define MED_STRMAP_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct med__strmap_slot {
    const char *key; /* NULL: empty */
    size_t len;      /* strlen(key) */
    size_t value;
    uint64_t hash;   /* med__strhash(key): a probe compares it before the key's bytes */
} med__strmap_slot;

typedef struct med__strmap {
    med__strmap_slot *slots; /* capacity a power of two, or NULL before the first put */
    size_t capacity, count;
} med__strmap;

#define MED__STRMAP_INIT {NULL, 0, 0}

uint64_t med__strhash(const char *s);

/* FNV-1a one byte at a time, for a caller that hashes a key while writing it (names.c
 * lowercases a name and hashes it in one pass): start from MED__STRHASH_SEED, step each byte;
 * the result equals med__strhash of the same bytes. */
#define MED__STRHASH_SEED 1469598103934665603ull
static inline uint64_t med__strhash_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * 1099511628211ull;
}

/* The `len` bytes at `a` and `b` are the same: eight at a time, then one at a time. Inline
 * and without a call: keys are short, and a probe that finds its key compares them once. */
static inline int med__strmap_same(const char *a, const char *b, size_t len)
{
    for (; len >= 8; a += 8, b += 8, len -= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return 0;
    }
    for (; len > 0; a++, b++, len--)
        if (*a != *b)
            return 0;
    return 1;
}

/* The slot holding the key of `len` bytes with hash `hash`, or the empty slot where it would
 * go (the map has slots). Most slots on the way hold other keys: their stored hash tells them
 * apart without reading their bytes. Inline, as med__strmap_get_hashed: a lookup by a name
 * as written is one of the few steps of every computation. */
static inline med__strmap_slot *med__strmap_probe(const med__strmap *m, const char *key,
                                                  size_t len, uint64_t hash)
{
    size_t mask = m->capacity - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        med__strmap_slot *s = &m->slots[i];
        if (s->key == NULL ||
            (s->hash == hash && s->len == len && med__strmap_same(s->key, key, len)))
            return s;
    }
}

/* med__strmap_get for a key whose length and med__strhash the caller already has. */
static inline int med__strmap_get_hashed(const med__strmap *m, const char *key, size_t len,
                                         uint64_t hash, size_t *value)
{
    if (m->capacity == 0)
        return -1;
    const med__strmap_slot *s = med__strmap_probe(m, key, len, hash);
    if (s->key == NULL)
        return -1;
    *value = s->value;
    return 0;
}

/* The value stored for `key` in *value; 0 when found, -1 when not. */
int med__strmap_get(const med__strmap *m, const char *key, size_t *value);

/* Stores key -> value, replacing the value of a key already there; -1 when out of memory. */
int med__strmap_put(med__strmap *m, const char *key, size_t value);

/* Releases the slots (not the keys). */
void med__strmap_free(med__strmap *m);

#endif
