/* Growing arrays: the one way the library makes room for one more item. Internal. */
#ifndef MED_GROW_H
#define MED_GROW_H
#include <stddef.h>

/* `items` holds `count` items of `size` bytes with room for *capacity. Returns `items` when
 * there is room for one more; else the array reallocated to twice the room (or `first` items
 * when it has none) and *capacity updated; NULL when out of memory or the size would overflow,
 * with `items` and *capacity untouched. Use: p = med__grow(a, n, &cap, sizeof *a, 16); if (!p)
 * fail; a = p; */
void *med__grow_room(void *items, size_t count, size_t *capacity, size_t size, size_t first);

/* The check for room is inline: it runs for every fill, run and name added, and nearly
 * always finds room. */
static inline void *med__grow(void *items, size_t count, size_t *capacity, size_t size,
                              size_t first)
{
    return count < *capacity ? items : med__grow_room(items, count, capacity, size, first);
}

#endif
