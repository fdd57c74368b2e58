/* The library's one string map; see strmap.h. */
#include <stdlib.h>
#include <string.h>

#include "common/strmap.h"

uint64_t med__strhash(const char *s)
{
    uint64_t h = MED__STRHASH_SEED;
    for (; *s; s++)
        h = med__strhash_step(h, (unsigned char)*s);
    return h;
}

int med__strmap_get(const med__strmap *m, const char *key, size_t *value)
{
    return med__strmap_get_hashed(m, key, strlen(key), med__strhash(key), value);
}

static int grow(med__strmap *m)
{
    med__strmap bigger = {NULL, m->capacity ? m->capacity * 2 : 64, 0};
    bigger.slots = calloc(bigger.capacity, sizeof *bigger.slots);
    if (bigger.slots == NULL)
        return -1;
    for (size_t i = 0; i < m->capacity; i++)
        if (m->slots[i].key)
            *med__strmap_probe(&bigger, m->slots[i].key, m->slots[i].len,
                               m->slots[i].hash) = m->slots[i];
    bigger.count = m->count;
    free(m->slots);
    *m = bigger;
    return 0;
}

int med__strmap_put(med__strmap *m, const char *key, size_t value)
{
    if ((m->count + 1) * 2 > m->capacity && grow(m) != 0)
        return -1;
    uint64_t hash = med__strhash(key);
    med__strmap_slot *s = med__strmap_probe(m, key, strlen(key), hash);
    if (s->key == NULL) {
        s->key = key;
        s->len = strlen(key);
        s->hash = hash;
        m->count++;
    }
    s->value = value;
    return 0;
}

void med__strmap_free(med__strmap *m)
{
    free(m->slots);
    m->slots = NULL;
    m->capacity = m->count = 0;
}
