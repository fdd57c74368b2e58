/* Bump allocation in chunks; see arena.h. */
#include "common/arena.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE 16384
#define ALIGN 16

struct med_arena_chunk {
    med_arena_chunk *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

void med__arena_init(med_arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->total = 0;
}

void med__arena_free(med_arena *a)
{
    med_arena_chunk *c = a->head;
    while (c) {
        med_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    med__arena_init(a);
}

void med__arena_reset(med_arena *a)
{
    if (a->head == NULL)
        return;
    med_arena_chunk *c = a->head->next;
    while (c) {
        med_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head->next = NULL;
    a->used = 0;
    a->total = a->head->size;
}

void *med__arena_take(med_arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    if (a->head == NULL || a->head->size - a->used < size) {
        size_t chunk = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        med_arena_chunk *c = malloc(sizeof *c + chunk);
        if (c == NULL)
            return NULL;
        c->next = a->head;
        c->size = chunk;
        a->head = c;
        a->used = 0;
        a->total += chunk;
    }
    void *p = a->head->data + a->used;
    a->used += size;
    return p;
}

void *med__arena_alloc(med_arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    void *p = med__arena_take(a, size);
    if (p != NULL)
        memset(p, 0, size);
    return p;
}

char *med__arena_strndup(med_arena *a, const char *s, size_t len)
{
    char *p = med__arena_take(a, len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
