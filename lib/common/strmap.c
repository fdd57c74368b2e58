/* The library's one string map; see strmap.h. */
#include <stdlib.h>
#include <string.h>

#include "common/strmap.h"

uint64_t med__strhash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot holding `key`, or the empty slot where it would go. */
static med__strmap_slot *probe(const med__strmap *m, const char *key)
{
    size_t mask = m->capacity - 1;
    for (size_t i = med__strhash(key) & mask;; i = (i + 1) & mask) {
        med__strmap_slot *s = &m->slots[i];
        if (s->key == NULL || strcmp(s->key, key) == 0)
            return s;
    }
}

int med__strmap_get(const med__strmap *m, const char *key, size_t *value)
{
    if (m->capacity == 0)
        return -1;
    const med__strmap_slot *s = probe(m, key);
    if (s->key == NULL)
        return -1;
    *value = s->value;
    return 0;
}

static int grow(med__strmap *m)
{
    med__strmap bigger = {NULL, m->capacity ? m->capacity * 2 : 64, 0};
    bigger.slots = calloc(bigger.capacity, sizeof *bigger.slots);
    if (bigger.slots == NULL)
        return -1;
    for (size_t i = 0; i < m->capacity; i++)
        if (m->slots[i].key)
            *probe(&bigger, m->slots[i].key) = m->slots[i];
    bigger.count = m->count;
    free(m->slots);
    *m = bigger;
    return 0;
}

int med__strmap_put(med__strmap *m, const char *key, size_t value)
{
    if ((m->count + 1) * 2 > m->capacity && grow(m) != 0)
        return -1;
    med__strmap_slot *s = probe(m, key);
    if (s->key == NULL) {
        s->key = key;
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
