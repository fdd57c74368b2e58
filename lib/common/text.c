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
    while (*src == ' ' || *src == '\t')
        src++;
    size_t n = strlen(src);
    while (n && (src[n - 1] == ' ' || src[n - 1] == '\t'))
        n--;
    if (n >= cap)
        return -1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return 0;
}
