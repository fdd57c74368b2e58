/* Growing arrays; see grow.h. */
#include <stdint.h>
#include <stdlib.h>

#include "common/grow.h"

/* med__grow when it is full (see grow.h); also right when there is room. */
void *med__grow_room(void *items, size_t count, size_t *capacity, size_t size, size_t first)
{
    if (count < *capacity)
        return items;
    size_t cap = *capacity ? *capacity * 2 : first;
    if (cap < *capacity || size == 0 || cap > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(items, cap * size);
    if (grown != NULL)
        *capacity = cap;
    return grown;
}
