/* A bump allocator: a loaded table owns one arena, so freeing it is one call and a failed load
 * leaks nothing. Internal. */
#ifndef MED_ARENA_H
#define MED_ARENA_H
#include <stddef.h>

typedef struct med_arena_chunk med_arena_chunk;

typedef struct med_arena {
    med_arena_chunk *head;
    size_t used;  /* bytes used in head */
    size_t total; /* bytes allocated over all chunks, for limits */
} med_arena;

void med__arena_init(med_arena *a);
void med__arena_free(med_arena *a);
/* Empties the arena for reuse (all it gave out is gone): keeps its latest chunk, frees the
 * others, so an arena filled and emptied over and over does not call malloc each time. */
void med__arena_reset(med_arena *a);
/* Zeroed, aligned memory, or NULL when out of memory. */
void *med__arena_alloc(med_arena *a, size_t size);
/* The same memory not zeroed, for a caller that writes every byte it reads (a copy): the
 * memset call is most of the cost of a small allocation. */
void *med__arena_take(med_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len), or NULL. */
char *med__arena_strndup(med_arena *a, const char *s, size_t len);

#endif
