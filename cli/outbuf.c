/* See outbuf.h. */
#define _GNU_SOURCE /* fopencookie, for outbuf_stream */
#include "outbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void outbuf_init(outbuf *o, int fd)
{
    o->fd = fd;
    o->file = NULL;
    o->failed = 0;
    o->used = 0;
    o->mem = NULL;
    o->mem_len = o->mem_cap = 0;
    o->buf = fd == -1 ? NULL : o->data; /* in memory: mem, made on the first write */
    o->cap = fd == -1 ? 0 : sizeof o->data;
}

void outbuf_init_memory(outbuf *o)
{
    outbuf_init(o, -1);
}

void outbuf_init_file(outbuf *o, FILE *file)
{
    outbuf_init(o, -2);
    o->file = file;
}

void outbuf_clear(outbuf *o)
{
    o->used = 0;
    o->mem_len = 0;
    o->failed = 0;
    if (o->fd == -1) { /* back to its memory, after a failure too */
        o->buf = o->mem;
        o->cap = o->mem_cap;
    }
}

void outbuf_release(outbuf *o)
{
    free(o->mem);
    o->mem = o->buf = NULL;
    o->mem_len = o->mem_cap = o->cap = o->used = 0;
}

/* In memory the bytes are written straight into o->mem: a full buffer doubles. When it cannot
 * (ENOMEM), the rest is written to data and dropped: there is always room after a drain. */
static void keep(outbuf *o)
{
    size_t cap = o->cap ? 2 * o->cap : sizeof o->data;
    char *mem = o->failed ? NULL : realloc(o->mem, cap);
    if (mem == NULL) {
        o->failed = ENOMEM;
        o->buf = o->data;
        o->cap = sizeof o->data;
        o->used = 0;
    } else {
        o->mem = o->buf = mem;
        o->mem_cap = o->cap = cap;
    }
}

void outbuf_drain(outbuf *o)
{
    if (o->file) {
        if (fwrite(o->buf, 1, o->used, o->file) < o->used && !o->failed)
            o->failed = errno ? errno : EIO;
        o->used = 0;
        return;
    }
    if (o->fd < 0) {
        keep(o);
        return;
    }
    size_t done = 0;
    while (done < o->used && !o->failed) {
        ssize_t n = write(o->fd, o->buf + done, o->used - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            o->failed = n < 0 ? errno : EIO;
        else
            done += (size_t)n;
    }
    o->used = 0;
}

/* Writes s[0..n) straight to the file, the buffer drained first (for large pieces). */
static void write_through(outbuf *o, const char *s, size_t n)
{
    outbuf_drain(o);
    while (n > 0 && !o->failed) {
        ssize_t k = write(o->fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            o->failed = k < 0 ? errno : EIO;
        else
            s += k, n -= (size_t)k;
    }
}

void outbuf_write_slow(outbuf *o, const char *s, size_t n)
{
    if (n >= sizeof o->data && o->fd >= 0) {
        write_through(o, s, n);
        return;
    }
    while (n > 0) {
        if (o->used == o->cap)
            outbuf_drain(o);
        size_t room = o->cap - o->used, k = n < room ? n : room;
        memcpy(o->buf + o->used, s, k);
        o->used += k;
        s += k;
        n -= k;
    }
}

char *outbuf_space_slow(outbuf *o, size_t want, size_t *room)
{
    if (want > sizeof o->data)
        want = sizeof o->data;
    while (o->cap - o->used < want && !o->failed)
        outbuf_drain(o);
    *room = o->cap - o->used;
    return o->buf + o->used;
}

const char outbuf_digit_pairs[200] = "00010203040506070809"
                                     "10111213141516171819"
                                     "20212223242526272829"
                                     "30313233343536373839"
                                     "40414243444546474849"
                                     "50515253545556575859"
                                     "60616263646566676869"
                                     "70717273747576777879"
                                     "80818283848586878889"
                                     "90919293949596979899";

void outbuf_long(outbuf *o, long v)
{
    char digits[24];
    int n = 0;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    if (v < 0)
        outbuf_char(o, '-');
    while (n > 0)
        outbuf_char(o, digits[--n]);
}


/* A field that needs no quotes (nearly every one in claims) is copied as it is; one that holds
 * a comma, quote, CR or LF is written in quotes, each quote doubled. */
void outbuf_csv(outbuf *o, const char *s)
{
    if (*s == '\0')
        return;
    size_t plain = strcspn(s, ",\"\r\n");
    if (s[plain] == '\0') {
        outbuf_write(o, s, plain);
        return;
    }
    outbuf_csv_span(o, s, plain + strlen(s + plain));
}

/* Bytes that make a CSV field need quotes. */
static const unsigned char NEEDS_QUOTES[256] = {[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1};

void outbuf_csv_span(outbuf *o, const char *s, size_t len)
{
    size_t plain = 0;
    while (plain < len && !NEEDS_QUOTES[(unsigned char)s[plain]])
        plain++;
    if (plain == len) {
        outbuf_write(o, s, len);
        return;
    }
    const char *end = s + len;
    outbuf_char(o, '"');
    for (const char *q; (q = memchr(s, '"', (size_t)(end - s))) != NULL; s = q + 1) {
        outbuf_write(o, s, (size_t)(q - s) + 1); /* up to the quote, which is then doubled */
        outbuf_char(o, '"');
    }
    outbuf_write(o, s, (size_t)(end - s));
    outbuf_char(o, '"');
}

/* Length of the valid UTF-8 sequence at s (of the `left` bytes there), or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s, size_t left)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || s[0] > 0xF4 || n > left)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0; /* overlong, surrogate or beyond U+10FFFF */
    return n;
}

void outbuf_json(outbuf *o, const char *str)
{
    outbuf_json_span(o, str, strlen(str));
}

void outbuf_json_span(outbuf *o, const char *str, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    outbuf_char(o, '"');
    while (s < end) {
        if (*s == '"' || *s == '\\') {
            outbuf_char(o, '\\');
            outbuf_char(o, (char)*s++);
        } else if (*s < 0x20) {
            char esc[6] = {'\\', 'u', '0', '0', hex[*s >> 4], hex[*s & 15]};
            outbuf_write(o, esc, 6);
            s++;
        } else {
            size_t n = utf8_length(s, (size_t)(end - s));
            if (n == 0) {
                outbuf_str(o, "\\ufffd");
                s++;
            } else {
                outbuf_write(o, (const char *)s, n);
                s += n;
            }
        }
    }
    outbuf_char(o, '"');
}

int outbuf_flush(outbuf *o)
{
    /* In memory what was written is in mem already; after a failure, used counts bytes
     * dropped in data, and mem holds nothing whole. */
    if (o->fd == -1)
        o->mem_len = o->failed ? 0 : o->used;
    else
        outbuf_drain(o);
    return o->failed;
}

static ssize_t stream_write(void *cookie, const char *buf, size_t size)
{
    outbuf **target = cookie;
    outbuf_write(*target, buf, size);
    return (ssize_t)size;
}

FILE *outbuf_stream(outbuf **target)
{
    cookie_io_functions_t io = {NULL, stream_write, NULL, NULL};
    FILE *f = fopencookie(target, "w", io);
    if (f)
        setvbuf(f, NULL, _IOFBF, 1 << 16);
    return f;
}
