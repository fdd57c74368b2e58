/* One string map for the library: keys (borrowed: the caller keeps them alive, usually in an
 * arena or beside the value) to a size_t, typically an index into the caller's array. Open
 * addressing with linear probing, FNV-1a hashing, at most half full. Internal. */
#ifndef MED_STRMAP_H
#define MED_STRMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct med__strmap_slot {
    const char *key; /* NULL: empty */
    size_t value;
} med__strmap_slot;

typedef struct med__strmap {
    med__strmap_slot *slots; /* capacity a power of two, or NULL before the first put */
    size_t capacity, count;
} med__strmap;

#define MED__STRMAP_INIT {NULL, 0, 0}

uint64_t med__strhash(const char *s);

/* The value stored for `key` in *value; 0 when found, -1 when not. */
int med__strmap_get(const med__strmap *m, const char *key, size_t *value);

/* Stores key -> value, replacing the value of a key already there; -1 when out of memory. */
int med__strmap_put(med__strmap *m, const char *key, size_t value);

/* Releases the slots (not the keys). */
void med__strmap_free(med__strmap *m);

#endif
