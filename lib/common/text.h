/* Joining strings into a fixed buffer without printf's format parsing: the arithmetic line is
 * built for every computation, so it is on the hot path. And copying a CSV field trimmed.
 * Internal. */
#ifndef MED_TEXT_H
#define MED_TEXT_H
#include <stddef.h>

/* Writes the concatenation of the strings (the list ends with NULL) into buf, truncating to
 * cap - 1 bytes; always NUL-terminates when cap > 0. */
void med__join(char *buf, size_t cap, ...);

/* Copies `src` without surrounding spaces and tabs into dst; -1 (dst unspecified) when it does
 * not fit in cap bytes. */
int med__copy_field(char *dst, size_t cap, const char *src);
/* The same for the `len` bytes at src (a field that is not a C string). */
int med__copy_span(char *dst, size_t cap, const char *src, size_t len);

/* ASCII letters and digits, and ASCII lower case: what drug names and units are matched by,
 * whatever the process's locale (<ctype.h> reads the locale on every call, and may call a
 * byte above 127 a letter). */
static inline int med__ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static inline char med__ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

#endif
