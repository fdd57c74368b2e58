/* See text.h. */
#include "text.h"

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
