/* See text.h. */
#include "common/text.h"

#include <stdarg.h>
#include <string.h>

void med__join(char *buf, size_t cap, ...)
{
    va_list ap;
    size_t used = 0;
    if (cap == 0)
        return;
    va_start(ap, cap);
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *)) {
        size_t n = strlen(s);
        if (n > cap - 1 - used)
            n = cap - 1 - used;
        memcpy(buf + used, s, n);
        used += n;
    }
    va_end(ap);
    buf[used] = '\0';
}

int med__copy_field(char *dst, size_t cap, const char *src)
{
    return med__copy_span(dst, cap, src, strlen(src));
}

int med__copy_span(char *dst, size_t cap, const char *src, size_t len)
{
    while (len && (*src == ' ' || *src == '\t'))
        src++, len--;
    while (len && (src[len - 1] == ' ' || src[len - 1] == '\t'))
        len--;
    if (len >= cap)
        return -1;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return 0;
}
