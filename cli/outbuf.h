/* A plain output buffer over a file descriptor: batch and patients write millions of rows, and
 * stdio's per-call locking and format parsing would cost more than the computing. A failed
 * write is remembered and reported when the buffer is closed, never ignored. */
#ifndef MEDCALC_OUTBUF_H
#define MEDCALC_OUTBUF_H
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct outbuf {
    int fd;            /* -1: in memory (outbuf_init_memory); -2: a stdio stream (file) */
    FILE *file;        /* outbuf_init_file */
    int failed;        /* errno of the first failed write, or 0 */
    char *buf;         /* where writes go: data, or in memory mem itself (no copy) */
    size_t cap, used;  /* buf's size, and the bytes in it not yet written out */
    char *mem;         /* in memory: what was written, mem_len bytes (after outbuf_flush) */
    size_t mem_len, mem_cap;
    char data[1 << 16];
} outbuf;

void outbuf_init(outbuf *o, int fd);
/* A buffer that keeps what is written in memory (a piece of output made by one thread, written
 * out in order by another): outbuf_flush, then o->mem holds o->mem_len bytes. ENOMEM is a
 * failed write, after which the buffer holds nothing (mem_len 0: what it kept may end within a
 * row). outbuf_clear empties it for reuse; outbuf_release frees it. */
void outbuf_init_memory(outbuf *o);
/* A buffer that writes into a stdio stream (agree and compare -j N, whose headers and summaries
 * go through stdio): a failed write is the stream's error, reported when it is closed. */
void outbuf_init_file(outbuf *o, FILE *file);
void outbuf_clear(outbuf *o);
void outbuf_release(outbuf *o);
/* Makes room in a full buffer (writes it out, or in memory grows it): for the calls below. */
void outbuf_drain(outbuf *o);
/* outbuf_write when the bytes do not fit the buffer as it is. */
void outbuf_write_slow(outbuf *o, const char *s, size_t n);

/* Every row writes a dozen small pieces: the common case (they fit) is inline. */
static inline void outbuf_write(outbuf *o, const char *s, size_t n)
{
    if (n > 0 && n < o->cap - o->used) { /* never true of a buffer without memory (cap 0) */
        memcpy(o->buf + o->used, s, n);
        o->used += n;
        return;
    }
    outbuf_write_slow(o, s, n);
}

static inline void outbuf_str(outbuf *o, const char *s)
{
    outbuf_write(o, s, strlen(s));
}

/* outbuf_str for a text of a few bytes (a number, a status): a byte loop, which for such texts
 * costs less than strlen and memcpy. */
static inline void outbuf_short(outbuf *o, const char *s)
{
    /* Locals: a store into buf could otherwise alias o, which would be read again each byte. */
    char *buf = o->buf;
    size_t i = o->used, cap = o->cap;
    while (*s && i < cap)
        buf[i++] = *s++;
    o->used = i;
    if (*s) /* the buffer filled up: the rest the usual way */
        outbuf_str(o, s);
}

static inline void outbuf_char(outbuf *o, char c)
{
    if (o->used == o->cap)
        outbuf_drain(o);
    o->buf[o->used++] = c;
}

/* Room to write into directly, at outbuf_space()'s return: *room bytes, made at least `want`
 * (at most sizeof data) unless a write or an allocation failed. outbuf_wrote(o, n) then counts
 * the n bytes put there. */
char *outbuf_space_slow(outbuf *o, size_t want, size_t *room);
static inline char *outbuf_space(outbuf *o, size_t want, size_t *room)
{
    if (o->cap - o->used < want) /* full enough to be drained first, or no memory yet */
        return outbuf_space_slow(o, want, room);
    *room = o->cap - o->used;
    return o->buf + o->used;
}

/* The room there is now, at the return (*room bytes, maybe 0): unlike outbuf_space, nothing
 * is written out to make more, so the output is written out at the same points as by
 * outbuf_write. */
static inline char *outbuf_room(outbuf *o, size_t *room)
{
    *room = o->cap - o->used;
    return o->buf + o->used;
}

static inline void outbuf_wrote(outbuf *o, size_t n)
{
    o->used += n;
}
/* A whole number in decimal. */
void outbuf_long(outbuf *o, long v);

/* "00" to "99" side by side: two digits of a number are one look-up rather than a division
 * and a remainder each. */
extern const char outbuf_digit_pairs[200];

/* How many decimal digits u has (1 for 0): the usual counts take a compare or two. */
static inline size_t outbuf_digit_count(unsigned long u)
{
    size_t n = 1;
    for (; u >= 100; u /= 100)
        n += 2;
    return n + (u >= 10);
}

/* Writes the outbuf_digit_count(u) digits of u so that the last is just before `end`. */
static inline void outbuf_digits_before(char *end, unsigned long u)
{
    for (; u >= 100; u /= 100) {
        end -= 2;
        memcpy(end, outbuf_digit_pairs + 2 * (u % 100), 2);
    }
    if (u >= 10)
        memcpy(end - 2, outbuf_digit_pairs + 2 * u, 2);
    else
        end[-1] = (char)('0' + u);
}
/* One CSV field: quoted when it holds a comma, quote, CR or LF. */
void outbuf_csv(outbuf *o, const char *s);
/* The same for the `len` bytes at s (a field that is not a C string, holding no NUL). */
void outbuf_csv_span(outbuf *o, const char *s, size_t len);
/* One JSON string with its quotes; bytes that are not valid UTF-8 become U+FFFD. */
void outbuf_json(outbuf *o, const char *s);
/* The same for the `len` bytes at s (a field that is not a C string, holding no NUL). */
void outbuf_json_span(outbuf *o, const char *s, size_t len);
/* Writes what is buffered; returns 0, or the errno of the first failure. */
int outbuf_flush(outbuf *o);

/* A stdio stream whose writes go to *target, the outbuf the caller points it at (another one
 * after an fflush, say for each piece of output made by a thread): agree and compare write with
 * stdio, and -j N has them write pieces in memory. Failures are the outbuf's. NULL when out of
 * memory; fclose it when done. */
FILE *outbuf_stream(outbuf **target);

#endif
